package dev.oats.eval.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Legacy API discovery ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<group>/<v>})
 * for the kinds scenarios use, which the mock server does not serve: {@code kubectl} asks for it
 * before any read.
 */
final class Discovery {

  /** name, singular name, kind, namespaced, short names. */
  record Resource(String name, String kind, boolean namespaced, String shortNames) {

    /** A custom resource as its definition names it. */
    static Resource of(
        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition crd) {
      var names = crd.getSpec().getNames();
      return new Resource(
          names.getPlural(),
          names.getKind(),
          "Namespaced".equals(crd.getSpec().getScope()),
          names.getShortNames() == null || names.getShortNames().isEmpty()
              ? ""
              : names.getShortNames().getFirst());
    }
  }

  private static final Map<String, List<Resource>> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put(
        "v1",
        List.of(
            new Resource("pods", "Pod", true, "po"),
            new Resource("pods/log", "Pod", true, ""),
            new Resource("services", "Service", true, "svc"),
            new Resource("endpoints", "Endpoints", true, "ep"),
            new Resource("events", "Event", true, "ev"),
            new Resource("configmaps", "ConfigMap", true, "cm"),
            new Resource("secrets", "Secret", true, ""),
            new Resource("serviceaccounts", "ServiceAccount", true, "sa"),
            new Resource("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
            new Resource("resourcequotas", "ResourceQuota", true, "quota"),
            new Resource("limitranges", "LimitRange", true, "limits"),
            new Resource("nodes", "Node", false, "no"),
            new Resource("namespaces", "Namespace", false, "ns"),
            new Resource("persistentvolumes", "PersistentVolume", false, "pv")));
    GROUPS.put(
        "apps/v1",
        List.of(
            new Resource("deployments", "Deployment", true, "deploy"),
            new Resource("replicasets", "ReplicaSet", true, "rs"),
            new Resource("statefulsets", "StatefulSet", true, "sts"),
            new Resource("daemonsets", "DaemonSet", true, "ds")));
    GROUPS.put(
        "batch/v1",
        List.of(
            new Resource("jobs", "Job", true, ""),
            new Resource("cronjobs", "CronJob", true, "cj")));
    GROUPS.put(
        "autoscaling/v2",
        List.of(new Resource("horizontalpodautoscalers", "HorizontalPodAutoscaler", true, "hpa")));
    GROUPS.put(
        "networking.k8s.io/v1",
        List.of(
            new Resource("networkpolicies", "NetworkPolicy", true, "netpol"),
            new Resource("ingresses", "Ingress", true, "ing")));
    GROUPS.put(
        "policy/v1",
        List.of(new Resource("poddisruptionbudgets", "PodDisruptionBudget", true, "pdb")));
    GROUPS.put(
        "storage.k8s.io/v1", List.of(new Resource("storageclasses", "StorageClass", false, "sc")));
  }

  private Discovery() {}

  /**
   * The discovery document for a path, or empty when the path is not a discovery path.
   *
   * @param customGroups the resources of the scenario's CRDs by group version: listed in {@code
   *     /apis} and described in {@code /apis/<group>/<version>} as a real server does (the mock
   *     server answers that path with a List, which kubectl refuses)
   */
  static Optional<String> answer(String path, Map<String, List<Resource>> customGroups) {
    String bare = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (bare.endsWith("/")) {
      bare = bare.substring(0, bare.length() - 1);
    }
    if (bare.equals("/api")) {
      return Optional.of(
          "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
              + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:443\"}]}");
    }
    if (bare.equals("/api/v1")) {
      return Optional.of(resources("v1"));
    }
    if (bare.equals("/apis")) {
      List<String> groups = new ArrayList<>();
      List<String> all = new ArrayList<>(GROUPS.keySet());
      customGroups.keySet().stream().filter(gv -> !all.contains(gv)).sorted().forEach(all::add);
      for (String groupVersion : all) {
        if (!groupVersion.contains("/")) {
          continue;
        }
        String group = groupVersion.substring(0, groupVersion.indexOf('/'));
        String gv =
            "{\"groupVersion\":\""
                + groupVersion
                + "\",\"version\":\""
                + groupVersion.substring(groupVersion.indexOf('/') + 1)
                + "\"}";
        groups.add(
            "{\"name\":\""
                + group
                + "\",\"versions\":["
                + gv
                + "],\"preferredVersion\":"
                + gv
                + "}");
      }
      return Optional.of(
          "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
              + String.join(",", groups)
              + "]}");
    }
    if (bare.startsWith("/apis/")) {
      String groupVersion = bare.substring("/apis/".length());
      List<Resource> resources = GROUPS.getOrDefault(groupVersion, customGroups.get(groupVersion));
      if (resources != null) {
        return Optional.of(resources(groupVersion, resources));
      }
    }
    return Optional.empty();
  }

  private static String resources(String groupVersion) {
    return resources(groupVersion, GROUPS.get(groupVersion));
  }

  private static String resources(String groupVersion, List<Resource> resources) {
    List<String> items = new ArrayList<>();
    for (Resource r : resources) {
      String singular = r.name().contains("/") ? "" : r.kind().toLowerCase(java.util.Locale.ROOT);
      String shorts =
          r.shortNames().isEmpty() ? "" : ",\"shortNames\":[\"" + r.shortNames() + "\"]";
      items.add(
          "{\"name\":\""
              + r.name()
              + "\",\"singularName\":\""
              + singular
              + "\",\"namespaced\":"
              + r.namespaced()
              + ",\"kind\":\""
              + r.kind()
              + "\",\"verbs\":[\"get\",\"list\",\"watch\",\"create\",\"update\",\"patch\","
              + "\"delete\"]"
              + shorts
              + "}");
    }
    return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\""
        + groupVersion
        + "\",\"resources\":["
        + String.join(",", items)
        + "]}";
  }
}
