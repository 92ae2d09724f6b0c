package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code top}: live CPU and memory from the metrics API (metrics-server), set against requests,
 * limits and allocatable so that a pod near its memory limit stands out.
 */
final class TopAction {

  private static final int MAX_ROWS = 50;

  private final KubeApi api;

  TopAction(KubeApi api) {
    this.api = api;
  }

  ToolResult run(KubeQuery query) {
    try {
      return switch (query.kind()) {
        case POD -> pods(query);
        case NODE -> nodes(query);
        default ->
            ToolResult.error(
                "top reads pods or nodes (resource=pods or resource=nodes), not "
                    + query.kind().plural());
      };
    } catch (KubeApiException e) {
      if (e.code() == 404 || e.code() == 503) {
        return ToolResult.error(
            "the metrics API (metrics.k8s.io) is not available on "
                + api.masterUrl()
                + " (HTTP "
                + e.code()
                + "): metrics-server is not installed or not ready, so there is no live CPU and"
                + " memory usage. Use action=describe for requests and limits, or Prometheus for"
                + " usage history.");
      }
      throw e;
    }
  }

  private ToolResult pods(KubeQuery query) {
    List<PodMetrics> metrics = api.podMetrics(query.namespace());
    Map<String, Pod> pods = podsByKey(query);
    List<PodMetrics> selected =
        metrics.stream()
            .filter(m -> query.name() == null || query.name().equals(m.getMetadata().getName()))
            .filter(m -> query.labelSelector() == null || pods.containsKey(key(m)))
            .sorted(Comparator.comparing((PodMetrics m) -> podTotal(m, "memory")).reversed())
            .toList();
    if (selected.isEmpty()) {
      return ToolResult.noData(
          "the metrics API has no usage for "
              + (query.name() == null ? "pods" : "pod " + query.name())
              + query.where()
              + (query.labelSelector() == null ? "" : " matching " + query.labelSelector())
              + " (new pods take about a minute to appear)");
    }
    List<String> headers = new ArrayList<>();
    if (query.allNamespaces()) {
      headers.add("NAMESPACE");
    }
    headers.addAll(List.of("NAME", "CPU", "CPU/REQUEST", "CPU/LIMIT", "MEMORY", "MEMORY/LIMIT"));
    TextTable table = new TextTable(headers);
    for (PodMetrics m : selected.subList(0, Math.min(MAX_ROWS, selected.size()))) {
      Optional<Pod> pod = Optional.ofNullable(pods.get(key(m)));
      BigDecimal cpu = podTotal(m, "cpu");
      BigDecimal memory = podTotal(m, "memory");
      List<String> row = new ArrayList<>();
      if (query.allNamespaces()) {
        row.add(m.getMetadata().getNamespace());
      }
      row.add(m.getMetadata().getName());
      row.add(Quantities.cpu(cpu));
      row.add(
          pod.map(p -> Quantities.percent(cpu, specTotal(p, ContainerView::requests, "cpu")))
              .orElse(""));
      row.add(
          pod.map(p -> Quantities.percent(cpu, specTotal(p, ContainerView::limits, "cpu")))
              .orElse(""));
      row.add(Quantities.memory(memory));
      row.add(
          pod.map(p -> Quantities.percent(memory, specTotal(p, ContainerView::limits, "memory")))
              .orElse(""));
      table.add(row);
    }
    return ToolResult.success(
        "Pod usage"
            + query.where()
            + " from metrics-server, highest memory first"
            + (selected.size() > MAX_ROWS
                ? " (top " + MAX_ROWS + " of " + selected.size() + ")"
                : "")
            + ". A MEMORY/LIMIT near 100% means an OOM kill is near.\n"
            + table.render());
  }

  private ToolResult nodes(KubeQuery query) {
    List<NodeMetrics> metrics =
        api.nodeMetrics().stream()
            .filter(m -> query.name() == null || query.name().equals(m.getMetadata().getName()))
            .toList();
    if (metrics.isEmpty()) {
      return ToolResult.noData(
          "the metrics API has no usage for "
              + (query.name() == null ? "any node" : "node " + query.name()));
    }
    Map<String, Node> nodes = nodesByName();
    TextTable table = new TextTable("NAME", "CPU", "CPU%", "MEMORY", "MEMORY%");
    for (NodeMetrics m : metrics) {
      Map<String, Quantity> allocatable =
          Optional.ofNullable(nodes.get(m.getMetadata().getName()))
              .map(n -> n.getStatus() == null ? null : n.getStatus().getAllocatable())
              .orElse(Map.of());
      BigDecimal cpu = Quantities.amount(m.getUsage(), "cpu");
      BigDecimal memory = Quantities.amount(m.getUsage(), "memory");
      table.add(
          m.getMetadata().getName(),
          Quantities.cpu(cpu),
          Quantities.percent(cpu, Quantities.amount(allocatable, "cpu")),
          Quantities.memory(memory),
          Quantities.percent(memory, Quantities.amount(allocatable, "memory")));
    }
    return ToolResult.success(
        "Node usage from metrics-server (percent of allocatable):\n" + table.render());
  }

  /** The pods the query picks, for their requests and limits; none when they cannot be read. */
  private Map<String, Pod> podsByKey(KubeQuery query) {
    try {
      return api
          .list(Pod.class, ResourceKind.POD, query.namespace(), query.labelSelector())
          .stream()
          .collect(Collectors.toMap(TopAction::key, p -> p, (a, b) -> a));
    } catch (KubeApiException e) {
      if (query.labelSelector() != null) {
        throw e;
      }
      return Map.of();
    }
  }

  private Map<String, Node> nodesByName() {
    try {
      return api.list(Node.class, ResourceKind.NODE, null, null).stream()
          .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n));
    } catch (KubeApiException e) {
      return Map.of();
    }
  }

  private static String key(HasMetadata item) {
    return item.getMetadata().getNamespace() + "/" + item.getMetadata().getName();
  }

  private static BigDecimal podTotal(PodMetrics metrics, String resource) {
    return ObjectTables.listOrEmpty(metrics.getContainers()).stream()
        .map(ContainerMetrics::getUsage)
        .map(usage -> Quantities.amount(usage, resource))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  /**
   * The sum over containers of a request or limit; zero (so no percentage) when any container has
   * none, since the pod as a whole is then unbounded.
   */
  private static BigDecimal specTotal(
      Pod pod, Function<ResourceRequirements, Map<String, Quantity>> values, String resource) {
    BigDecimal total = BigDecimal.ZERO;
    for (Container container : pod.getSpec().getContainers()) {
      BigDecimal amount = Quantities.amount(values.apply(container.getResources()), resource);
      if (amount.signum() == 0) {
        return BigDecimal.ZERO;
      }
      total = total.add(amount);
    }
    return total;
  }
}
