package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The pods a workload selects, for its describe view and for picking whose logs to read. */
final class WorkloadPods {

  private static final int MAX_ROWS = 15;

  private final KubeApi api;
  private final Instant now;

  WorkloadPods(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  /** The pods a selector picks, troubled ones first, then by name. */
  List<Pod> pods(String namespace, String selector) {
    return api.list(Pod.class, ResourceKind.POD, namespace, selector).stream()
        .sorted(
            Comparator.comparing((Pod pod) -> !PodStatuses.troubled(pod))
                .thenComparing(pod -> -PodStatuses.restarts(pod))
                .thenComparing(pod -> pod.getMetadata().getName()))
        .toList();
  }

  /** A "Pods:" section: a table of the selected pods, troubled ones first. */
  String section(String namespace, String selector) {
    if (selector.isEmpty()) {
      return "Pods: the workload has no selector\n";
    }
    List<Pod> pods;
    try {
      pods = pods(namespace, selector);
    } catch (KubeApiException e) {
      return "Pods: could not be read: " + KubeErrors.explain(e, api.masterUrl()) + "\n";
    }
    if (pods.isEmpty()) {
      return "Pods: none match " + selector + "\n";
    }
    List<Pod> shown = pods.subList(0, Math.min(MAX_ROWS, pods.size()));
    String more = pods.size() > MAX_ROWS ? "  … " + (pods.size() - MAX_ROWS) + " more pods\n" : "";
    return "Pods ("
        + pods.size()
        + ", troubled first):\n"
        + ObjectTables.table(ResourceKind.POD, shown, false, now).render("  ")
        + more;
  }
}
