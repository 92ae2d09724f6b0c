package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The label selectors workloads use to pick their pods, as query strings. */
final class Selectors {

  private Selectors() {}

  /** The selector of a workload's pods, such as {@code app=checkout}; empty for other kinds. */
  static Optional<String> podSelector(HasMetadata workload) {
    LabelSelector selector =
        switch (workload) {
          case Deployment d -> d.getSpec().getSelector();
          case StatefulSet s -> s.getSpec().getSelector();
          case DaemonSet d -> d.getSpec().getSelector();
          case ReplicaSet r -> r.getSpec().getSelector();
          case Job j ->
              j.getSpec().getSelector() != null
                  ? j.getSpec().getSelector()
                  : new LabelSelector(null, Map.of("job-name", j.getMetadata().getName()));
          default -> null;
        };
    return Optional.ofNullable(selector).map(Selectors::text).filter(text -> !text.isEmpty());
  }

  /** A LabelSelector in the query syntax the API server and kubectl accept. */
  static String text(LabelSelector selector) {
    List<String> parts = new ArrayList<>();
    if (selector.getMatchLabels() != null) {
      new TreeMap<>(selector.getMatchLabels()).forEach((k, v) -> parts.add(k + "=" + v));
    }
    for (LabelSelectorRequirement requirement :
        ObjectTables.listOrEmpty(selector.getMatchExpressions())) {
      String key = requirement.getKey();
      String values =
          "(" + String.join(",", ObjectTables.listOrEmpty(requirement.getValues())) + ")";
      switch (requirement.getOperator()) {
        case "In" -> parts.add(key + " in " + values);
        case "NotIn" -> parts.add(key + " notin " + values);
        case "Exists" -> parts.add(key);
        case "DoesNotExist" -> parts.add("!" + key);
        default ->
            throw new IllegalArgumentException(
                "unknown label selector operator " + requirement.getOperator());
      }
    }
    return String.join(",", parts);
  }
}
