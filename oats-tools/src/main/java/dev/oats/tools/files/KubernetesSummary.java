package dev.oats.tools.files;

import static dev.oats.tools.files.PodSpecSummary.join;
import static dev.oats.tools.files.PodSpecSummary.line;
import static dev.oats.tools.files.PodSpecSummary.pairs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A short description of a Kubernetes object: what it is and where, then what matters for its kind.
 * Secret values never appear: only their keys.
 */
final class KubernetesSummary {

  private static final Set<String> WORKLOADS =
      Set.of("Pod", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob", "ReplicaSet");

  private KubernetesSummary() {}

  /** Whether the document looks like a Kubernetes object (it has an apiVersion and a kind). */
  static boolean isObject(JsonNode document) {
    return document.path("apiVersion").isTextual() && document.path("kind").isTextual();
  }

  /** The object's kind, namespace and name: {@code Deployment shop/checkout-api}. */
  static String title(JsonNode object) {
    JsonNode metadata = object.path("metadata");
    String namespace = metadata.path("namespace").asText();
    String name = metadata.path("name").asText(metadata.path("generateName").asText("(no name)"));
    return object.path("kind").asText() + " " + (namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  static String describe(JsonNode object) {
    StringBuilder out = new StringBuilder();
    String namespace = object.path("metadata").path("namespace").asText();
    out.append(title(object))
        .append(" (")
        .append(object.path("apiVersion").asText())
        .append(namespace.isEmpty() ? ", no namespace set" : "")
        .append(")\n");
    line(out, "  ", "labels", pairs(object.path("metadata").path("labels")));
    String kind = object.path("kind").asText();
    if (WORKLOADS.contains(kind)) {
      workload(kind, object, out);
    } else {
      switch (kind) {
        case "Service" -> service(object.path("spec"), out);
        case "ConfigMap" -> configMap(object, out);
        case "Secret" -> secret(object, out);
        case "Ingress" -> ingress(object.path("spec"), out);
        default -> other(object, out);
      }
    }
    return out.toString();
  }

  private static void workload(String kind, JsonNode object, StringBuilder out) {
    JsonNode spec = object.path("spec");
    JsonNode podSpec =
        switch (kind) {
          case "Pod" -> spec;
          case "CronJob" -> spec.path("jobTemplate").path("spec").path("template").path("spec");
          default -> spec.path("template").path("spec");
        };
    line(out, "  ", "replicas", spec.path("replicas").asText());
    line(out, "  ", "selector", pairs(spec.path("selector").path("matchLabels")));
    line(out, "  ", "strategy", spec.path("strategy").path("type").asText());
    line(out, "  ", "schedule", spec.path("schedule").asText());
    line(out, "  ", "backoff limit", spec.path("backoffLimit").asText());
    line(out, "  ", "service name", spec.path("serviceName").asText());
    if (kind.equals("Pod")) {
      PodSpecSummary.describe(podSpec, object.path("status"), out);
    } else {
      PodSpecSummary.describe(podSpec, MissingNode.getInstance(), out);
      replicaStatus(object.path("status"), out);
    }
  }

  private static void replicaStatus(JsonNode status, StringBuilder out) {
    if (!status.has("replicas")) {
      return;
    }
    line(
        out,
        "  ",
        "status",
        "%d replicas, %d ready, %d updated, %d available"
            .formatted(
                status.path("replicas").asInt(),
                status.path("readyReplicas").asInt(),
                status.path("updatedReplicas").asInt(),
                status.path("availableReplicas").asInt()));
  }

  private static void service(JsonNode spec, StringBuilder out) {
    line(out, "  ", "type", spec.path("type").asText("ClusterIP"));
    line(out, "  ", "cluster IP", spec.path("clusterIP").asText());
    line(out, "  ", "external name", spec.path("externalName").asText());
    String selector = pairs(spec.path("selector"));
    line(
        out,
        "  ",
        "selector",
        selector.isEmpty() ? "none (endpoints are not managed by Kubernetes)" : selector);
    line(
        out,
        "  ",
        "ports",
        join(
            spec.path("ports"),
            port -> {
              String name = port.path("name").asText();
              String text =
                  (name.isEmpty() ? "" : name + " ")
                      + port.path("port").asText()
                      + " -> "
                      + port.path("targetPort").asText(port.path("port").asText())
                      + "/"
                      + port.path("protocol").asText("TCP");
              return port.has("nodePort")
                  ? text + " (nodePort " + port.path("nodePort").asText() + ")"
                  : text;
            }));
  }

  private static void configMap(JsonNode object, StringBuilder out) {
    line(out, "  ", "keys", keys(object.path("data")));
    line(out, "  ", "binary keys", keys(object.path("binaryData")));
    out.append("  (values not shown: query data.<key> to read one)\n");
  }

  private static void secret(JsonNode object, StringBuilder out) {
    line(out, "  ", "type", object.path("type").asText("Opaque"));
    line(out, "  ", "keys", keys(object.path("data")));
    line(out, "  ", "stringData keys", keys(object.path("stringData")));
    out.append("  (values are never shown)\n");
  }

  private static void ingress(JsonNode spec, StringBuilder out) {
    line(out, "  ", "class", spec.path("ingressClassName").asText());
    line(
        out,
        "  ",
        "tls",
        join(
            spec.path("tls"),
            tls ->
                PodSpecSummary.list(tls.path("hosts"))
                    + " (secret "
                    + tls.path("secretName").asText()
                    + ")"));
    JsonNode defaultBackend =
        spec.has("defaultBackend") ? spec.path("defaultBackend") : spec.path("backend");
    line(out, "  ", "default backend", backend(defaultBackend));
    for (JsonNode rule : spec.path("rules")) {
      String host = rule.path("host").asText("*");
      for (JsonNode path : rule.path("http").path("paths")) {
        out.append("  ")
            .append(host)
            .append(path.path("path").asText("/"))
            .append(path.has("pathType") ? " (" + path.path("pathType").asText() + ")" : "")
            .append(" -> ")
            .append(backend(path.path("backend")))
            .append('\n');
      }
    }
  }

  private static String backend(JsonNode backend) {
    if (backend.has("service")) {
      JsonNode service = backend.path("service");
      JsonNode port = service.path("port");
      return "service "
          + service.path("name").asText()
          + ":"
          + port.path("number").asText(port.path("name").asText());
    }
    if (backend.has("serviceName")) {
      return "service "
          + backend.path("serviceName").asText()
          + ":"
          + backend.path("servicePort").asText();
    }
    return backend.has("resource")
        ? "resource " + backend.path("resource").path("name").asText()
        : "";
  }

  private static void other(JsonNode object, StringBuilder out) {
    List<String> sections = new ArrayList<>();
    object
        .propertyStream()
        .map(Map.Entry::getKey)
        .filter(key -> !Set.of("apiVersion", "kind", "metadata").contains(key))
        .forEach(
            key -> {
              JsonNode value = object.path(key);
              sections.add(value.isObject() ? key + " (" + keys(value) + ")" : key);
            });
    line(out, "  ", "fields", String.join("; ", sections));
  }

  private static String keys(JsonNode map) {
    return map.propertyStream().map(Map.Entry::getKey).collect(Collectors.joining(", "));
  }
}
