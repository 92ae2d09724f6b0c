package dev.oats.cli;

import dev.oats.testkit.TokenReviewApi;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Plays the Job controller and the kubelet on the mock API server: for each agent Job created, it
 * makes the pod and, depending on the goal, runs the real {@code oats agent} entry point with
 * exactly the container's environment (secret references resolved from the Secrets in the mock
 * server, emptyDir mounts mapped to temporary folders, a projected service-account token issued by
 * the API server and written into its volume's folder), then records the pod's and the Job's end as
 * Kubernetes would.
 */
final class FakeKubelet implements AutoCloseable {

  /** What the pod of a Job does. */
  enum Behaviour {
    /** Runs {@code oats agent}; exit 0 completes the Job, exit 1 fails it. */
    RUN_AGENT,
    /** Is OOM-killed before the agent reports anything; the Job fails. */
    OOM_KILL,
    /** Stays pending, as if no node could take it. */
    HANG
  }

  /** One run of {@code oats agent} in a pod. */
  record AgentRun(Map<String, String> environment, CliRun result) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Path scratch;
  private final String serverUrl;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final Map<String, AgentRun> runs = new ConcurrentHashMap<>();
  private final Map<String, String> podTokens = new ConcurrentHashMap<>();
  private final TokenReviewApi tokens;
  private final Watch watch;

  /**
   * @param tokens the API server that issues (and reviews) the pods' projected tokens
   * @param serverUrl what the agent reaches the server at, in place of the Job's in-cluster URL
   */
  FakeKubelet(
      KubernetesClient client,
      TokenReviewApi tokens,
      String namespace,
      Path scratch,
      String serverUrl) {
    this.client = client;
    this.tokens = tokens;
    this.namespace = namespace;
    this.scratch = scratch;
    this.serverUrl = serverUrl;
    this.watch =
        client
            .batch()
            .v1()
            .jobs()
            .inNamespace(namespace)
            .watch(
                new Watcher<>() {
                  @Override
                  public void eventReceived(Action action, Job job) {
                    if (action == Action.ADDED) {
                      Thread.ofVirtual().start(() -> scheduleOrComplain(job));
                    }
                  }

                  @Override
                  public void onClose(WatcherException cause) {}
                });
  }

  /** The behaviour of the Job whose goal is this one. */
  void when(String goal, Behaviour behaviour) {
    behaviours.put(goal, behaviour);
  }

