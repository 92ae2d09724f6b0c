package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * {@code describe}: what an SRE reads first about an object. Pods, Deployments and Nodes have their
 * own views; Secrets show keys only; other kinds show compact YAML, their pods when they own some,
 * and their events.
 */
final class DescribeAction {

  private static final int MAX_DESCRIBED = 3;

  private final KubeApi api;
  private final Instant now;

  DescribeAction(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  ToolResult run(KubeQuery query) {
    if (query.name() != null) {
      Lookup lookup = Lookup.find(api, query);
      return lookup.found()
          ? ToolResult.success(describe(lookup.item()))
          : ToolResult.error(lookup.problem());
    }
    List<HasMetadata> items = api.list(query.kind(), query.namespace(), query.labelSelector());
    if (query.labelSelector() == null) {
      return ToolResult.error(
          "describe needs a name (or a label_selector) for "
              + query.kind().plural()
              + query.where()
              + (items.isEmpty() ? "; there are none" : "; these exist: " + Lookup.names(items)));
    }
    if (items.isEmpty()) {
      return ToolResult.noData(
          "no " + query.kind().plural() + query.where() + " match " + query.labelSelector());
    }
    StringBuilder out = new StringBuilder();
    items.stream().limit(MAX_DESCRIBED).forEach(item -> out.append(describe(item)).append('\n'));
    if (items.size() > MAX_DESCRIBED) {
      out.append("… ")
          .append(items.size() - MAX_DESCRIBED)
          .append(" more match, not described: ")
          .append(Lookup.names(items.subList(MAX_DESCRIBED, items.size())))
          .append('\n');
    }
    return ToolResult.success(out.toString());
  }

  private String describe(HasMetadata item) {
    return switch (item) {
      case Pod pod -> new PodDescriber(api, now).describe(pod);
      case Deployment deployment -> new DeploymentDescriber(api, now).describe(deployment);
      case Node node -> new NodeDescriber(api, now).describe(node);
      case Secret secret -> SecretView.render(secret, now) + events(item);
      case Service service -> generic(item) + endpoints(service) + events(item);
      case Endpoints endpoints -> EndpointsView.render(endpoints, now) + events(item);
      default -> generic(item) + pods(item) + events(item);
    };
  }

  private String generic(HasMetadata item) {
    StringBuilder out = new StringBuilder(ObjectView.title(item, now)).append('\n');
    // The kind's table row first: it says what matters in a line (an autoscaler's cpu: 186%/70%,
    // a quota's pods: 20/20), where the YAML below only has the raw numbers.
    ResourceKind.parse(item.getKind())
        .filter(kind -> kind != ResourceKind.EVENT)
        .ifPresent(
            kind -> out.append(ObjectTables.table(kind, List.of(item), false, now).render()));
    new PodDescriber(api, now)
        .owners(item)
        .ifPresent(chain -> out.append("Controlled by: ").append(chain).append('\n'));
    return out.append(api.objectView().render(item)).toString();
  }

  private String pods(HasMetadata item) {
    return Selectors.podSelector(item)
        .map(
            selector ->
                new WorkloadPods(api, now).section(item.getMetadata().getNamespace(), selector))
        .orElse("");
  }

  /** Whether the Service has ready endpoints: the usual cause of a 503 from an ingress. */
  private String endpoints(Service service) {
    try {
      return api.get(
              Endpoints.class,
              ResourceKind.ENDPOINTS,
              service.getMetadata().getNamespace(),
              service.getMetadata().getName())
          .map(
              endpoints ->
                  "Endpoints:\n"
                      + ObjectTables.table(ResourceKind.ENDPOINTS, List.of(endpoints), false, now)
                          .render("  "))
          .orElse("Endpoints: none (no pod matches the selector, or none is ready)\n");
    } catch (KubeApiException e) {
      return "Endpoints: could not be read: " + KubeErrors.explain(e, api.masterUrl()) + "\n";
    }
  }

  private String events(HasMetadata item) {
    String namespace = item.getMetadata().getNamespace();
    return new EventsSection(api, now)
        .about(
            namespace == null ? "default" : namespace,
            Set.of(item.getKind() + "/" + item.getMetadata().getName()));
  }
}
