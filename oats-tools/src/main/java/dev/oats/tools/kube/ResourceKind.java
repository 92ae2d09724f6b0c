package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The object types kubectl_info reads, with the names kubectl accepts for them. */
enum ResourceKind {
  POD(Pod.class, "pods", "pod", "po"),
  DEPLOYMENT(Deployment.class, "deployments", "deployment", "deploy"),
  STATEFULSET(StatefulSet.class, "statefulsets", "statefulset", "sts"),
  DAEMONSET(DaemonSet.class, "daemonsets", "daemonset", "ds"),
  REPLICASET(ReplicaSet.class, "replicasets", "replicaset", "rs"),
  JOB(Job.class, "jobs", "job"),
  CRONJOB(CronJob.class, "cronjobs", "cronjob", "cj"),
  SERVICE(Service.class, "services", "service", "svc"),
  ENDPOINTS(Endpoints.class, "endpoints", "endpoint", "ep"),
  INGRESS(Ingress.class, "ingresses", "ingress", "ing"),
  CONFIGMAP(ConfigMap.class, "configmaps", "configmap", "cm"),
  SECRET(Secret.class, "secrets", "secret"),
  NODE(Node.class, "nodes", "node", "no"),
  NAMESPACE(Namespace.class, "namespaces", "namespace", "ns"),
  EVENT(Event.class, "events", "event", "ev"),
  PERSISTENTVOLUMECLAIM(
      PersistentVolumeClaim.class, "persistentvolumeclaims", "persistentvolumeclaim", "pvc"),
  HORIZONTALPODAUTOSCALER(
      HorizontalPodAutoscaler.class, "horizontalpodautoscalers", "horizontalpodautoscaler", "hpa"),
  RESOURCEQUOTA(ResourceQuota.class, "resourcequotas", "resourcequota", "quota"),
  LIMITRANGE(LimitRange.class, "limitranges", "limitrange", "limits"),
  STORAGECLASS(StorageClass.class, "storageclasses", "storageclass", "sc"),
  PERSISTENTVOLUME(PersistentVolume.class, "persistentvolumes", "persistentvolume", "pv"),
  NETWORKPOLICY(NetworkPolicy.class, "networkpolicies", "networkpolicy", "netpol"),
  PODDISRUPTIONBUDGET(
      PodDisruptionBudget.class, "poddisruptionbudgets", "poddisruptionbudget", "pdb");

  private final Class<? extends HasMetadata> type;
  private final String plural;
  private final String singular;
  private final List<String> shortNames;

  ResourceKind(
      Class<? extends HasMetadata> type, String plural, String singular, String... shortNames) {
    this.type = type;
    this.plural = plural;
    this.singular = singular;
    this.shortNames = List.of(shortNames);
  }

  Class<? extends HasMetadata> type() {
    return type;
  }

  /** The plural name, as in an RBAC rule and in {@code kubectl get}. */
  String plural() {
    return plural;
  }

  /** The singular name, for sentences such as "no deployment named x". */
  String singular() {
    return singular;
  }

  /** The Kind as written in objects and in owner references. */
  String kind() {
    return type.getSimpleName();
  }

  boolean namespaced() {
    return switch (this) {
      case NODE, NAMESPACE, STORAGECLASS, PERSISTENTVOLUME -> false;
      default -> true;
    };
  }

  /** The kinds whose pods are chosen by a label selector in their spec. */
  boolean ownsPods() {
    return switch (this) {
      case DEPLOYMENT, STATEFULSET, DAEMONSET, REPLICASET, JOB -> true;
      default -> false;
    };
  }

  /**
   * Finds a kind by any of the names kubectl accepts: plural, singular, short name, Kind, or a name
   * qualified by its group ({@code deployments.apps}).
   */
  static Optional<ResourceKind> parse(String text) {
    String name = text.trim().toLowerCase(Locale.ROOT);
    int dot = name.indexOf('.');
    if (dot > 0) {
      name = name.substring(0, dot);
    }
    for (ResourceKind kind : values()) {
      if (name.equals(kind.plural)
          || name.equals(kind.singular)
          || kind.shortNames.contains(name)
          || name.equals(kind.kind().toLowerCase(Locale.ROOT))) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }

  /** The accepted names, for error messages and the tool description. */
  static String known() {
    return Arrays.stream(values())
        .map(
            kind ->
                kind.shortNames.isEmpty()
                    ? kind.plural
                    : kind.plural + " (" + String.join(", ", kind.shortNames) + ")")
        .collect(Collectors.joining(", "));
  }
}
