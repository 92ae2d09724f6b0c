package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Deployment: replica counts, rollout conditions, strategy, selector, pod template, its
 * ReplicaSets and pods, and the events of the Deployment and its ReplicaSets (where quota and
 * admission failures show up).
 */
final class DeploymentDescriber {

  private final KubeApi api;
  private final Instant now;

  DeploymentDescriber(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  String describe(Deployment deployment) {
    String namespace = deployment.getMetadata().getNamespace();
    var spec = deployment.getSpec();
    var status = deployment.getStatus();
    StringBuilder out = new StringBuilder(ObjectView.title(deployment, now)).append('\n');
    int desired = ObjectTables.orZero(spec.getReplicas());
    out.append("Replicas: ")
        .append(desired)
        .append(" desired | ")
        .append(status == null ? 0 : ObjectTables.orZero(status.getUpdatedReplicas()))
        .append(" updated | ")
        .append(status == null ? 0 : ObjectTables.orZero(status.getReadyReplicas()))
        .append(" ready | ")
        .append(status == null ? 0 : ObjectTables.orZero(status.getAvailableReplicas()))
        .append(" available | ")
        .append(status == null ? 0 : ObjectTables.orZero(status.getUnavailableReplicas()))
        .append(" unavailable\n");
    out.append("Strategy: ").append(strategy(deployment)).append('\n');
    String selector = Selectors.podSelector(deployment).orElse("");
    out.append("Selector: ").append(selector).append('\n');
    if (Boolean.TRUE.equals(spec.getPaused())) {
      out.append("Paused: true (rollouts are stopped)\n");
    }
    conditions(out, status == null ? List.of() : ObjectTables.listOrEmpty(status.getConditions()));
    out.append("Pod template:\n");
    var podSpec = spec.getTemplate().getSpec();
    if (podSpec.getServiceAccountName() != null) {
      out.append("  Service account: ").append(podSpec.getServiceAccountName()).append('\n');
    }
    ContainerView.writeAll(out, podSpec, null, now, "  ");
    Set<String> objects = new LinkedHashSet<>();
    objects.add("Deployment/" + deployment.getMetadata().getName());
    out.append(replicaSets(deployment, selector, objects));
    out.append(new WorkloadPods(api, now).section(namespace, selector));
    out.append(new EventsSection(api, now).about(namespace, objects));
    return out.toString();
  }

  private static String strategy(Deployment deployment) {
    var strategy = deployment.getSpec().getStrategy();
    if (strategy == null || strategy.getType() == null) {
      return "RollingUpdate";
    }
    var rolling = strategy.getRollingUpdate();
    if (!"RollingUpdate".equals(strategy.getType()) || rolling == null) {
      return strategy.getType();
    }
    return "RollingUpdate (max surge "
        + intOrString(rolling.getMaxSurge())
        + ", max unavailable "
        + intOrString(rolling.getMaxUnavailable())
        + ")";
  }

  private static String intOrString(IntOrString value) {
    if (value == null) {
      return "25%";
    }
    return value.getStrVal() != null ? value.getStrVal() : String.valueOf(value.getIntVal());
  }

  private static void conditions(StringBuilder out, List<DeploymentCondition> conditions) {
    if (conditions.isEmpty()) {
      return;
    }
    TextTable table = new TextTable("TYPE", "STATUS", "REASON", "MESSAGE");
    conditions.forEach(c -> table.add(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    out.append("Conditions:\n").append(table.render("  "));
  }

  /** The ReplicaSets this Deployment controls, newest revision first; adds them to objects. */
  private String replicaSets(Deployment deployment, String selector, Set<String> objects) {
    List<ReplicaSet> owned;
    try {
      owned =
          api
              .list(
                  ReplicaSet.class,
                  ResourceKind.REPLICASET,
                  deployment.getMetadata().getNamespace(),
                  selector.isEmpty() ? null : selector)
              .stream()
              .filter(
                  rs ->
                      PodDescriber.controller(rs)
                          .map(ref -> deployment.getMetadata().getName().equals(ref.getName()))
                          .orElse(false))
              .sorted((a, b) -> Integer.compare(revision(b), revision(a)))
              .toList();
    } catch (KubeApiException e) {
      return "ReplicaSets: could not be read: " + KubeErrors.explain(e, api.masterUrl()) + "\n";
    }
    if (owned.isEmpty()) {
      return "ReplicaSets: none\n";
    }
    TextTable table = new TextTable("NAME", "REVISION", "DESIRED", "READY", "AGE", "IMAGES");
    for (ReplicaSet rs : owned) {
      objects.add("ReplicaSet/" + rs.getMetadata().getName());
      table.add(
          rs.getMetadata().getName(),
          String.valueOf(revision(rs)),
          String.valueOf(ObjectTables.orZero(rs.getSpec().getReplicas())),
          String.valueOf(
              rs.getStatus() == null ? 0 : ObjectTables.orZero(rs.getStatus().getReadyReplicas())),
          Ages.since(rs.getMetadata().getCreationTimestamp(), now),
          images(rs));
    }
    return "ReplicaSets:\n" + table.render("  ");
  }

  /** The images of a ReplicaSet's pods: what tells the old release from the new one. */
  private static String images(ReplicaSet rs) {
    var template = rs.getSpec().getTemplate();
    if (template == null || template.getSpec() == null) {
      return "";
    }
    return template.getSpec().getContainers().stream()
        .map(io.fabric8.kubernetes.api.model.Container::getImage)
        .collect(java.util.stream.Collectors.joining(","));
  }

  private static int revision(ReplicaSet rs) {
    var annotations = rs.getMetadata().getAnnotations();
    String value =
        annotations == null ? null : annotations.get("deployment.kubernetes.io/revision");
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
