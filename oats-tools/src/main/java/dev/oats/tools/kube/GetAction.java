package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code get} and {@code list}: a kubectl-like table; {@code get} with a name shows one object
 * (pods as their row and container states, other kinds as compact YAML, secrets as keys only).
 */
final class GetAction {

  private final KubeApi api;
  private final Instant now;

  GetAction(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  ToolResult run(KubeQuery query) {
    if (query.name() == null) {
      return list(query);
    }
    Lookup lookup = Lookup.find(api, query);
    if (!lookup.found()) {
      return ToolResult.error(lookup.problem());
    }
    HasMetadata item = lookup.item();
    if (query.action() == KubeQuery.Action.LIST) {
      return ToolResult.success(
          ObjectTables.table(query.kind(), List.of(item), query.allNamespaces(), now).render());
    }
    return ToolResult.success(
        switch (item) {
          case Pod pod -> pod(pod);
          case Secret secret -> SecretView.render(secret, now);
          case Endpoints endpoints -> EndpointsView.render(endpoints, now);
          default -> ObjectView.title(item, now) + "\n" + api.objectView().render(item);
        });
  }

  private ToolResult list(KubeQuery query) {
    List<HasMetadata> items = api.list(query.kind(), query.namespace(), query.labelSelector());
    String selector = query.labelSelector() == null ? "" : " matching " + query.labelSelector();
    if (items.isEmpty()) {
      return ToolResult.noData("no " + query.kind().plural() + query.where() + selector);
    }
    String title =
        items.size()
            + " "
            + query.kind().plural()
            + query.where()
            + selector
            + summary(query, items);
    return ToolResult.success(
        title
            + "\n"
            + ObjectTables.table(query.kind(), items, query.allNamespaces(), now).render()
            + (query.kind() == ResourceKind.POD ? why(items) : ""));
  }

  private static final int MAX_WHY = 5;

  /**
   * Why troubled pods are troubled, in the words of their container states ("couldn't find key
   * password in Secret shop/orders-db"): the table's STATUS column has only the reason.
   */
  private static String why(List<HasMetadata> items) {
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (HasMetadata item : items) {
      Pod pod = (Pod) item;
      for (ContainerStatus status : PodStatuses.containerStatuses(pod)) {
        String message = stateMessage(status);
        if (message != null && shown < MAX_WHY) {
          out.append("  ")
              .append(pod.getMetadata().getName())
              .append(" ")
              .append(status.getName())
              .append(": ")
              .append(message)
              .append('\n');
          shown++;
        }
      }
    }
    return out.isEmpty() ? "" : "Why:\n" + out;
  }

  /** A waiting or terminated state's message, unless it is only the back-off notice. */
  private static String stateMessage(ContainerStatus status) {
    var state = status.getState();
    if (state == null) {
      return null;
    }
    if (state.getWaiting() != null
        && state.getWaiting().getMessage() != null
        && !state.getWaiting().getMessage().startsWith("back-off")) {
      return state.getWaiting().getReason() + ": " + state.getWaiting().getMessage();
    }
    if (state.getTerminated() != null && state.getTerminated().getMessage() != null) {
      return state.getTerminated().getReason() + ": " + state.getTerminated().getMessage();
    }
    return null;
  }

  /** For pods, how many are in each state: the first thing to read in a long list. */
  private static String summary(KubeQuery query, List<HasMetadata> items) {
    if (query.kind() != ResourceKind.POD) {
      return "";
    }
    Map<String, Long> byStatus =
        items.stream()
            .map(item -> PodStatuses.reason((Pod) item))
            .collect(Collectors.groupingBy(reason -> reason, TreeMap::new, Collectors.counting()));
    return ": "
        + byStatus.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
  }

  private String pod(Pod pod) {
    StringBuilder out =
        new StringBuilder(ObjectTables.table(ResourceKind.POD, List.of(pod), true, now).render());
    for (ContainerStatus status : PodStatuses.containerStatuses(pod)) {
      out.append("  container ")
          .append(status.getName())
          .append(": ")
          .append(ContainerView.state(status.getState(), now));
      if (status.getLastState() != null && status.getLastState().getTerminated() != null) {
        out.append("; last: ").append(ContainerView.state(status.getLastState(), now));
      }
      out.append('\n');
    }
    PodStatuses.unschedulable(pod)
        .ifPresent(
            condition ->
                out.append("  not scheduled: ")
                    .append(condition.getReason())
                    .append(" — ")
                    .append(condition.getMessage())
                    .append('\n'));
    return out.append("(action=describe shows conditions, probes, resources and events)\n")
        .toString();
  }
}
