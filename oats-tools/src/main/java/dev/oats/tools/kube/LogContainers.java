package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which container of a pod to read logs from, and what to say when it has no log yet (never
 * started, not scheduled, no previous run) or when its log is only the latest run.
 */
final class LogContainers {

  private static final String DEFAULT_CONTAINER = "kubectl.kubernetes.io/default-container";

  private LogContainers() {}

  /**
   * The container to read: the one asked for; else the default-container annotation; else a failing
   * init container while the pod is initialising; else the most troubled container.
   */
  static Container container(Pod pod, String wanted) {
    List<Container> all =
        Stream.concat(
                ObjectTables.listOrEmpty(pod.getSpec().getInitContainers()).stream(),
                pod.getSpec().getContainers().stream())
            .toList();
    if (wanted != null) {
      return all.stream()
          .filter(c -> c.getName().equals(wanted))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "has no container named "
                          + wanted
                          + "; its containers are "
                          + String.join(", ", all.stream().map(Container::getName).toList())));
    }
    Map<String, String> annotations = pod.getMetadata().getAnnotations();
    if (annotations != null && annotations.get(DEFAULT_CONTAINER) != null) {
      String named = annotations.get(DEFAULT_CONTAINER);
      Optional<Container> annotated =
          all.stream().filter(c -> c.getName().equals(named)).findFirst();
      if (annotated.isPresent()) {
        return annotated.get();
      }
    }
    if (PodStatuses.reason(pod).startsWith("Init:")) {
      Optional<Container> failingInit = failingInit(pod);
      if (failingInit.isPresent()) {
        return failingInit.get();
      }
    }
    List<Container> main = pod.getSpec().getContainers();
    return main.stream()
        .max(Comparator.comparingInt((Container c) -> trouble(status(pod, c.getName()))))
        .filter(c -> trouble(status(pod, c.getName())) > 0)
        .orElse(main.get(0));
  }

  private static Optional<Container> failingInit(Pod pod) {
    for (ContainerStatus status : PodStatuses.initContainerStatuses(pod)) {
      var terminated = status.getState() == null ? null : status.getState().getTerminated();
      boolean succeeded = terminated != null && Integer.valueOf(0).equals(terminated.getExitCode());
      if (!succeeded) {
        return pod.getSpec().getInitContainers().stream()
            .filter(c -> c.getName().equals(status.getName()))
            .findFirst();
      }
    }
    return Optional.empty();
  }

  /** How much a container's state suggests it is the one to read: restarts, then not ready. */
  private static int trouble(ContainerStatus status) {
    if (status == null) {
      return 0;
    }
    int restarts = ObjectTables.orZero(status.getRestartCount());
    return restarts * 2 + (Boolean.TRUE.equals(status.getReady()) ? 0 : 1);
  }

  static String otherContainers(Pod pod, Container chosen) {
    List<String> others = new ArrayList<>();
    Stream.concat(
            ObjectTables.listOrEmpty(pod.getSpec().getInitContainers()).stream()
                .map(c -> c.getName() + " (init)"),
            pod.getSpec().getContainers().stream().map(Container::getName))
        .filter(
            name -> !name.equals(chosen.getName()) && !name.equals(chosen.getName() + " (init)"))
        .forEach(others::add);
    return others.isEmpty()
        ? ""
        : "; other containers: " + String.join(", ", others) + " (pass container=…)";
  }

  static ContainerStatus status(Pod pod, String container) {
    return Stream.concat(
            PodStatuses.containerStatuses(pod).stream(),
            PodStatuses.initContainerStatuses(pod).stream())
        .filter(s -> container.equals(s.getName()))
        .findFirst()
        .orElse(null);
  }

  /** Why a container has no log to read yet, or empty when it has one. */
  static Optional<String> whyNoLog(
      Pod pod, Container container, ContainerStatus status, boolean previous) {
    if (status == null) {
      String reason = PodStatuses.reason(pod);
      String detail =
          PodStatuses.unschedulable(pod)
              .map(c -> ": " + c.getReason() + " — " + c.getMessage())
              .orElse("");
      return Optional.of(
          "no log: the pod is "
              + reason
              + detail
              + "; no container has run yet. See action=describe and action=events for why.");
    }
    boolean crashedBefore =
        status.getLastState() != null && status.getLastState().getTerminated() != null;
    if (previous) {
      return crashedBefore
          ? Optional.empty()
          : Optional.of(
              "no previous log: container "
                  + container.getName()
                  + " has not restarted, so there is no earlier run; read the current log with"
                  + " previous=false.");
    }
    var waiting = status.getState() == null ? null : status.getState().getWaiting();
    if (waiting != null && !crashedBefore && ObjectTables.orZero(status.getRestartCount()) == 0) {
      return Optional.of(
          "no log: container "
              + container.getName()
              + " has not started yet: "
              + (waiting.getReason() == null ? "waiting" : waiting.getReason())
              + (waiting.getMessage() == null ? "" : " — " + waiting.getMessage())
              + ". "
              + notStartedAdvice(waiting.getReason(), container));
    }
    return Optional.empty();
  }

  private static String notStartedAdvice(String reason, Container container) {
    if (reason == null) {
      return "See action=describe for its events.";
    }
    return switch (reason) {
      case "ImagePullBackOff", "ErrImagePull", "InvalidImageName" ->
          "The image "
              + container.getImage()
              + " cannot be pulled: check its name and tag, that it exists in the registry, and"
              + " the pull secret. action=describe shows the pull events.";
      case "CreateContainerConfigError" ->
          "A ConfigMap or Secret the container needs (env or volume) is probably missing:"
              + " action=describe shows which.";
      case "ContainerCreating", "PodInitializing" ->
          "It is still being created (volumes mounting, init containers running): try again"
              + " shortly, or see action=describe.";
      default -> "See action=describe for its events.";
    };
  }

  static String restartHint(ContainerStatus status, boolean previous) {
    if (previous || status == null || ObjectTables.orZero(status.getRestartCount()) == 0) {
      return "";
    }
    String last =
        status.getLastState() != null && status.getLastState().getTerminated() != null
            ? " (last: " + PodStatuses.terminationText(status.getLastState().getTerminated()) + ")"
            : "";
    return "note: this container has restarted "
        + status.getRestartCount()
        + " times"
        + last
        + "; these lines are from the latest run. previous=true shows the log of the run that"
        + " crashed.\n";
  }
}
