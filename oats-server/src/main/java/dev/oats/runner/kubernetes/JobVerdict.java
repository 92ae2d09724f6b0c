package dev.oats.runner.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What an agent's Job and pods say about how it went, for when the agent could not say it itself.
 * Pure: it reads objects, never the API.
 */
sealed interface JobVerdict {

  /** Waiting reasons that keep a container from ever starting without someone fixing something. */
  Set<String> CANNOT_START =
      Set.of(
          "ErrImagePull",
          "ImagePullBackOff",
          "InvalidImageName",
          "ErrImageNeverPull",
          "CreateContainerConfigError",
          "CreateContainerError");

  Set<String> IMAGE_PROBLEMS =
      Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

  int MESSAGE_CHARS = 600;

  String WITHOUT_REPORT = "the agent exited without reporting its result";

  /** The Job is still going: nothing to do. */
  record Running() implements JobVerdict {}

  /**
   * The Job is over. When the agent has not reported by the end of the grace period, the
   * investigation failed for this reason.
   */
  record Ended(String reason) implements JobVerdict {}

  /**
   * The agent's pod cannot start and will not by itself: the investigation failed for this reason.
   */
  record Stuck(String reason) implements JobVerdict {}

  /**
   * @param pods the Job's pods, in any order
   * @param startGrace how long a pod may sit unable to start before it counts as stuck
   */
  static JobVerdict of(Job job, List<Pod> pods, Instant now, Duration startGrace) {
    List<Pod> newestFirst =
        pods.stream()
            .sorted(
                Comparator.comparing((Pod pod) -> createdAt(pod).orElse(Instant.EPOCH)).reversed())
            .toList();
    Optional<JobCondition> failed = condition(job, "Failed");
    if (failed.isPresent()) {
      return new Ended(failure(job, failed.get(), newestFirst));
    }
    if (condition(job, "Complete").isPresent() || succeeded(job)) {
      return new Ended(WITHOUT_REPORT);
    }
    for (Pod pod : newestFirst) {
      Optional<ContainerStateWaiting> waiting = waiting(pod);
      if (waiting.isPresent()
          && CANNOT_START.contains(waiting.get().getReason())
          && createdAt(pod).map(at -> !at.plus(startGrace).isAfter(now)).orElse(false)) {
        return new Stuck(
            cannotStart(pod, waiting.get()) + " for over " + startGrace.toSeconds() + " s");
      }
    }
    return new Running();
  }

  private static String failure(Job job, JobCondition failed, List<Pod> newestFirst) {
    String jobSays =
        "the Job failed: "
            + failed.getReason()
            + (blank(failed.getMessage()) ? "" : " (" + failed.getMessage().strip() + ")");
    String podSays =
        newestFirst.stream()
            .map(JobVerdict::describe)
            .filter(Objects::nonNull)
            .findFirst()
            .orElse(null);
    if ("DeadlineExceeded".equals(failed.getReason())) {
      String deadline =
          "the agent ran past its Job's deadline of %d s (OATS_TIMEOUT_SECONDS + 120) and was stopped"
              .formatted(job.getSpec().getActiveDeadlineSeconds());
      return podSays == null ? deadline : deadline + "; before that, " + podSays;
    }
    return podSays == null ? jobSays : podSays + "; " + jobSays;
  }

  /** What went wrong with one pod, in an engineer's words, or null when nothing visibly did. */
  static String describe(Pod pod) {
    if (pod.getStatus() == null) {
      return null;
    }
    if ("Evicted".equals(pod.getStatus().getReason())) {
      return "the agent's pod %s was evicted: %s"
          .formatted(pod.getMetadata().getName(), orNone(pod.getStatus().getMessage()));
    }
    Optional<ContainerStateTerminated> terminated = terminated(pod);
    if (terminated.isPresent()) {
      return exited(pod, terminated.get());
    }
    Optional<ContainerStateWaiting> waiting = waiting(pod);
    if (waiting.isPresent() && CANNOT_START.contains(waiting.get().getReason())) {
      return cannotStart(pod, waiting.get());
    }
    return unscheduled(pod);
  }

  private static String exited(Pod pod, ContainerStateTerminated state) {
    int code = state.getExitCode() == null ? -1 : state.getExitCode();
    if ("OOMKilled".equals(state.getReason())) {
      return ("the agent's container was OOMKilled (exit code %d): it needed more memory than its"
              + " limit of %s; raise OATS_AGENT_MEMORY_LIMIT")
          .formatted(code, memoryLimit(pod));
    }
    if (code == 0) {
      return null;
    }
    String why = blank(state.getReason()) ? "" : ", " + state.getReason();
    String message = blank(state.getMessage()) ? "" : ": " + tail(state.getMessage());
    return "the agent's container exited with code %d%s%s".formatted(code, why, message);
  }

  private static String cannotStart(Pod pod, ContainerStateWaiting waiting) {
    String what =
        "the agent's container could not start: %s: %s"
            .formatted(waiting.getReason(), orNone(waiting.getMessage()));
    if (IMAGE_PROBLEMS.contains(waiting.getReason())) {
      return what + " (check AGENT_IMAGE=" + image(pod) + " and that the cluster can pull it)";
    }
    return what;
  }

  private static String unscheduled(Pod pod) {
    List<PodCondition> conditions = pod.getStatus().getConditions();
    if (conditions == null) {
      return null;
    }
    return conditions.stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst()
        .map(c -> "the agent's pod was never scheduled: " + orNone(c.getMessage()))
        .orElse(null);
  }

  private static Optional<JobCondition> condition(Job job, String type) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return job.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus()))
        .findFirst();
  }

  private static boolean succeeded(Job job) {
    return job.getStatus() != null
        && job.getStatus().getSucceeded() != null
        && job.getStatus().getSucceeded() > 0;
  }

  private static Optional<ContainerStatus> agentContainer(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> AgentJobSpec.CONTAINER.equals(s.getName()))
        .findFirst();
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    return agentContainer(pod).map(ContainerStatus::getState).map(state -> state.getTerminated());
  }

  private static Optional<ContainerStateWaiting> waiting(Pod pod) {
    return agentContainer(pod).map(ContainerStatus::getState).map(state -> state.getWaiting());
  }

  private static Optional<Container> specContainer(Pod pod) {
    if (pod.getSpec() == null || pod.getSpec().getContainers() == null) {
      return Optional.empty();
    }
    return pod.getSpec().getContainers().stream()
        .filter(c -> AgentJobSpec.CONTAINER.equals(c.getName()))
        .findFirst();
  }

  private static String memoryLimit(Pod pod) {
    return specContainer(pod)
        .map(Container::getResources)
        .map(r -> r.getLimits() == null ? null : r.getLimits().get("memory"))
        .map(Quantity::toString)
        .orElse("(none set)");
  }

  private static String image(Pod pod) {
    return specContainer(pod).map(Container::getImage).orElse("?");
  }

  private static Optional<Instant> createdAt(Pod pod) {
    String stamp = pod.getMetadata() == null ? null : pod.getMetadata().getCreationTimestamp();
    if (stamp == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(stamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The end of a message, where a crash's log says what happened, kept short for a reason. */
  private static String tail(String message) {
    String text = message.strip();
    return text.length() <= MESSAGE_CHARS
        ? text
        : "…" + text.substring(text.length() - MESSAGE_CHARS);
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private static String orNone(String text) {
    return blank(text) ? "(no message)" : text.strip();
  }
}
