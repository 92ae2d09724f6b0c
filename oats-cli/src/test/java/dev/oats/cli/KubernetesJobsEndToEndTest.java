package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.runner.RunListener;
import dev.oats.runner.kubernetes.KubernetesRunner;
import dev.oats.runner.kubernetes.KubernetesRunnerConfig;
import dev.oats.server.wiring.OatsServer;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import dev.oats.testkit.TokenReviewApi;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Investigations through the Job path, end to end: the real server with the Kubernetes runner on
 * the mock API server, a fake kubelet that runs the real {@code oats agent} with the Job's
 * environment, and the agent delivering its events back over HTTP.
 */
class KubernetesJobsEndToEndTest {

  private static final String NAMESPACE = "oats";
  private static final String API_KEY = "e2e-api-key-0123456789";
  private static final Duration WAIT = Duration.ofSeconds(20);

  static CrudApiServer api;
  static TokenReviewApi tokenReviews;
  static KubernetesMockServer server;
  static KubernetesClient client;

  @TempDir static Path dir;

  private static FakeAnthropicServer model;
  private static OatsServer oats;
  private static FakeKubelet kubelet;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startTheServerAndTheCluster() throws IOException {
    TokenReviewApi[] reviews = new TokenReviewApi[1];
    api = new CrudApiServer(responses -> reviews[0] = new TokenReviewApi(responses));
    tokenReviews = reviews[0];
    server = api.server;
    client = api.client;
    model = FakeAnthropicServer.start();
    model.expectApiKey("sk-ant-from-the-secret-0123456789");
    client
        .secrets()
        .inNamespace(NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("oats-api-keys")
                .endMetadata()
                .addToData(
                    "anthropic-api-key",
                    Base64.getEncoder()
                        .encodeToString(
                            "sk-ant-from-the-secret-0123456789".getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
    oats = startServer(dir.resolve("data"));
    kubelet =
        new FakeKubelet(
            client,
            tokenReviews,
            NAMESPACE,
            dir.resolve("pods"),
            "http://127.0.0.1:" + oats.port());
  }

  static OatsServer startServer(Path dataDir) throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_RUNNER", "kubernetes");
    env.put("OATS_HOST", "127.0.0.1");
    env.put("OATS_PORT", "0");
    env.put("OATS_DATA_DIR", dataDir.toString());
    env.put("OATS_API_KEYS", API_KEY);
    env.put("OATS_JOB_NAMESPACE", NAMESPACE);
    env.put("OATS_MAX_TURNS", "2");
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("OATS_AGENT_REPORT_GRACE_SECONDS", "1");
    // A Job's agent waits this long for a decision on a held call before its run parks.
    env.put("OATS_APPROVAL_WAIT_SECONDS", "8");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    return OatsServer.start(
        env,
        System.out,
        request ->
            new KubernetesRunner(
                client,
                KubernetesRunnerConfig.from(request.environment()),
                new TellingEnds(request.service()),
                request.service()::issueEventToken));
  }

  /** The ends the runner told the server of, by investigation, each once the server took it. */
  private static final Map<String, List<String>> runnerEnds = new ConcurrentHashMap<>();

  /** The server's listener, noting each end the runner tells it after the server has taken it. */
  private record TellingEnds(RunListener server) implements RunListener {

    @Override
    public void event(String investigationId, String runId, RecordedEvent event) {
      server.event(investigationId, runId, event);
    }

    @Override
    public List<RecordedEvent> history(String investigationId) {
      return server.history(investigationId);
    }

    @Override
    public void ended(String investigationId, InvestigationStatus status, String reason) {
      server.ended(investigationId, status, reason);
      runnerEnds
          .computeIfAbsent(investigationId, id -> new CopyOnWriteArrayList<>())
          .add(status + ": " + reason);
    }

    @Override
    public List<InvestigationRecord> active() {
      return server.active();
    }
  }

  /**
   * Waits until the runner, judging the investigation's finished Job, has told the server that it
   * ended without a report: what would fail an investigation whose agent had not already ended it.
   */
  private static void awaitRunnerJudgedTheJob(String id) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (runnerEnds.getOrDefault(id, List.of()).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the runner never judged the finished Job of " + id);
      }
      Thread.sleep(20);
    }
    assertThat(runnerEnds.get(id)).first().asString().startsWith("FAILED: ");
  }

