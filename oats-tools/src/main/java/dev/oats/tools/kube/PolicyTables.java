package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.LimitRangeItem;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables of the kinds that limit or shape what workloads may do: quotas, limit ranges, storage
 * classes, volumes, network policies and disruption budgets. Each row says what blocks, so a
 * rollout stuck on a quota shows {@code pods: 10/10} without a describe.
 */
final class PolicyTables {

  private PolicyTables() {}

  static ObjectTables.Layout layout(ResourceKind kind) {
    return switch (kind) {
      case RESOURCEQUOTA ->
          new ObjectTables.Layout(
              List.of("USED/HARD", "AT LIMIT", "AGE"),
              (item, age) -> quota((ResourceQuota) item, age));
      case LIMITRANGE ->
          new ObjectTables.Layout(
              List.of("LIMITS", "AGE"), (item, age) -> List.of(limits((LimitRange) item), age));
      case STORAGECLASS ->
          new ObjectTables.Layout(
              List.of("PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "DEFAULT", "AGE"),
              (item, age) -> storageClass((StorageClass) item, age));
      case PERSISTENTVOLUME ->
          new ObjectTables.Layout(
              List.of("CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "AGE"),
              (item, age) -> volume((PersistentVolume) item, age));
      case NETWORKPOLICY ->
          new ObjectTables.Layout(
              List.of("POD-SELECTOR", "POLICY TYPES", "INGRESS", "EGRESS", "AGE"),
              (item, age) -> networkPolicy((NetworkPolicy) item, age));
      case PODDISRUPTIONBUDGET ->
          new ObjectTables.Layout(
              List.of("MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"),
              (item, age) -> disruptionBudget((PodDisruptionBudget) item, age));
      default -> throw new IllegalArgumentException("not a policy kind: " + kind);
    };
  }

  /** {@code pods: 10/10, requests.cpu: 1500m/2}, and which resources are used up. */
  private static List<String> quota(ResourceQuota quota, String age) {
    Map<String, Quantity> hard =
        quota.getStatus() != null && quota.getStatus().getHard() != null
            ? quota.getStatus().getHard()
            : quota.getSpec() == null ? Map.of() : orEmpty(quota.getSpec().getHard());
    Map<String, Quantity> used =
        quota.getStatus() == null ? Map.of() : orEmpty(quota.getStatus().getUsed());
    List<String> pairs = new ArrayList<>();
    List<String> full = new ArrayList<>();
    for (Map.Entry<String, Quantity> limit : new TreeMap<>(hard).entrySet()) {
      Quantity now = used.get(limit.getKey());
      pairs.add(
          limit.getKey() + ": " + (now == null ? "0" : now.toString()) + "/" + limit.getValue());
      if (now != null
          && now.getNumericalAmount().compareTo(limit.getValue().getNumericalAmount()) >= 0) {
        full.add(limit.getKey());
      }
    }
    return List.of(
        String.join(", ", pairs), full.isEmpty() ? "<none>" : String.join(",", full), age);
  }

  /** {@code Container max cpu=500m memory=512Mi, default memory=256Mi}. */
  private static String limits(LimitRange limits) {
    List<String> parts = new ArrayList<>();
    for (LimitRangeItem item : ObjectTables.listOrEmpty(limits.getSpec().getLimits())) {
      StringBuilder text = new StringBuilder(String.valueOf(item.getType()));
      bound(text, "min", item.getMin());
      bound(text, "max", item.getMax());
      bound(text, "default", item.getDefault());
      bound(text, "defaultRequest", item.getDefaultRequest());
      parts.add(text.toString());
    }
    return parts.isEmpty() ? "<none>" : String.join("; ", parts);
  }

  private static void bound(StringBuilder text, String name, Map<String, Quantity> values) {
    if (values == null || values.isEmpty()) {
      return;
    }
    text.append(' ').append(name);
    new TreeMap<>(values).forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
  }

  private static List<String> storageClass(StorageClass storage, String age) {
    Map<String, String> annotations = orEmpty(storage.getMetadata().getAnnotations());
    boolean isDefault =
        "true".equals(annotations.get("storageclass.kubernetes.io/is-default-class"));
    return List.of(
        text(storage.getProvisioner()),
        text(storage.getReclaimPolicy()),
        text(storage.getVolumeBindingMode()),
        isDefault ? "yes" : "no",
        age);
  }

  private static List<String> volume(PersistentVolume volume, String age) {
    var spec = volume.getSpec();
    Quantity capacity = spec.getCapacity() == null ? null : spec.getCapacity().get("storage");
    String claim =
        spec.getClaimRef() == null
            ? ""
            : spec.getClaimRef().getNamespace() + "/" + spec.getClaimRef().getName();
    return List.of(
        capacity == null ? "" : capacity.toString(),
        String.join(",", ObjectTables.listOrEmpty(spec.getAccessModes())),
        text(spec.getPersistentVolumeReclaimPolicy()),
        volume.getStatus() == null ? "" : text(volume.getStatus().getPhase()),
        claim,
        age);
  }

  /** What the policy selects and whether it lets anything in or out. */
  private static List<String> networkPolicy(NetworkPolicy policy, String age) {
    var spec = policy.getSpec();
    String selector =
        spec.getPodSelector() == null ? "<all>" : Selectors.text(spec.getPodSelector());
    List<String> types = ObjectTables.listOrEmpty(spec.getPolicyTypes());
    return List.of(
        selector.isEmpty() ? "<all pods>" : selector,
        types.isEmpty() ? "Ingress" : String.join(",", types),
        rules(types.isEmpty() || types.contains("Ingress"), spec.getIngress()),
        rules(types.contains("Egress"), spec.getEgress()),
        age);
  }

  private static String rules(boolean applies, List<?> rules) {
    if (!applies) {
      return "not restricted";
    }
    List<?> list = ObjectTables.listOrEmpty(rules);
    return list.isEmpty() ? "DENY ALL" : list.size() + " rule" + (list.size() == 1 ? "" : "s");
  }

  private static List<String> disruptionBudget(PodDisruptionBudget budget, String age) {
    var spec = budget.getSpec();
    return List.of(
        spec.getMinAvailable() == null ? "N/A" : String.valueOf(spec.getMinAvailable().getValue()),
        spec.getMaxUnavailable() == null
            ? "N/A"
            : String.valueOf(spec.getMaxUnavailable().getValue()),
        budget.getStatus() == null
            ? "0"
            : String.valueOf(ObjectTables.orZero(budget.getStatus().getDisruptionsAllowed())),
        age);
  }

  private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
    return map == null ? Map.of() : map;
  }

  private static String text(String value) {
    return value == null ? "" : value;
  }
}
