package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code logs}: a container's log, with a header that says which pod and container, which run, and
 * what to try next. A workload or Service name reads the logs of its pods, troubled first. A
 * container that never started is explained instead of failing.
 */
final class LogsAction {

  private static final int MAX_PODS = 3;
  private static final int MIN_LINES_PER_POD = 20;
  private static final List<ResourceKind> POD_OWNERS =
      List.of(
          ResourceKind.DEPLOYMENT,
          ResourceKind.STATEFULSET,
          ResourceKind.DAEMONSET,
          ResourceKind.REPLICASET,
          ResourceKind.JOB);

  private final KubeApi api;
  private final Instant now;

  LogsAction(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  /** What to read: the pods, and a line saying how they were chosen (empty for one pod). */
  private record Target(List<Pod> pods, String choice) {}

  ToolResult run(KubeQuery query) {
    Target target;
    try {
      target = target(query);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    if (target.pods().isEmpty()) {
      return ToolResult.noData(target.choice());
    }
    List<Pod> pods = target.pods().subList(0, Math.min(MAX_PODS, target.pods().size()));
    int linesPerPod =
        pods.size() == 1
            ? query.tailLines()
            : Math.max(MIN_LINES_PER_POD, query.tailLines() / pods.size());
    StringBuilder out = new StringBuilder(target.choice());
    boolean anyLines = false;
    // One filter for every pod: its match time is the call's, not each pod's.
    Predicate<String> grep = query.grep() == null ? null : LogFilter.matcher(query.grep());
    for (Pod pod : pods) {
      Section section = section(pod, query, grep, linesPerPod, pods.size() == 1);
      anyLines |= section.hasLines();
      out.append(section.text());
    }
    return anyLines ? ToolResult.success(out.toString()) : ToolResult.noData(out.toString());
  }

  private Target target(KubeQuery query) {
    boolean hasPods = query.kind() == ResourceKind.POD || query.kind() == ResourceKind.SERVICE;
    if (!hasPods && !query.kind().ownsPods()) {
      throw new IllegalArgumentException(
          "logs come from pods: name a pod, or a deployment, statefulset, daemonset, replicaset,"
              + " job or service whose pods to read, not a "
              + query.kind().singular());
    }
    String namespace = query.namespace();
    if (query.allNamespaces() && query.name() != null) {
      Lookup lookup = Lookup.find(api, query);
      if (!lookup.found()) {
        throw new IllegalArgumentException(lookup.problem());
      }
      namespace = lookup.item().getMetadata().getNamespace();
    }
    if (query.name() == null) {
      if (query.labelSelector() == null) {
        throw new IllegalArgumentException(
            "logs needs a pod name (or a deployment, statefulset or service name, or a"
                + " label_selector)"
                + podNames(query.namespace()));
      }
      return fromSelector(
          "pods matching " + query.labelSelector(), namespace, query.labelSelector());
    }
    if (query.kind() == ResourceKind.POD) {
      Optional<Pod> pod = api.get(Pod.class, ResourceKind.POD, namespace, query.name());
      if (pod.isPresent()) {
        return new Target(List.of(pod.get()), "");
      }
      for (ResourceKind owner : POD_OWNERS) {
        Optional<HasMetadata> workload = quietGet(owner, namespace, query.name());
        if (workload.isPresent()) {
          return fromWorkload(workload.get(), namespace);
        }
      }
      throw new IllegalArgumentException(
          Lookup.notFound(api, query.withNamespace(namespace))
              + " (no deployment, statefulset, daemonset, replicaset or job of that name either)");
    }
    Lookup lookup = Lookup.find(api, query.withNamespace(namespace));
    if (!lookup.found()) {
      throw new IllegalArgumentException(lookup.problem());
    }
    return fromWorkload(lookup.item(), namespace);
  }

  private Target fromWorkload(HasMetadata workload, String namespace) {
    Optional<String> selector =
        workload instanceof Service service
            ? Optional.ofNullable(service.getSpec().getSelector())
                .filter(labels -> !labels.isEmpty())
                .map(labels -> Selectors.text(new LabelSelector(null, labels)))
            : Selectors.podSelector(workload);
    String name = workload.getKind() + " " + workload.getMetadata().getName();
    if (selector.isEmpty()) {
      throw new IllegalArgumentException(
          name + " has no pod selector, so it has no pods to read logs from");
    }
    return fromSelector(name, namespace, selector.get());
  }

  private Target fromSelector(String what, String namespace, String selector) {
    List<Pod> pods = new WorkloadPods(api, now).pods(namespace, selector);
    if (pods.isEmpty()) {
      return new Target(
          pods, what + " selects no pods (selector " + selector + ")" + where(namespace));
    }
    List<String> names = pods.stream().map(p -> p.getMetadata().getName()).toList();
    String choice =
        what
            + " selects "
            + pods.size()
            + " pod"
            + (pods.size() == 1 ? "" : "s")
            + where(namespace)
            + "; showing "
            + (pods.size() > MAX_PODS
                ? MAX_PODS
                    + ", troubled first: "
                    + String.join(", ", names.subList(0, MAX_PODS))
                    + " (not shown: "
                    + String.join(", ", names.subList(MAX_PODS, Math.min(names.size(), 10)))
                    + (names.size() > 10 ? ", …" : "")
                    + "; pass name=<pod> to read one)"
                : String.join(", ", names))
            + "\n\n";
    return new Target(pods, choice);
  }

  /** One pod's log, or why it has none. */
  private record Section(String text, boolean hasLines) {}

  private Section section(
      Pod pod, KubeQuery query, Predicate<String> grep, int tailLines, boolean single) {
    String podName = pod.getMetadata().getName();
    Container container;
    String others;
    try {
      container = LogContainers.container(pod, query.container());
      others = LogContainers.otherContainers(pod, container);
    } catch (IllegalArgumentException e) {
      return new Section("==> pod " + podName + ": " + e.getMessage() + "\n\n", false);
    }
    ContainerStatus status = LogContainers.status(pod, container.getName());
    String header =
        "==> pod "
            + podName
            + ", container "
            + container.getName()
            + (query.previous() ? " (previous run, the one that terminated)" : "")
            + others
            + "\n";
    Optional<String> noLog = LogContainers.whyNoLog(pod, container, status, query.previous());
    if (noLog.isPresent()) {
      return new Section(header + noLog.get() + "\n\n", false);
    }
    String hint = LogContainers.restartHint(status, query.previous());
    try {
      if (grep != null) {
        KubeApi.Grep found =
            api.grepLog(
                pod.getMetadata().getNamespace(),
                podName,
                container.getName(),
                query.previous(),
                query.since(),
                grep,
                tailLines);
        return grepBody(header + hint, found, query);
      }
      String log =
          api.log(
              pod.getMetadata().getNamespace(),
              podName,
              container.getName(),
              query.previous(),
              tailLines,
              query.since());
      return body(header + hint, log, query);
    } catch (KubeApiException e) {
      if (single) {
        throw e;
      }
      return new Section(
          header + "could not read the log: " + KubeErrors.explain(e, api.masterUrl()) + "\n\n",
          false);
    }
  }

  private static String window(KubeQuery query) {
    return query.since() == null ? "" : " in the last " + Ages.format(query.since());
  }

  private static Section body(String header, String log, KubeQuery query) {
    List<String> lines = log.isEmpty() ? List.of() : log.lines().toList();
    if (lines.isEmpty()) {
      return new Section(
          header + "(the container printed nothing" + window(query) + ")\n\n", false);
    }
    LogRepeats.Folded folded = LogRepeats.fold(lines);
    String note =
        folded.foldedLines() == 0
            ? ""
            : " (" + folded.foldedLines() + " repeats of similar lines folded)";
    return new Section(
        header
            + "last "
            + lines.size()
            + " lines"
            + window(query)
            + note
            + ":\n"
            + String.join("\n", folded.lines())
            + "\n\n",
        true);
  }

  /** The search covered the whole log the API server keeps for this run of the container. */
  private static Section grepBody(String header, KubeApi.Grep found, KubeQuery query) {
    String searched =
        "grep '"
            + query.grep()
            + "' over the whole log ("
            + found.linesRead()
            + " lines"
            + window(query)
            + "): "
            + found.matches()
            + " matching line"
            + (found.matches() == 1 ? "" : "s");
    if (found.matches() == 0) {
      return new Section(
          header + searched + ". For a summary of what the log does contain, use log_analyzer.\n\n",
          false);
    }
    String shown =
        found.matches() > found.lastMatches().size()
            ? ", the last " + found.lastMatches().size() + " shown"
            : "";
    LogRepeats.Folded folded = LogRepeats.fold(found.lastMatches());
    return new Section(
        header + searched + shown + ":\n" + String.join("\n", folded.lines()) + "\n\n", true);
  }

  private Optional<HasMetadata> quietGet(ResourceKind kind, String namespace, String name) {
    try {
      return api.get(kind, namespace, name);
    } catch (KubeApiException e) {
      return Optional.empty();
    }
  }

  private String podNames(String namespace) {
    try {
      List<HasMetadata> pods = api.list(ResourceKind.POD, namespace, null);
      return pods.isEmpty()
          ? "; there are no pods" + where(namespace)
          : "; pods" + where(namespace) + ": " + Lookup.names(pods);
    } catch (KubeApiException e) {
      return "";
    }
  }

  private static String where(String namespace) {
    return namespace == null ? " in all namespaces" : " in namespace " + namespace;
  }
}