  @AfterAll
  static void stopEverything() {
    kubelet.close();
    oats.close();
    model.close();
    api.close();
  }

  @Test
  void anInvestigationRunsAsAJobAndItsEventsReachTheServer() throws Exception {
    String goal = "What is 2+2? (job path)";
    kubelet.when(goal, FakeKubelet.Behaviour.RUN_AGENT);
    model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"answer: 4\"}").withText("Parse it."),
        ScriptedReply.toolCall("finish", "{\"result\": \"## Answer\\n2+2 = 4\"}"));

    HttpResponse<String> submitted = submit(goal);

    assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
    JsonNode answer = json(submitted);
    String id = answer.path("job_id").asText();
    String jobName = answer.path("job_name").asText();
    assertThat(jobName).matches("oats-agent-run-[0-9a-f]{8}");
    assertThat(answer.path("command_to_check_logs").asText())
        .isEqualTo("kubectl logs -f job/" + jobName + " -n oats");

    JsonNode done = awaitStatus(id, s -> s.equals("succeeded"));
    assertThat(done.path("report").asText()).isEqualTo("## Answer\n2+2 = 4");
    assertThat(done.path("turns").asInt()).isEqualTo(2);

    FakeKubelet.AgentRun run = kubelet.run(jobName, WAIT);
    assertThat(run.result().exitCode()).as(run.result().err()).isZero();
    assertThat(run.result().out()).contains("Goal achieved in 2 turns.").contains("2+2 = 4");
    assertThat(run.environment())
        .containsEntry("OATS_INVESTIGATION_ID", id)
        .containsEntry("ANTHROPIC_API_KEY", "sk-ant-from-the-secret-0123456789")
        .containsKey("OATS_EVENT_TOKEN_FILE")
        .doesNotContainKey("OATS_EVENT_TOKEN")
        .doesNotContainKey("OPENAI_API_KEY");
    // The default: the agent delivered with its pod's projected token, no token Secret was made.
    assertThat(client.secrets().inNamespace(NAMESPACE).withName(jobName + "-token").get()).isNull();
    assertThat(tokenReviews.reviews.get()).isPositive();

    List<JsonNode> events = events(id);
    assertThat(events)
        .extracting(e -> e.path("seq").asLong())
        .as("every event, once, in order")
        .containsExactlyElementsOf(range(1, events.size()));
    assertThat(types(events))
        .containsExactly(
            "started",
            "turn_started",
            "usage",
            "model_replied",
            "thought",
            "tool_call",
            "observation",
            "turn_started",
            "usage",
            "model_replied",
            "tool_call",
            "observation",
            "finished");
    assertThat(events.getFirst().path("event").path("goal").asText()).isEqualTo(goal);
    assertThat(events.get(6).path("event").path("tool").asText()).isEqualTo("yaml_parser");
    assertThat(events.getLast().path("event").path("result").asText())
        .isEqualTo("## Answer\n2+2 = 4");
    assertThat(model.requests()).allSatisfy(r -> assertThat(r.body().toString()).contains(goal));
  }

  @Test
  void aFollowUpRunsAsANewJobThatContinuesTheConversationFromTheServersLog() throws Exception {
    String goal = "Why is the cart slow? (job follow-up)";
    kubelet.when(goal, FakeKubelet.Behaviour.RUN_AGENT);
    model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"replicas: 1\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"One replica only.\"}"));
    JsonNode submitted = json(submit(goal));
    String id = submitted.path("job_id").asText();
    String firstJob = submitted.path("job_name").asText();
    awaitStatus(id, s -> s.equals("succeeded"));
    model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"Scale it to 3.\"}"));

    HttpResponse<String> asked =
        post("/investigations/" + id + "/messages", "{\"message\": \"how many should it have?\"}");

    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    JsonNode done =
        awaitStatus(id, s -> s.equals("succeeded") && report(id).equals("Scale it to 3."));
    String secondJob = done.path("job_name").asText();
    assertThat(secondJob).startsWith(firstJob + "-").isNotEqualTo(firstJob);
    FakeKubelet.AgentRun second = kubelet.run(secondJob, WAIT);
    assertThat(second.result().exitCode()).as(second.result().err()).isZero();
    assertThat(second.result().out()).contains("Continuing the conversation from the");
    assertThat(model.requests().getLast().body().toString())
        .as("the new Job's agent rebuilt the conversation from the server's events")
        .contains("replicas: 1")
        .contains("One replica only.")
        .contains("how many should it have?");
    List<JsonNode> events = events(id);
    assertThat(events)
        .extracting(e -> e.path("seq").asLong())
        .containsExactlyElementsOf(range(1, events.size()));
    assertThat(types(events))
        .containsSubsequence("finished", "follow_up_asked", "started", "finished");
  }

  @Test
  void aJobsHeldCallParksTheRunAndANewJobCarriesOutTheDecision() throws Exception {
    String goal = "Restart the cart (job approval)";
    kubelet.when(goal, FakeKubelet.Behaviour.RUN_AGENT);
    model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch restarted.txt\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"Restarted.\"}"));
    JsonNode submitted = json(submit(goal));
    String id = submitted.path("job_id").asText();
    awaitStatus(id, s -> s.equals("waiting_for_approval"));
    FakeKubelet.AgentRun parked = kubelet.run(submitted.path("job_name").asText(), WAIT);
    assertThat(parked.result().exitCode()).as("a parked run is not a failed Job").isZero();
    JsonNode waiting = get(oats, "/investigations/" + id).path("waiting_approvals").get(0);
    assertThat(waiting.path("command").asText()).isEqualTo("touch restarted.txt");
    awaitRunnerJudgedTheJob(id);
    assertThat(get(oats, "/investigations/" + id).path("status").asText())
        .as("the finished Job does not fail a parked investigation")
        .isEqualTo("waiting_for_approval");

    HttpResponse<String> decided =
        post(
            "/investigations/" + id + "/approvals/" + waiting.path("call_id").asText(),
            "{\"approve\": true}");

    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    JsonNode done = awaitStatus(id, s -> s.equals("succeeded"));
    assertThat(done.path("report").asText()).isEqualTo("Restarted.");
    List<JsonNode> events = events(id);
    JsonNode observation =
        events.stream()
            .map(e -> e.path("event"))
            .filter(e -> e.path("type").asText().equals("observation"))
            .findFirst()
            .orElseThrow();
    assertThat(observation.path("tool").asText()).isEqualTo("bash_executor");
    assertThat(observation.path("status").asText()).isEqualTo("success");
    assertThat(types(events))
        .containsSubsequence(
            "approval_required", "paused", "approval_decided", "observation", "finished");
  }

  @Test
  void aJobsAgentWaitsForADecisionMadeMeanwhileAndGoesOnInTheSameJob() throws Exception {
    String goal = "Restart the cart now (job approval, waiting)";
    kubelet.when(goal, FakeKubelet.Behaviour.RUN_AGENT);
    model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch now.txt\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"Restarted now.\"}"));
    JsonNode submitted = json(submit(goal));
    String id = submitted.path("job_id").asText();
    String job = submitted.path("job_name").asText();
    awaitStatus(id, s -> s.equals("waiting_for_approval"));
    JsonNode waiting = get(oats, "/investigations/" + id).path("waiting_approvals").get(0);

    HttpResponse<String> decided =
        post(
            "/investigations/" + id + "/approvals/" + waiting.path("call_id").asText(),
            "{\"approve\": true, \"reason\": \"go\"}");

    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    JsonNode done = awaitStatus(id, s -> s.equals("succeeded"));
    assertThat(done.path("report").asText()).isEqualTo("Restarted now.");
    assertThat(done.path("job_name").asText()).as("no second Job").isEqualTo(job);
    FakeKubelet.AgentRun run = kubelet.run(job, WAIT);
    assertThat(run.result().exitCode()).as(run.result().err()).isZero();
    assertThat(types(events(id)))
        .containsSubsequence("approval_required", "approval_decided", "observation", "finished")
        .doesNotContain("paused");
  }

  private static String report(String id) {
    try {
      return get(oats, "/investigations/" + id).path("report").asText();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anAgentThatRunsOutOfTurnsFailsWithItsOwnReason() throws Exception {
    String goal = "Loop until the turns run out (job path)";
    kubelet.when(goal, FakeKubelet.Behaviour.RUN_AGENT);
    model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"a: 1\"}"),
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"b: 2\"}"));

    String id = json(submit(goal)).path("job_id").asText();

    JsonNode done = awaitStatus(id, s -> s.equals("failed"));
    // The reason first, then the partial report of what was looked at.
    assertThat(done.path("failure_reason").asText())
        .startsWith("Max turns reached: used all 2 turns without calling finish.")
        .contains("Partial report");
    assertThat(kubelet.run(done.path("job_name").asText(), WAIT).result().exitCode()).isEqualTo(1);
    List<JsonNode> events = events(id);
    assertThat(events.getLast().path("event").path("kind").asText()).isEqualTo("MAX_TURNS");
    awaitRunnerJudgedTheJob(id);
    assertThat(events(id)).as("the failed Job adds nothing after the grace").hasSameSizeAs(events);
  }

  @Test
  void aJobKilledBeforeItReportsFailsWithWhatKubernetesSaw() throws Exception {
    String goal = "Use too much memory (job path)";
    kubelet.when(goal, FakeKubelet.Behaviour.OOM_KILL);

    String id = json(submit(goal)).path("job_id").asText();

    JsonNode done = awaitStatus(id, s -> s.equals("failed"));
    assertThat(done.path("failure_reason").asText())
        .startsWith("the agent's container was OOMKilled (exit code 137)")
        .contains("limit of 1Gi")
        .contains("BackoffLimitExceeded");
    assertThat(types(events(id))).containsExactly("failed");
  }

  @Test
  void aForbiddenJobCreationFailsTheInvestigationSayingWhichPermissionIsMissing() throws Exception {
    server
        .expect()
        .post()
        .withPath("/apis/batch/v1/namespaces/oats/jobs")
        .andReturn(
            403,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "jobs.batch is forbidden: User \"system:serviceaccount:oats:oats\" cannot"
                        + " create resource \"jobs\" in API group \"batch\" in the namespace"
                        + " \"oats\"")
                .build())
        .once();
    String goal = "Is anything allowed? (job path)";

    HttpResponse<String> response = submit(goal);

    // Answered once stored and claimed; the Job is made after, and its refusal ends it.
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    awaitStatus(json(response).path("job_id").asText(), s -> s.equals("failed"));
    JsonNode stored = find(goal);
    assertThat(stored.path("status").asText()).isEqualTo("failed");
    assertThat(stored.path("failure_reason").asText())
        .startsWith("could not start: the server's service account may not create Jobs");
  }

  @Test
  void cancellingDeletesTheJob() throws Exception {
    String goal = "Wait for a node (job path)";
    kubelet.when(goal, FakeKubelet.Behaviour.HANG);
    JsonNode submitted = json(submit(goal));
    String id = submitted.path("job_id").asText();
    String jobName = submitted.path("job_name").asText();
    awaitStarted(oats, id, jobName);

    HttpResponse<String> cancelled = post("/investigations/" + id + "/cancel", "");

    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    JsonNode done = awaitStatus(id, s -> s.equals("cancelled"));
    assertThat(done.path("failure_reason").asText()).isEqualTo("Cancelled by a user.");
    assertThat(job(jobName)).isNull();
  }

  @Test
  void aRestartedServerFailsTheInvestigationsWhoseJobIsGone() throws Exception {
    Path data = dir.resolve("restarted");
    String gone = "Lose my Job (job path)";
    String kept = "Keep my Job (job path)";
    kubelet.when(gone, FakeKubelet.Behaviour.HANG);
    kubelet.when(kept, FakeKubelet.Behaviour.HANG);
    String goneId;
    String keptId;
    String goneJob;
    try (OatsServer first = startServer(data)) {
      JsonNode a = json(submit(first, gone));
      goneId = a.path("job_id").asText();
      goneJob = a.path("job_name").asText();
      JsonNode b = json(submit(first, kept));
      keptId = b.path("job_id").asText();
      awaitStarted(first, goneId, goneJob);
      awaitStarted(first, keptId, b.path("job_name").asText());
    }
    client.batch().v1().jobs().inNamespace(NAMESPACE).withName(goneJob).delete();

    try (OatsServer second = startServer(data)) {
      JsonNode failed = get(second, "/investigations/" + goneId);
      assertThat(failed.path("status").asText()).isEqualTo("failed");
      assertThat(failed.path("failure_reason").asText())
          .isEqualTo("its Job " + goneJob + " no longer exists (server restarted)");
      // Recovery is done once the server starts: what it ends, it has ended by now. That the
      // reviewer goes on leaving a running Job alone is KubernetesRunnerTest's (on its clock).
      assertThat(get(second, "/investigations/" + keptId).path("status").asText())
          .isEqualTo("running");
      assertThat(runnerEnds).doesNotContainKey(keptId).containsKey(goneId);
    }
  }

  /**
   * Waits for a Job's start to be done: its run takes its pod's projected token (the default {@code
   * OATS_AGENT_AUTH=pod-token}) once the start has stored the run's token, its last step.
   */
  private static void awaitStarted(OatsServer server, String id, String jobName) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      String token = kubelet.podToken(jobName);
      if (token != null) {
        HttpRequest request =
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + server.port()
                            + "/internal/investigations/"
                            + id
                            + "/events"))
                .header("Authorization", "Bearer " + token)
                .build();
        if (http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          break;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Job " + jobName + " was never started");
      }
      Thread.sleep(20);
    }
    assertThat(job(jobName)).isNotNull();
  }

  private static io.fabric8.kubernetes.api.model.batch.v1.Job job(String name) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name).get();
  }

  private static HttpResponse<String> submit(String goal) throws Exception {
    return submit(oats, goal);
  }

  private static HttpResponse<String> submit(OatsServer to, String goal) throws Exception {
    String body = EventJson.write(Map.of("goal", goal, "target_namespace", "shop"));
    return send(to, "POST", "/investigate", body);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return send(oats, "POST", path, body);
  }

  private static HttpResponse<String> send(OatsServer to, String method, String path, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to.port() + path))
            .header("X-API-Key", API_KEY)
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode get(OatsServer from, String path) throws Exception {
    HttpResponse<String> response = send(from, "GET", path, null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return EventJson.MAPPER.readTree(response.body());
  }

  private static JsonNode awaitStatus(String id, Predicate<String> status) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode investigation;
    do {
      investigation = get(oats, "/investigations/" + id);
      if (status.test(investigation.path("status").asText())) {
        return investigation;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("investigation " + id + " is still " + investigation);
  }

  private static List<JsonNode> events(String id) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    get(oats, "/investigations/" + id + "/events").path("events").forEach(events::add);
    return events;
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("event").path("type").asText()).toList();
  }

  private static JsonNode find(String goal) throws Exception {
    JsonNode page =
        get(oats, "/investigations?q=" + URLEncoder.encode(goal, StandardCharsets.UTF_8));
    assertThat(page.path("items")).hasSize(1);
    return page.path("items").get(0);
  }

  private static List<Long> range(long from, long to) {
    List<Long> numbers = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      numbers.add(n);
    }
    return numbers;
  }
}
