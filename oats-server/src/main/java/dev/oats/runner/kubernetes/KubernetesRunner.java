package dev.oats.runner.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.runner.JobNames;
import dev.oats.runner.RunListener;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerException;
import dev.oats.runner.RunnerRequest;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.telemetry.JobTrace;
import dev.oats.telemetry.Telemetry;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobList;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each investigation as a Kubernetes Job, {@code oats-agent-run-<8 hex>}, whose agent delivers
 * its events to this server over HTTP with a token of its own. Each later run of the investigation
 * (a follow-up question, or a run resumed after an approval) is a new Job, {@code oats-agent-run-<8
 * hex>-<n>}, whose agent reads the investigation's log back with its token and continues the
 * conversation.
 *
 * <p>The runner also watches its Jobs and their pods, because an agent that is OOM-killed, evicted,
 * stopped at its deadline or never started cannot say so itself: such an investigation is ended as
 * failed with what Kubernetes reports. All of that judging happens on one thread, from the
 * informers' caches, so it costs no API calls.
 *
 * <p>With several server replicas, one of them watches and judges (the {@link ReviewerElection}
 * leader), for the Jobs every replica started: it adopts the running ones from the store. The
 * others only create and delete Jobs.
 */
public final class KubernetesRunner implements Runner {

  private static final Logger log = LoggerFactory.getLogger(KubernetesRunner.class);
  private static final Duration REVIEW_EVERY = Duration.ofSeconds(1);
  private static final String BY_INVESTIGATION = "investigation";

  /** How often the reviewing replica looks in the store for Jobs other replicas started. */
  private static final Duration ADOPT_EVERY = Duration.ofSeconds(5);

  /** How long a Job just created may be missing from the watch cache before it counts as gone. */
  static final Duration MISSING_GRACE = Duration.ofSeconds(15);

  private final KubernetesClient client;
  private final boolean ownsClient;
  private final KubernetesRunnerConfig config;
  private final RunListener listener;
  private final Function<String, String> tokens;
  private final Clock clock;
  private final Map<String, Watched> watched = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reviewer;
  private final Telemetry telemetry;
  // Present only while this replica reviews; guarded by watching.
  private volatile SharedIndexInformer<Job> jobs;
  private volatile SharedIndexInformer<Pod> pods;
  private ScheduledFuture<?> reviews;
  private final Object watching = new Object();
  private volatile boolean closed;
  private volatile Instant adoptedAt = Instant.EPOCH;
  private volatile ReviewerElection election;
  private final PodTokenReviewer podTokens;
  private static final ObjectMapper TREES = new ObjectMapper();
  // The agent Job's JSON template (null: each Job built and serialised by fabric8), and where to
  // post it.
  private final AgentJobJson jobJson;
  private final String jobsUrl;
  private volatile Consumer<Judgment> judged = judgment -> {};

  /**
   * One review of an investigation's Job, told once whatever it decided is done (the listener told
   * of an end, the Job deleted): what tests wait on before they check that nothing ended.
   *
   * @param verdict null while the Job is not in the watch cache
   * @param pods the Job's pods as the watch cache had them
   * @param at the runner's clock when it judged
   */
  record Judgment(String investigationId, JobVerdict verdict, List<Pod> pods, Instant at) {}

  /**
   * A Job this runner waits on.
   *
   * @param since when the runner started waiting
   * @param settleAt once the Job is over: when the agent's silence counts as not reporting
   */
  private record Watched(String jobName, Instant since, Instant settleAt) {
    Watched settlingAt(Instant at) {
      return new Watched(jobName, since, at);
    }
  }

  /**
   * A runner over a client the caller keeps and closes (a test's mock API server, say).
   *
   * @param tokens issues an investigation's event token (and keeps its hash for checking)
   */
  public KubernetesRunner(
      KubernetesClient client,
      KubernetesRunnerConfig config,
      RunListener listener,
      Function<String, String> tokens) {
    this(client, config, listener, tokens, Telemetry.disabled());
  }

  /**
   * A runner over a client the caller keeps, whose Jobs continue the server's traces.
   *
   * @param telemetry the server's tracing: a span around each Job's start, whose context the Job's
   *     agent continues
   */
  public KubernetesRunner(
      KubernetesClient client,
      KubernetesRunnerConfig config,
      RunListener listener,
      Function<String, String> tokens,
      Telemetry telemetry) {
    this(client, false, config, listener, tokens, Clock.systemUTC(), telemetry, false);
    lead();
  }

