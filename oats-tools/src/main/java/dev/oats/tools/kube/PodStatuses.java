package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What a pod's state means, computed the way kubectl computes its STATUS column. */
final class PodStatuses {

  private PodStatuses() {}

  /**
   * The pod's status as an SRE reads it: the waiting or terminated reason of its containers
   * (CrashLoopBackOff, OOMKilled, ImagePullBackOff, Error, Completed), {@code Init:…} while init
   * containers fail, {@code Pending/Unschedulable} when no node fits, {@code Terminating} once
   * deleted, else the phase.
   */
  static String reason(Pod pod) {
    var status = pod.getStatus();
    String phase = status == null || status.getPhase() == null ? "Unknown" : status.getPhase();
    String reason = status != null && status.getReason() != null ? status.getReason() : phase;
    Optional<String> init = initReason(pod);
    if (init.isPresent()) {
      reason = init.get();
    } else {
      reason = containerReason(pod, reason);
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return "NodeLost".equals(reason) ? "Unknown" : "Terminating";
    }
    if ("Pending".equals(reason) && unschedulable(pod).isPresent()) {
      return "Pending/Unschedulable";
    }
    return reason;
  }

  /** The STATUS column: the reason, and the last crash's reason and exit code after a restart. */
  static String statusColumn(Pod pod) {
    String reason = reason(pod);
    return lastTermination(pod)
        .map(last -> reason + " (last: " + terminationText(last) + ")")
        .orElse(reason);
  }

  /** Ready containers over all containers, such as {@code 1/2}. */
  static String ready(Pod pod) {
    int total = pod.getSpec() == null ? 0 : pod.getSpec().getContainers().size();
    long ready =
        containerStatuses(pod).stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
    return ready + "/" + total;
  }

  static int restarts(Pod pod) {
    return containerStatuses(pod).stream()
        .mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount())
        .sum();
  }

  /** The RESTARTS column: the count, and how long ago the last one was. */
  static String restartsColumn(Pod pod, Instant now) {
    int restarts = restarts(pod);
    return lastTermination(pod)
        .map(ContainerStateTerminated::getFinishedAt)
        .map(Ages::parse)
        .map(finished -> restarts + " (" + Ages.since(finished, now) + " ago)")
        .orElse(String.valueOf(restarts));
  }

  /** The most recent crash among the pod's containers, from their last states. */
  static Optional<ContainerStateTerminated> lastTermination(Pod pod) {
    return containerStatuses(pod).stream()
        .map(ContainerStatus::getLastState)
        .map(state -> state == null ? null : state.getTerminated())
        .filter(terminated -> terminated != null)
        .max(
            Comparator.comparing(
                (ContainerStateTerminated t) -> {
                  Instant finished = Ages.parse(t.getFinishedAt());
                  return finished == null ? Instant.EPOCH : finished;
                }));
  }

  /** "OOMKilled, exit 137" or "Error, exit 1, signal 9". */
  static String terminationText(ContainerStateTerminated terminated) {
    StringBuilder text =
        new StringBuilder(terminated.getReason() == null ? "Terminated" : terminated.getReason());
    if (terminated.getExitCode() != null) {
      text.append(", exit ").append(terminated.getExitCode());
    }
    if (terminated.getSignal() != null && terminated.getSignal() != 0) {
      text.append(", signal ").append(terminated.getSignal());
    }
    return text.toString();
  }

  /** The PodScheduled=False condition when the scheduler found no node. */
  static Optional<PodCondition> unschedulable(Pod pod) {
    return conditions(pod).stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
        .findFirst();
  }

  static List<PodCondition> conditions(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of()
        : pod.getStatus().getConditions();
  }

  static List<ContainerStatus> containerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getContainerStatuses();
  }

  static List<ContainerStatus> initContainerStatuses(Pod pod) {
    return pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null
        ? List.of()
        : pod.getStatus().getInitContainerStatuses();
  }

  /** Whether a pod is worth a look first: not running and ready, or restarting. */
  static boolean troubled(Pod pod) {
    String reason = reason(pod);
    boolean settled = reason.equals("Running") || reason.equals("Completed");
    boolean allReady =
        containerStatuses(pod).stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    return !settled || !allReady || restarts(pod) > 0;
  }

  private static Optional<String> initReason(Pod pod) {
    List<ContainerStatus> inits = initContainerStatuses(pod);
    for (int i = 0; i < inits.size(); i++) {
      ContainerState state = inits.get(i).getState();
      if (state == null) {
        continue;
      }
      ContainerStateTerminated terminated = state.getTerminated();
      if (terminated != null && Integer.valueOf(0).equals(terminated.getExitCode())) {
        continue;
      }
      if (terminated != null) {
        return Optional.of("Init:" + exitReason(terminated));
      }
      if (state.getWaiting() != null
          && state.getWaiting().getReason() != null
          && !state.getWaiting().getReason().equals("PodInitializing")) {
        return Optional.of("Init:" + state.getWaiting().getReason());
      }
      return Optional.of("Init:" + i + "/" + pod.getSpec().getInitContainers().size());
    }
    return Optional.empty();
  }

  private static String containerReason(Pod pod, String phaseReason) {
    String reason = phaseReason;
    boolean anyRunning = false;
    List<ContainerStatus> statuses = new ArrayList<>(containerStatuses(pod));
    // kubectl walks the containers backwards so the first container's reason wins.
    for (int i = statuses.size() - 1; i >= 0; i--) {
      ContainerState state = statuses.get(i).getState();
      if (state == null) {
        continue;
      }
      if (state.getWaiting() != null && state.getWaiting().getReason() != null) {
        reason = state.getWaiting().getReason();
      } else if (state.getTerminated() != null) {
        reason = exitReason(state.getTerminated());
      } else if (state.getRunning() != null && Boolean.TRUE.equals(statuses.get(i).getReady())) {
        anyRunning = true;
      }
    }
    return reason.equals("Completed") && anyRunning ? "Running" : reason;
  }

  private static String exitReason(ContainerStateTerminated terminated) {
    if (terminated.getReason() != null && !terminated.getReason().isEmpty()) {
      return terminated.getReason();
    }
    if (terminated.getSignal() != null && terminated.getSignal() != 0) {
      return "Signal:" + terminated.getSignal();
    }
    return "ExitCode:" + terminated.getExitCode();
  }
}
