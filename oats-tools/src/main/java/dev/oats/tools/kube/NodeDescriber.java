package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A node: status, conditions, capacity and allocatable, what its pods request against that, taints,
 * the troubled pods on it, and its events.
 */
final class NodeDescriber {

  /** The kubelet records node events in this namespace. */
  private static final String NODE_EVENTS_NAMESPACE = "default";

  private final KubeApi api;
  private final Instant now;

  NodeDescriber(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  String describe(Node node) {
    String name = node.getMetadata().getName();
    var status = node.getStatus();
    StringBuilder out = new StringBuilder(ObjectView.title(node, now)).append('\n');
    out.append("Status: ").append(ObjectTables.nodeStatus(node)).append('\n');
    if (status != null && status.getNodeInfo() != null) {
      var info = status.getNodeInfo();
      out.append(
          labelled(
              "Kubelet: ",
              info.getKubeletVersion(),
              "   OS: ",
              info.getOsImage(),
              "   Runtime: ",
              info.getContainerRuntimeVersion()));
    }
    if (status != null && status.getAddresses() != null && !status.getAddresses().isEmpty()) {
      out.append("Addresses: ")
          .append(
              status.getAddresses().stream()
                  .map(a -> a.getType() + "=" + a.getAddress())
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    List<Taint> taints = ObjectTables.listOrEmpty(node.getSpec().getTaints());
    out.append("Taints: ")
        .append(
            taints.isEmpty()
                ? "<none>"
                : taints.stream()
                    .map(
                        t ->
                            t.getKey()
                                + (t.getValue() == null ? "" : "=" + t.getValue())
                                + ":"
                                + t.getEffect())
                    .collect(Collectors.joining(", ")))
        .append('\n');
    TextTable conditions = new TextTable("TYPE", "STATUS", "REASON", "LAST CHANGE", "MESSAGE");
    ObjectTables.nodeConditions(node)
        .forEach(
            c ->
                conditions.add(
                    c.getType(),
                    c.getStatus(),
                    c.getReason(),
                    c.getLastTransitionTime() == null
                        ? ""
                        : Ages.since(c.getLastTransitionTime(), now) + " ago",
                    c.getMessage()));
    out.append("Conditions:\n").append(conditions.render("  "));
    if (status != null) {
      out.append("Capacity: ")
          .append(ContainerView.quantities(orEmpty(status.getCapacity())))
          .append('\n');
      out.append("Allocatable: ")
          .append(ContainerView.quantities(orEmpty(status.getAllocatable())))
          .append('\n');
    }
    out.append(pods(name, status == null ? Map.of() : orEmpty(status.getAllocatable())));
    out.append(new EventsSection(api, now).about(NODE_EVENTS_NAMESPACE, Set.of("Node/" + name)));
    return out.toString();
  }

  /** What the node's pods request and limit against its allocatable, and its troubled pods. */
  private String pods(String node, Map<String, Quantity> allocatable) {
    List<Pod> pods;
    try {
      pods =
          api.listByField(Pod.class, ResourceKind.POD, "spec.nodeName", node).stream()
              .filter(pod -> node.equals(pod.getSpec().getNodeName()))
              .filter(pod -> !List.of("Succeeded", "Failed").contains(phase(pod)))
              .toList();
    } catch (KubeApiException e) {
      return "Pods: could not be read: " + KubeErrors.explain(e, api.masterUrl()) + "\n";
    }
    StringBuilder out = new StringBuilder();
    out.append("Allocated by ").append(pods.size()).append(" running pods (requests / limits):\n");
    for (String resource : List.of("cpu", "memory")) {
      BigDecimal whole = Quantities.amount(allocatable, resource);
      BigDecimal requests = sum(pods, c -> ContainerView.requests(c.getResources()), resource);
      BigDecimal limits = sum(pods, c -> ContainerView.limits(c.getResources()), resource);
      Function<BigDecimal, String> show =
          resource.equals("cpu") ? Quantities::cpu : Quantities::memory;
      out.append("  ")
          .append(resource)
          .append(": ")
          .append(show.apply(requests))
          .append(" (")
          .append(Quantities.percent(requests, whole))
          .append(") / ")
          .append(show.apply(limits))
          .append(" (")
          .append(Quantities.percent(limits, whole))
          .append(")\n");
    }
    List<Pod> troubled = pods.stream().filter(PodStatuses::troubled).toList();
    if (!troubled.isEmpty()) {
      out.append("Troubled pods on this node:\n")
          .append(ObjectTables.table(ResourceKind.POD, troubled, true, now).render("  "));
    }
    return out.toString();
  }

  /** Label-value pairs on one line, leaving out pairs without a value; empty when none has one. */
  private static String labelled(String... labelsAndValues) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i + 1 < labelsAndValues.length; i += 2) {
      String value = labelsAndValues[i + 1];
      if (value != null && !value.isBlank()) {
        line.append(line.isEmpty() ? labelsAndValues[i].strip() + " " : labelsAndValues[i])
            .append(value);
      }
    }
    return line.isEmpty() ? "" : line.append('\n').toString();
  }

  private static BigDecimal sum(
      List<Pod> pods, Function<Container, Map<String, Quantity>> values, String resource) {
    return pods.stream()
        .flatMap(pod -> pod.getSpec().getContainers().stream())
        .map(container -> Quantities.amount(values.apply(container), resource))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
  }

  private static Map<String, Quantity> orEmpty(Map<String, Quantity> values) {
    return values == null ? Map.of() : values;
  }
}
