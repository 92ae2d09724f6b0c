package dev.oats.runner.kubernetes;

import dev.oats.runner.JobNames;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerRequest;
import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/** Plays the Job controller and the kubelet against the mock API server, for runner tests. */
final class AgentCluster {

  static final String NAMESPACE = "oats";

  private final KubernetesClient client;

  AgentCluster(KubernetesClient client) {
    this.client = client;
  }

  /** A runner config for tests: the namespace fixed, graces as given, a few settings passed on. */
  static KubernetesRunnerConfig config(int reportGraceSeconds, int startGraceSeconds) {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_JOB_NAMESPACE", NAMESPACE);
    env.put("OATS_AGENT_REPORT_GRACE_SECONDS", Integer.toString(reportGraceSeconds));
    env.put("OATS_AGENT_START_GRACE_SECONDS", Integer.toString(startGraceSeconds));
    // The Secret per Job (pod tokens, the default, have PodTokenAuthTest and the end-to-end tests).
    env.put("OATS_AGENT_AUTH", "secret");
    return KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
  }

  /**
   * A server's runner factory: a Kubernetes runner over {@code client} (which the test keeps and
   * closes) that reports to the server it is made for, with that server's event tokens.
   */
  static Function<RunnerRequest, Runner> runners(
      KubernetesClient client, KubernetesRunnerConfig config) {
    return request ->
        new KubernetesRunner(client, config, request.service(), request.service()::issueEventToken);
  }

  static InvestigationRecord running(String goal) {
    Instant now = Instant.now();
    InvestigationRecord pending = InvestigationRecord.pending(goal, "shop", "kubernetes", 15, now);
    return pending.running("kubernetes", JobNames.of(pending.id()), now);
  }

  Job job(InvestigationRecord record) {
    return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(record.jobName()).get();
  }

  /** The Job's pod, as the Job controller makes it from the template. */
  Pod createPod(InvestigationRecord record, Instant createdAt) {
    Job job = job(record);
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(record.jobName() + "-x7k2p")
            .withNamespace(NAMESPACE)
            .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
            .addToLabels("job-name", record.jobName())
            .withCreationTimestamp(createdAt.toString())
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .build();
    return client.pods().inNamespace(NAMESPACE).resource(pod).create();
  }

  void containerTerminated(Pod pod, String reason, int exitCode, String message) {
    containerState(
        pod,
        "Failed",
        new ContainerStateBuilder()
            .withNewTerminated()
            .withReason(reason)
            .withExitCode(exitCode)
            .withMessage(message)
            .endTerminated()
            .build());
  }

  void containerWaiting(Pod pod, String reason, String message) {
    containerState(
        pod,
        "Pending",
        new ContainerStateBuilder()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .build());
  }

  private void containerState(
      Pod pod, String phase, io.fabric8.kubernetes.api.model.ContainerState state) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .withName(pod.getMetadata().getName())
        .editStatus(
            p ->
                new PodBuilder(p)
                    .withNewStatus()
                    .withPhase(phase)
                    .withContainerStatuses(
                        new ContainerStatusBuilder()
                            .withName(AgentJobSpec.CONTAINER)
                            .withImage(pod.getSpec().getContainers().getFirst().getImage())
                            .withState(state)
                            .build())
                    .endStatus()
                    .build());
  }

  /** The Job's end, as the Job controller records it: a Complete or a Failed condition. */
  void jobEnded(InvestigationRecord record, String type, String reason, String message) {
    client
        .batch()
        .v1()
        .jobs()
        .inNamespace(NAMESPACE)
        .withName(record.jobName())
        .editStatus(
            j -> {
              j.setStatus(
                  new JobStatusBuilder()
                      .withSucceeded(type.equals("Complete") ? 1 : 0)
                      .withFailed(type.equals("Failed") ? 1 : 0)
                      .addToConditions(
                          new JobConditionBuilder()
                              .withType(type)
                              .withStatus("True")
                              .withReason(reason)
                              .withMessage(message)
                              .build())
                      .build());
              return j;
            });
  }
}