  KubernetesRunner(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesRunnerConfig config,
      RunListener listener,
      Function<String, String> tokens,
      Clock clock) {
    this(client, ownsClient, config, listener, tokens, clock, Telemetry.disabled(), false);
    lead();
  }

  /**
   * A runner that watches nothing until {@link #lead} and holds no event tokens: it makes Jobs
   * ({@link #createJob(InvestigationRecord)}) as a server's runner does, and no more. The
   * control-plane benchmark's ceiling ({@code JobCreateCeiling}) drives it with nothing else.
   */
  static KubernetesRunner unled(
      KubernetesClient client, KubernetesRunnerConfig config, RunListener listener) {
    return new KubernetesRunner(
        client, false, config, listener, id -> null, Clock.systemUTC(), Telemetry.disabled(), true);
  }

  /**
   * @param elected whether it waits for {@link #lead} (from an election) before watching
   */
  private KubernetesRunner(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesRunnerConfig config,
      RunListener listener,
      Function<String, String> tokens,
      Clock clock,
      Telemetry telemetry,
      boolean elected) {
    this.client = client;
    this.telemetry = telemetry;
    this.ownsClient = ownsClient;
    this.config = config;
    this.listener = listener;
    this.tokens = tokens;
    this.clock = clock;
    this.reviewer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("oats-job-watch").daemon().factory());
    this.podTokens =
        new PodTokenReviewer(client, config, this::cachedPod, this::podsWatched, clock);
    this.jobJson = AgentJobJson.of(config, client.getKubernetesSerialization());
    String master = client.getMasterUrl().toString();
    this.jobsUrl =
        (master.endsWith("/") ? master : master + "/")
            + "apis/batch/v1/namespaces/"
            + config.jobNamespace()
            + "/jobs";
    if (jobJson == null) {
      log.info("The agent Job's JSON template did not render as fabric8 does: Jobs are built");
    }
  }

  /** Whether this replica's watch cache holds every agent pod (it watches, and has listed them). */
  private boolean podsWatched() {
    SharedIndexInformer<Pod> watched = this.pods;
    return watched != null && watched.hasSynced();
  }

  /** The pod of that name from the watch cache, when this replica watches; else null. */
  private Pod cachedPod(String name) {
    SharedIndexInformer<Pod> watched = this.pods;
    return watched == null ? null : watched.getStore().getByKey(config.jobNamespace() + "/" + name);
  }

  /**
   * With {@code OATS_AGENT_AUTH=pod-token}: whether the token is the projected token of a pod of
   * this investigation's Job, as a (cached) TokenReview says.
   */
  @Override
  public boolean authorisesAgent(String investigationId, String token) {
    return config.podTokens() && podTokens.authorises(investigationId, token);
  }

  /**
   * The runner for {@code OATS_RUNNER=kubernetes}: a client configured from the pod's service
   * account in a cluster, else from the kubeconfig, with short timeouts so that an unreachable API
   * fails a request within seconds.
   */
  public static KubernetesRunner create(RunnerRequest request) {
    KubernetesRunnerConfig config = KubernetesRunnerConfig.from(request.config());
    Config kube = Config.autoConfigure(null);
    kube.setConnectionTimeout(5_000);
    kube.setRequestTimeout(30_000);
    kube.setRequestRetryBackoffLimit(2);
    // Submits create their Jobs in parallel; fabric8 would queue all but 5 at a time per host.
    kube.setMaxConcurrentRequestsPerHost(64);
    KubernetesClient client = new KubernetesClientBuilder().withConfig(kube).build();
    warmUp(client, config);
    if (config.podTokens()) {
      PodTokenReviewer.requirePermission(client);
    }
    log.info(
        "Investigations run as Jobs of image {} in namespace {} of {}; agents report to {}",
        config.agentImage(),
        config.jobNamespace(),
        client.getMasterUrl(),
        config.serverUrl());
    return elected(
        client,
        true,
        config,
        request.service(),
        request.service()::issueEventToken,
        request.service().replicaId(),
        ReviewerElection.Timing.DEFAULT,
        request.telemetry());
  }

  /**
   * Builds the client's JSON (de)serialisers of what the runner sends and reads, here, before the
   * server takes requests. Built lazily, they are built on the HTTP client's event loops at the
   * first Job create and informer list: seconds of class loading and reflection over the model
   * (more on a busy machine) during which every API answer on those loops waits.
   */
  static void warmUp(KubernetesClient client, KubernetesRunnerConfig config) {
    long began = System.nanoTime();
    KubernetesSerialization json = client.getKubernetesSerialization();
    InvestigationRecord sample =
        InvestigationRecord.pending("warm-up", "default", "kubernetes", 1, Instant.now());
    sample = sample.withJobName(JobNames.of(sample.id()));
    Job job = AgentJobSpec.job(config, sample, Map.of());
    json.unmarshal(json.asJson(job), Job.class);
    json.unmarshal(
        json.asJson(AgentJobSpec.tokenSecret(sample, config.jobNamespace(), "warm-up", job)),
        Secret.class);
    for (Class<?> type :
        List.of(
            JobList.class,
            Pod.class,
            PodList.class,
            Status.class,
            WatchEvent.class,
            io.fabric8.kubernetes.api.model.coordination.v1.Lease.class)) {
      json.unmarshal("{}", type);
    }
    json.convertValue(new ListOptionsBuilder().withWatch(true).build(), Map.class);
    log.debug("Kubernetes client warmed up in {} ms", (System.nanoTime() - began) / 1_000_000);
  }

  /**
   * A runner that watches and reviews the Jobs only while it leads the {@link ReviewerElection}
   * among the server replicas.
   *
   * @param identity this replica's name in the election's Lease
   */
  static KubernetesRunner elected(
      KubernetesClient client,
      boolean ownsClient,
      KubernetesRunnerConfig config,
      RunListener listener,
      Function<String, String> tokens,
      String identity,
      ReviewerElection.Timing timing,
      Telemetry telemetry) {
    KubernetesRunner runner =
        new KubernetesRunner(
            client, ownsClient, config, listener, tokens, Clock.systemUTC(), telemetry, true);
    runner.election =
        new ReviewerElection(
                client, config.jobNamespace(), identity, timing, runner::lead, runner::standBy)
            .start();
    return runner;
  }

  /**
   * Starts watching and reviewing the agent Jobs: at once for a runner alone, when elected for one
   * of several replicas. The running investigations other replicas started are adopted from the
   * store.
   */
  public void lead() {
    synchronized (watching) {
      if (jobs != null || closed) {
        return;
      }
      SharedIndexInformer<Job> jobInformer =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(config.jobNamespace())
              .withLabel(AgentJobSpec.NAME_LABEL, AgentJobSpec.CONTAINER)
              .runnableInformer(0);
      SharedIndexInformer<Pod> podInformer =
          client
              .pods()
              .inNamespace(config.jobNamespace())
              .withLabel(AgentJobSpec.NAME_LABEL, AgentJobSpec.CONTAINER)
              .runnableInformer(0);
      podInformer.addIndexers(Map.of(BY_INVESTIGATION, pod -> listOf(investigationOf(pod))));
      jobs = jobInformer;
      pods = podInformer;
      adoptedAt = Instant.EPOCH;
      startWatching(jobInformer, podInformer);
    }
  }

  /** Stops watching: another replica reviews now. Jobs this one starts are adopted there. */
  public void standBy() {
    synchronized (watching) {
      if (reviews != null) {
        reviews.cancel(false);
        reviews = null;
      }
      if (jobs != null) {
        jobs.stop();
        pods.stop();
        jobs = null;
        pods = null;
      }
    }
  }

  /** Tells the observer of every review from now on (one at a time: the reviewer's thread). */
  void onJudged(Consumer<Judgment> observer) {
    judged = observer;
  }

  /** The reviewer this replica last found in the election's Lease; null before, or when alone. */
  String leaderSeen() {
    ReviewerElection current = election;
    return current == null ? null : current.leaderSeen();
  }

  /** Whether this runner watches and reviews the agent Jobs now. */
  public boolean reviewing() {
    return jobs != null;
  }

  private void startWatching(SharedIndexInformer<Job> jobs, SharedIndexInformer<Pod> pods) {
    for (SharedIndexInformer<? extends HasMetadata> informer : List.of(jobs, pods)) {
      informer.addEventHandler(new ReviewOnChange());
      informer.exceptionHandler(
          (started, failure) -> {
            log.warn(
                "Watching agent {}s in namespace {} failed, retrying: {}",
                informer.getApiTypeClass().getSimpleName(),
                config.jobNamespace(),
                failure.toString());
            return true;
          });
      informer.start();
    }
    reviews =
        reviewer.scheduleWithFixedDelay(
            this::reviewAll,
            REVIEW_EVERY.toMillis(),
            REVIEW_EVERY.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public boolean startsRemotely() {
    return true;
  }

  /**
   * Creates the Job, then (unless agents use their pod tokens) its token Secret already owned by
   * it: one or two API round trips, no read and no patch. The pod cannot start its agent before the
   * Secret exists; the kubelet retries until it does, which is well within the start grace. The
   * event token is issued only once the Job exists, so an investigation claimed as running with no
   * token for its run never had its Job created.
   */
  @Override
  public void start(InvestigationRecord record) throws RunnerException {
    try (JobTrace trace =
        telemetry.startJob(record.id(), record.jobName(), config.jobNamespace())) {
      try {
        start(record, trace.environment());
      } catch (RunnerException e) {
        trace.failed(e.getMessage());
        throw e;
      }
    }
  }

  private void start(InvestigationRecord record, Map<String, String> traced)
      throws RunnerException {
    String namespace = config.jobNamespace();
    Job job;
    try {
      job = createJob(record, traced);
    } catch (KubernetesClientException e) {
      job = e.getCode() == 409 ? ownJob(record) : null;
      if (job == null) {
        throw failure("create Jobs", record.jobName(), e);
      }
      // A start cut short by a restart made this Job: it goes on with its token.
      log.info("Job {} of investigation {} already exists", record.jobName(), record.id());
    }
    if (job == null) {
      // Seen when the client is closed while the create is on its way.
      throw new RunnerException(
          "the Kubernetes API at %s answered the create of Job %s with no Job"
              .formatted(client.getMasterUrl(), record.jobName()),
          true,
          null);
    }
    watched.put(record.id(), new Watched(record.jobName(), clock.instant(), null));
    if (config.podTokens()) {
      // The agent proves itself with its pod's own token: no Secret to write. A token is still
      // issued (and thrown away, so nothing can present it) because the store takes a run with a
      // token as one whose Job exists, and requeues a claimed run without one after a restart.
      tokens.apply(record.id());
      log.info(
          "Investigation {} runs as Job {} in namespace {}",
          record.id(),
          record.jobName(),
          namespace);
      return;
    }
    Secret secret = AgentJobSpec.tokenSecret(record, namespace, tokens.apply(record.id()), job);
    try {
      client.secrets().inNamespace(namespace).resource(secret).create();
    } catch (KubernetesClientException e) {
      // Without its token the agent could never report: its Job goes.
      watched.remove(record.id());
      deleteJob(record.jobName());
      throw failure("create Secrets", secret.getMetadata().getName(), e);
    }
    log.info(
        "Investigation {} runs as Job {} in namespace {}",
        record.id(),
        record.jobName(),
        namespace);
  }

  /**
   * Creates the Job: with no trace context to pass on, from the JSON template ({@link
   * AgentJobJson}) through the client's own HTTP client (its authentication, retries and timeouts),
   * reading back only the created Job's name and uid; otherwise through fabric8's typed create.
   */
  /** Creates the investigation's Job as a start does when there is no trace context to pass on. */
  Job createJob(InvestigationRecord record) {
    return createJob(record, Map.of());
  }

  private Job createJob(InvestigationRecord record, Map<String, String> traced) {
    AgentJobJson template = jobJson;
    if (template == null || !traced.isEmpty()) {
      return client
          .batch()
          .v1()
          .jobs()
          .inNamespace(config.jobNamespace())
          .resource(AgentJobSpec.job(config, record, traced))
          .create();
    }
    HttpClient http = client.getHttpClient();
    HttpRequest request =
        http.newHttpRequestBuilder()
            .uri(jobsUrl)
            .post("application/json", template.json(record))
            .timeout(client.getConfiguration().getRequestTimeout(), TimeUnit.MILLISECONDS)
            .build();
    HttpResponse<String> response;
    try {
      response = http.sendAsync(request, String.class).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted while creating Job " + record.jobName(), e);
    } catch (ExecutionException e) {
      throw new KubernetesClientException(
          "creating Job " + record.jobName() + " failed: " + cause(e), e.getCause());
    }
    String body = response.body();
    if (response.code() >= 200 && response.code() < 300) {
      // Only what the runner reads of the created Job (its owner reference): no full mapping.
      JsonNode created = readTree(body);
      JsonNode metadata = created == null ? null : created.get("metadata");
      if (metadata == null) {
        return null;
      }
      Job job = new Job();
      job.setApiVersion("batch/v1");
      job.setKind("Job");
      job.setMetadata(
          new ObjectMetaBuilder()
              .withName(metadata.path("name").asText(record.jobName()))
              .withNamespace(config.jobNamespace())
              .withUid(metadata.path("uid").asText(null))
              .build());
      return job;
    }
    Status status = null;
    try {
      status = client.getKubernetesSerialization().unmarshal(body, Status.class);
    } catch (RuntimeException notAStatus) {
      // Below: the code and the body as they came.
    }
    if (status == null || status.getCode() == null) {
      status =
          new StatusBuilder()
              .withCode(response.code())
              .withStatus("Failure")
              .withMessage(body == null || body.isBlank() ? "HTTP " + response.code() : body)
              .build();
    }
    throw new KubernetesClientException(status);
  }

  private static JsonNode readTree(String body) {
    try {
      return body == null ? null : TREES.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
  }

  /** The run's Job as it exists, if it is this investigation's; null otherwise. */
  private Job ownJob(InvestigationRecord record) {
    try {
      Job job =
          client
              .batch()
              .v1()
              .jobs()
              .inNamespace(config.jobNamespace())
              .withName(record.jobName())
              .get();
      return job != null && record.id().equals(investigationOf(job)) ? job : null;
    } catch (KubernetesClientException e) {
      return null;
    }
  }

  private RunnerException failure(String action, String name, KubernetesClientException e) {
    String namespace = config.jobNamespace();
    int code = e.getCode();
    if (code == 401 || code == 403) {
      return new RunnerException(
          "the server's service account may not %s in namespace %s: %s"
              .formatted(action, namespace, apiMessage(e)),
          false,
          e);
    }
    if (code <= 0) {
      // No HTTP answer at all (fabric8 reports -1): refused, timed out, or no route.
      return new RunnerException(
          "cannot reach the Kubernetes API at %s: %s".formatted(client.getMasterUrl(), cause(e)),
          true,
          e);
    }
    if (code >= 500) {
      return new RunnerException(
          "the Kubernetes API at %s is unavailable (HTTP %d): %s"
              .formatted(client.getMasterUrl(), code, apiMessage(e)),
          true,
          e);
    }
    if (code == 409) {
      return new RunnerException(
          "%s already exists in namespace %s, left from another investigation or server"
              .formatted(name, namespace),
          false,
          e);
    }
    return new RunnerException(
        "the Kubernetes API refused to %s in namespace %s (HTTP %d): %s"
            .formatted(action, namespace, code, apiMessage(e)),
        false,
        e);
  }

  private static String apiMessage(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }

  /** The innermost cause says what happened on the wire (connection refused, a timeout). */
  private static String cause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /** Deletes the Job (its pod and token Secret go with it) and reports the cancellation. */
  @Override
  public void cancel(String investigationId) {
    Watched job = watched.remove(investigationId);
    deleteJob(job != null ? job.jobName() : JobNames.of(investigationId));
    listener.ended(investigationId, InvestigationStatus.CANCELLED, "Cancelled by a user.");
  }

  private void deleteJob(String jobName) {
    try {
      client
          .batch()
          .v1()
          .jobs()
          .inNamespace(config.jobNamespace())
          .withName(jobName)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND)
          .delete();
    } catch (KubernetesClientException e) {
      // The agent stops by itself once the server answers its next delivery with the end.
      log.warn("Could not delete Job {}: {}", jobName, e.getMessage());
    }
  }

  /**
   * Asks the API about each Job directly (the watch cache may not be filled yet): a missing Job
   * ends its investigation; the others are watched, and settled at once if they are already over.
   */
  @Override
  public void recover(List<InvestigationRecord> running) {
    for (InvestigationRecord record : running) {
      String jobName = record.jobName() != null ? record.jobName() : JobNames.of(record.id());
      Job job;
      try {
        job = client.batch().v1().jobs().inNamespace(config.jobNamespace()).withName(jobName).get();
      } catch (KubernetesClientException e) {
        log.warn("Cannot check Job {} now, watching it instead: {}", jobName, e.getMessage());
        watched.put(record.id(), new Watched(jobName, clock.instant(), null));
        continue;
      }
      if (job == null) {
        listener.ended(
            record.id(),
            InvestigationStatus.FAILED,
            "its Job " + jobName + " no longer exists (server restarted)");
      } else {
        watched.put(record.id(), new Watched(jobName, clock.instant(), null));
        reviewer.execute(() -> review(record.id()));
      }
    }
  }

  /** The seed's command: the agent's readable log, from its pod. */
  @Override
  public String logsCommand(InvestigationRecord record, String serverUrl) {
    return "kubectl logs -f job/" + record.jobName() + " -n " + config.jobNamespace();
  }

  private void reviewAll() {
    adoptEvery();
    watched.keySet().forEach(this::review);
  }

  /**
   * Watches the Jobs of running investigations that other replicas (or a previous leader) started.
   */
  private void adoptEvery() {
    Instant now = clock.instant();
    if (now.isBefore(adoptedAt.plus(ADOPT_EVERY))) {
      return;
    }
    adoptedAt = now;
    try {
      for (InvestigationRecord record : listener.active()) {
        if (name().equals(record.runner())) {
          String jobName = record.jobName() != null ? record.jobName() : JobNames.of(record.id());
          Watched current = watched.get(record.id());
          if (current == null || !current.jobName().equals(jobName)) {
            watched.put(record.id(), new Watched(jobName, now, null));
          }
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not read the running investigations to watch their Jobs: {}", e.toString());
    }
  }

  /** Runs on the reviewer thread only, so two reviews of one investigation never overlap. */
  private void review(String investigationId) {
    try {
      Watched job = watched.get(investigationId);
      if (job != null) {
        judge(investigationId, job);
      }
    } catch (RuntimeException e) {
      // A failure here must not stop the reviews of the other investigations.
      log.warn("Could not review the Job of investigation {}: {}", investigationId, e.toString());
    }
  }

  private void judge(String investigationId, Watched watching) {
    Instant now = clock.instant();
    SharedIndexInformer<Job> jobs = this.jobs;
    SharedIndexInformer<Pod> pods = this.pods;
    if (jobs == null || pods == null) {
      return;
    }
    Job job = jobs.getStore().getByKey(config.jobNamespace() + "/" + watching.jobName());
    List<Pod> itsPods = pods.getIndexer().byIndex(BY_INVESTIGATION, investigationId);
    if (job == null) {
      if (jobs.hasSynced() && watching.since().plus(MISSING_GRACE).isBefore(now)) {
        settle(
            investigationId,
            watching,
            "its Job " + watching.jobName() + " was deleted before the agent reported its result");
      }
      judged.accept(new Judgment(investigationId, null, itsPods, now));
      return;
    }
    JobVerdict verdict = JobVerdict.of(job, itsPods, now, config.startGrace());
    switch (verdict) {
      case JobVerdict.Running running -> {}
      case JobVerdict.Stuck stuck -> {
        settle(investigationId, watching, stuck.reason());
        deleteJob(watching.jobName());
      }
      case JobVerdict.Ended ended -> {
        Instant settleAt =
            watching.settleAt() != null ? watching.settleAt() : now.plus(config.reportGrace());
        if (now.isBefore(settleAt)) {
          watched.put(investigationId, watching.settlingAt(settleAt));
        } else {
          settle(investigationId, watching, ended.reason());
        }
      }
    }
    judged.accept(new Judgment(investigationId, verdict, itsPods, now));
  }

  /**
   * Ignored by the listener when the agent has already reported its end, as it normally has, or
   * parked its run for an approval. Only this Job stops being watched: a later run's Job may
   * already have taken its place.
   */
  private void settle(String investigationId, Watched watching, String reason) {
    listener.ended(investigationId, InvestigationStatus.FAILED, reason);
    watched.remove(investigationId, watching);
  }

  private static String investigationOf(HasMetadata resource) {
    Map<String, String> labels = resource.getMetadata().getLabels();
    return labels == null ? null : labels.get(AgentJobSpec.INVESTIGATION_LABEL);
  }

  private static List<String> listOf(String value) {
    return value == null ? List.of() : List.of(value);
  }

  @Override
  public void close() {
    synchronized (watching) {
      closed = true;
    }
    if (election != null) {
      election.close();
    }
    standBy();
    reviewer.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  /** Any change to an agent's Job or pod: look at that investigation now rather than next tick. */
  private final class ReviewOnChange implements ResourceEventHandler<HasMetadata> {

    @Override
    public void onAdd(HasMetadata resource) {
      reviewSoon(resource);
    }

    @Override
    public void onUpdate(HasMetadata before, HasMetadata after) {
      reviewSoon(after);
    }

    @Override
    public void onDelete(HasMetadata resource, boolean finalStateUnknown) {
      reviewSoon(resource);
    }

    private void reviewSoon(HasMetadata resource) {
      String id = investigationOf(resource);
      if (id != null && watched.containsKey(id) && !reviewer.isShutdown()) {
        reviewer.execute(() -> review(id));
      }
    }
  }
}
