package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reasons read from pods that could not report, without an API server. */
class JobVerdictTest {

  private static final Instant NOW = Instant.parse("2026-01-10T10:00:00Z");

  private static PodBuilder pod(String name, Instant created) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withCreationTimestamp(created.toString())
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("oats-agent")
        .withImage("localhost/oats-agent:0.1.0")
        .endContainer()
        .endSpec();
  }

  private static Job failedJob(String reason) {
    return new JobBuilder()
        .withNewSpec()
        .withActiveDeadlineSeconds(1020L)
        .endSpec()
        .withNewStatus()
        .addNewCondition()
        .withType("Failed")
        .withStatus("True")
        .withReason(reason)
        .endCondition()
        .endStatus()
        .build();
  }

  private static final Job ACTIVE = new JobBuilder().withNewSpec().endSpec().build();

  @Test
  void anEvictedPodSaysWhatTheNodeWasShortOf() {
    Pod pod =
        pod("run-a", NOW)
            .withNewStatus()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node was low on resource: memory.")
            .endStatus()
            .build();

    assertThat(JobVerdict.of(failedJob("BackoffLimitExceeded"), List.of(pod), NOW, Duration.ZERO))
        .isEqualTo(
            new JobVerdict.Ended(
                "the agent's pod run-a was evicted: The node was low on resource: memory.; the"
                    + " Job failed: BackoffLimitExceeded"));
  }

  @Test
  void aCrashKeepsTheEndOfItsLogAsTheMessage() {
    String log = "x".repeat(2000) + "\nException in thread \"main\" java.lang.StackOverflowError";
    Pod pod =
        pod("run-b", NOW)
            .withNewStatus()
            .addNewContainerStatus()
            .withName("oats-agent")
            .withNewState()
            .withNewTerminated()
            .withExitCode(1)
            .withReason("Error")
            .withMessage(log)
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    String reason = JobVerdict.describe(pod);

    assertThat(reason)
        .startsWith("the agent's container exited with code 1, Error: …xxx")
        .endsWith("Exception in thread \"main\" java.lang.StackOverflowError");
    assertThat(reason.length()).isLessThan(700);
  }

  @Test
  void thePodThatFailedLastExplainsTheJob() {
    Pod first =
        pod("run-1", NOW.minusSeconds(60))
            .withNewStatus()
            .addNewContainerStatus()
            .withName("oats-agent")
            .withNewState()
            .withNewTerminated()
            .withExitCode(137)
            .withReason("OOMKilled")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    Pod retry =
        pod("run-2", NOW.minusSeconds(10))
            .withNewStatus()
            .withPhase("Failed")
            .withReason("Evicted")
            .withMessage("The node had condition: [DiskPressure].")
            .endStatus()
            .build();

    JobVerdict verdict =
        JobVerdict.of(failedJob("BackoffLimitExceeded"), List.of(first, retry), NOW, Duration.ZERO);

    assertThat(((JobVerdict.Ended) verdict).reason())
        .startsWith("the agent's pod run-2 was evicted");
  }

  @Test
  void aPodNeverScheduledExplainsTheDeadline() {
    Pod pod =
        pod("run-c", NOW.minusSeconds(1020))
            .withNewStatus()
            .withPhase("Pending")
            .addNewCondition()
            .withType("PodScheduled")
            .withStatus("False")
            .withReason("Unschedulable")
            .withMessage("0/3 nodes are available: 3 Insufficient memory.")
            .endCondition()
            .endStatus()
            .build();

    assertThat(JobVerdict.of(failedJob("DeadlineExceeded"), List.of(pod), NOW, Duration.ZERO))
        .isEqualTo(
            new JobVerdict.Ended(
                "the agent ran past its Job's deadline of 1020 s (OATS_TIMEOUT_SECONDS + 120) and"
                    + " was stopped; before that, the agent's pod was never scheduled: 0/3 nodes"
                    + " are available: 3 Insufficient memory."));
  }

  @Test
  void aMissingSecretIsStuckOnlyAfterTheStartGrace() {
    Pod pod =
        pod("run-d", NOW.minusSeconds(20))
            .withNewStatus()
            .addNewContainerStatus()
            .withName("oats-agent")
            .withNewState()
            .withNewWaiting()
            .withReason("CreateContainerConfigError")
            .withMessage("secret \"oats-agent-run-1a2b3c4d-token\" not found")
            .endWaiting()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(JobVerdict.of(ACTIVE, List.of(pod), NOW, Duration.ofSeconds(30)))
        .isEqualTo(new JobVerdict.Running());
    assertThat(JobVerdict.of(ACTIVE, List.of(pod), NOW, Duration.ofSeconds(15)))
        .isEqualTo(
            new JobVerdict.Stuck(
                "the agent's container could not start: CreateContainerConfigError: secret"
                    + " \"oats-agent-run-1a2b3c4d-token\" not found for over 15 s"));
  }

  @Test
  void aRunningPodAndAnActiveJobAreRunning() {
    Pod pod =
        pod("run-e", NOW.minusSeconds(600))
            .withNewStatus()
            .withPhase("Running")
            .addNewContainerStatus()
            .withName("oats-agent")
            .withNewState()
            .withNewRunning()
            .endRunning()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();

    assertThat(JobVerdict.of(ACTIVE, List.of(pod), NOW, Duration.ZERO))
        .isEqualTo(new JobVerdict.Running());
    assertThat(JobVerdict.describe(pod)).isNull();
  }
}