  /** The agent run of a Job, once it has ended. */
  AgentRun run(String jobName, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!runs.containsKey(jobName)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the agent of Job " + jobName + " did not end within " + within);
      }
      Thread.sleep(20);
    }
    return runs.get(jobName);
  }

  private void scheduleOrComplain(Job job) {
    try {
      schedule(job);
    } catch (RuntimeException e) {
      // A test waiting on this Job then times out; this says why.
      System.err.println("FakeKubelet could not run Job " + job.getMetadata().getName());
      e.printStackTrace();
    }
  }

  private void schedule(Job job) {
    Map<String, String> env = environment(job);
    Behaviour behaviour = behaviours.getOrDefault(env.get("OATS_GOAL"), Behaviour.HANG);
    Pod pod = createPod(job);
    switch (behaviour) {
      case HANG -> {}
      case OOM_KILL -> {
        containerTerminated(pod, "OOMKilled", 137);
        jobEnded(job, false);
      }
      case RUN_AGENT -> {
        podStatus(
            pod, "Running", new ContainerStateBuilder().withNewRunning().endRunning().build());
        CliRun result = CliRun.run(env, "agent");
        runs.put(job.getMetadata().getName(), new AgentRun(env, result));
        containerTerminated(pod, result.exitCode() == 0 ? "Completed" : "Error", result.exitCode());
        jobEnded(job, result.exitCode() == 0);
      }
    }
  }

  /**
   * The container's environment as the kubelet builds it, plus what the image itself sets (PATH);
   * the server's URL is the test server's, and mount paths point into this pod's scratch folders.
   */
  private Map<String, String> environment(Job job) {
    var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    Map<String, String> mounts = mounts(job.getMetadata().getName(), container.getVolumeMounts());
    Map<String, String> env = new HashMap<>();
    env.put("PATH", System.getenv("PATH"));
    for (EnvVar variable : container.getEnv()) {
      String value =
          variable.getValueFrom() == null
              ? variable.getValue()
              : fromSecret(variable.getValueFrom().getSecretKeyRef());
      if (value != null) {
        env.put(variable.getName(), inScratch(mounts, value));
      }
    }
    env.put("OATS_SERVER_URL", serverUrl);
    return env;
  }

  /** A path in the container as the path in this pod's scratch folders, if it is in a mount. */
  private static String inScratch(Map<String, String> mounts, String value) {
    for (Map.Entry<String, String> mount : mounts.entrySet()) {
      if (value.equals(mount.getKey())) {
        return mount.getValue();
      }
      if (value.startsWith(mount.getKey() + "/")) {
        return mount.getValue() + value.substring(mount.getKey().length());
      }
    }
    return value;
  }

  private Map<String, String> mounts(String jobName, Iterable<VolumeMount> volumeMounts) {
    Map<String, String> mounts = new HashMap<>();
    for (VolumeMount mount : volumeMounts) {
      Path folder = scratch.resolve(jobName).resolve(mount.getName());
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      mounts.put(mount.getMountPath(), folder.toString());
    }
    return mounts;
  }

  /**
   * A missing optional key leaves the variable unset; a missing required one cannot start. A
   * required Secret not there yet is waited for a while, as a kubelet retries: the server creates a
   * Job's token Secret just after the Job.
   */
  private String fromSecret(SecretKeySelector ref) {
    Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (secret == null
        && !Boolean.TRUE.equals(ref.getOptional())
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
    }
    String value = null;
    if (secret != null && secret.getData() != null && secret.getData().get(ref.getKey()) != null) {
      value =
          new String(
              Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
              StandardCharsets.UTF_8);
    } else if (secret != null && secret.getStringData() != null) {
      value = secret.getStringData().get(ref.getKey());
    }
    if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
      throw new IllegalStateException(
          "CreateContainerConfigError: key " + ref.getKey() + " of Secret " + ref.getName());
    }
    return value;
  }

  private Pod createPod(Job job) {
    var template = job.getSpec().getTemplate();
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(job.getMetadata().getName() + "-" + Long.toHexString(System.nanoTime()))
            .withNamespace(namespace)
            .withUid(UUID.randomUUID().toString())
            .withLabels(template.getMetadata().getLabels())
            .addToLabels("job-name", job.getMetadata().getName())
            .withCreationTimestamp(Instant.now().toString())
            .endMetadata()
            .withSpec(template.getSpec())
            .build();
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    projectTokens(job, created);
    podStatus(
        created,
        "Pending",
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason("ContainerCreating")
            .endWaiting()
            .build());
    return created;
  }

  /**
   * Writes each projected service-account token the pod asks for into its volume's folder, issued
   * by the API server for this pod (name and uid), its service account and the volume's audience,
   * as the kubelet does with a TokenRequest.
   */
  private void projectTokens(Job job, Pod pod) {
    var spec = job.getSpec().getTemplate().getSpec();
    String jobName = job.getMetadata().getName();
    for (Volume volume : spec.getVolumes()) {
      if (volume.getProjected() == null) {
        continue;
      }
      for (VolumeProjection source : volume.getProjected().getSources()) {
        ServiceAccountTokenProjection projection = source.getServiceAccountToken();
        if (projection == null) {
          continue;
        }
        String token =
            tokens.issue(
                new TokenReviewApi.Issued(
                    projection.getAudience(),
                    "system:serviceaccount:" + namespace + ":" + spec.getServiceAccountName(),
                    pod.getMetadata().getName(),
                    pod.getMetadata().getUid()));
        Path file =
            scratch.resolve(jobName).resolve(volume.getName()).resolve(projection.getPath());
        try {
          Files.createDirectories(file.getParent());
          Files.writeString(file, token);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        podTokens.put(jobName, token);
      }
    }
  }

  /** The projected token the pod of this Job was given, once its pod exists; else null. */
  String podToken(String jobName) {
    return podTokens.get(jobName);
  }

  private void containerTerminated(Pod pod, String reason, int exitCode) {
    podStatus(
        pod,
        exitCode == 0 ? "Succeeded" : "Failed",
        new ContainerStateBuilder()
            .withNewTerminated()
            .withReason(reason)
            .withExitCode(exitCode)
            .endTerminated()
            .build());
  }

  private void podStatus(Pod pod, String phase, ContainerState state) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withNewStatus()
                    .withPhase(phase)
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName("oats-agent")
                            .withImage(pod.getSpec().getContainers().getFirst().getImage())
                            .withState(state)
                            .build())
                    .endStatus()
                    .build());
  }

  private void jobEnded(Job job, boolean succeeded) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(namespace)
        .withName(job.getMetadata().getName())
        .editStatus(
            j -> {
              j.setStatus(
                  new JobStatusBuilder()
                      .withSucceeded(succeeded ? 1 : 0)
                      .withFailed(succeeded ? 0 : 1)
                      .addToConditions(
                          new JobConditionBuilder()
                              .withType(succeeded ? "Complete" : "Failed")
                              .withStatus("True")
                              .withReason(succeeded ? null : "BackoffLimitExceeded")
                              .withMessage(
                                  succeeded ? null : "Job has reached the specified backoff limit")
                              .build())
                      .build());
              return j;
            });
  }

  @Override
  public void close() {
    watch.close();
  }
}
