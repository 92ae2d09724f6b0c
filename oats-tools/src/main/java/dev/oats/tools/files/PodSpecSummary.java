package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What an engineer checks first in a pod template: per container the image, ports, environment
 * (names and where secret values come from, never the values), resources, probes and mounts; then
 * the volumes. Also the container states of a pod fetched with its status.
 */
final class PodSpecSummary {

  private static final String CONTAINER_INDENT = "    ";

  private PodSpecSummary() {}

  static void describe(JsonNode podSpec, StringBuilder out) {
    line(out, "  ", "service account", podSpec.path("serviceAccountName").asText());
    line(out, "  ", "restart policy", podSpec.path("restartPolicy").asText());
    line(out, "  ", "node selector", pairs(podSpec.path("nodeSelector")));
    for (JsonNode container : podSpec.path("initContainers")) {
      container(container, "init container", out);
    }
    for (JsonNode container : podSpec.path("containers")) {
      container(container, "container", out);
    }
    line(out, "  ", "volumes", volumes(podSpec.path("volumes")));
  }

  /** Restarts, states and last terminations from a pod's status. */
  static void describeStatus(JsonNode status, StringBuilder out) {
    if (status.isMissingNode()) {
      return;
    }
    String phase = status.path("phase").asText();
    String reason = status.path("reason").asText();
    line(out, "  ", "phase", reason.isEmpty() ? phase : phase + " (" + reason + ")");
    for (JsonNode container : status.path("containerStatuses")) {
      List<String> parts = new ArrayList<>();
      parts.add(container.path("ready").asBoolean() ? "ready" : "not ready");
      parts.add("restarts " + container.path("restartCount").asInt());
      parts.add("state " + state(container.path("state")));
      String last = state(container.path("lastState"));
      if (!last.isEmpty()) {
        parts.add("last state " + last);
      }
      line(out, "  ", "container " + container.path("name").asText(), String.join(", ", parts));
    }
  }

  private static String state(JsonNode state) {
    if (state.has("waiting")) {
      return "waiting (" + state.path("waiting").path("reason").asText() + ")";
    }
    if (state.has("terminated")) {
      JsonNode terminated = state.path("terminated");
      return "terminated (%s, exit code %s)"
          .formatted(terminated.path("reason").asText(), terminated.path("exitCode").asText());
    }
    return state.has("running") ? "running" : "";
  }

  private static void container(JsonNode container, String label, StringBuilder out) {
    out.append("  ")
        .append(label)
        .append(' ')
        .append(container.path("name").asText())
        .append(":\n");
    String pull = container.path("imagePullPolicy").asText();
    String image = container.path("image").asText("(none)");
    line(out, CONTAINER_INDENT, "image", pull.isEmpty() ? image : image + " (pull " + pull + ")");
    line(out, CONTAINER_INDENT, "command", list(container.path("command")));
    line(out, CONTAINER_INDENT, "args", list(container.path("args")));
    line(out, CONTAINER_INDENT, "ports", ports(container.path("ports")));
    line(out, CONTAINER_INDENT, "env", env(container.path("env")));
    line(out, CONTAINER_INDENT, "env from", envFrom(container.path("envFrom")));
    line(out, CONTAINER_INDENT, "resources", resources(container.path("resources")));
    boolean anyProbe = false;
    for (String probe : List.of("liveness", "readiness", "startup")) {
      JsonNode spec = container.path(probe + "Probe");
      if (!spec.isMissingNode()) {
        line(out, CONTAINER_INDENT, probe + " probe", probe(spec));
        anyProbe = true;
      }
    }
    if (!anyProbe) {
      line(out, CONTAINER_INDENT, "probes", "none");
    }
    line(out, CONTAINER_INDENT, "volume mounts", mounts(container.path("volumeMounts")));
  }

  private static String ports(JsonNode ports) {
    return join(
        ports,
        port -> {
          String text =
              port.path("containerPort").asText() + "/" + port.path("protocol").asText("TCP");
          String name = port.path("name").asText();
          return name.isEmpty() ? text : text + " (" + name + ")";
        });
  }

  private static String env(JsonNode env) {
    return join(
        env,
        variable -> {
          String name = variable.path("name").asText();
          JsonNode from = variable.path("valueFrom");
          if (from.has("secretKeyRef")) {
            return name + " (from secret " + reference(from.path("secretKeyRef")) + ")";
          }
          if (from.has("configMapKeyRef")) {
            return name + " (from configmap " + reference(from.path("configMapKeyRef")) + ")";
          }
          if (from.has("fieldRef")) {
            return name + " (from field " + from.path("fieldRef").path("fieldPath").asText() + ")";
          }
          if (from.has("resourceFieldRef")) {
            return name
                + " (from resource "
                + from.path("resourceFieldRef").path("resource").asText()
                + ")";
          }
          return name;
        });
  }

  private static String reference(JsonNode ref) {
    String optional = ref.path("optional").asBoolean() ? ", optional" : "";
    return ref.path("name").asText() + ", key " + ref.path("key").asText() + optional;
  }

  private static String envFrom(JsonNode sources) {
    return join(
        sources,
        source -> {
          String prefix = source.path("prefix").asText();
          String suffix = prefix.isEmpty() ? " (all keys)" : " (all keys, prefix " + prefix + ")";
          if (source.has("secretRef")) {
            return "secret " + source.path("secretRef").path("name").asText() + suffix;
          }
          return "configmap " + source.path("configMapRef").path("name").asText() + suffix;
        });
  }

  private static String resources(JsonNode resources) {
    String requests = pairs(resources.path("requests"));
    String limits = pairs(resources.path("limits"));
    if (requests.isEmpty() && limits.isEmpty()) {
      return "none set (BestEffort unless other containers set them)";
    }
    return "requests "
        + (requests.isEmpty() ? "none" : requests)
        + "; limits "
        + (limits.isEmpty() ? "none" : limits);
  }

  private static String probe(JsonNode probe) {
    String action;
    if (probe.has("httpGet")) {
      JsonNode http = probe.path("httpGet");
      action =
          "HTTP%s GET %s on port %s"
              .formatted(
                  http.path("scheme").asText("HTTP").equals("HTTPS") ? "S" : "",
                  http.path("path").asText("/"),
                  http.path("port").asText());
    } else if (probe.has("tcpSocket")) {
      action = "TCP port " + probe.path("tcpSocket").path("port").asText();
    } else if (probe.has("grpc")) {
      action = "gRPC port " + probe.path("grpc").path("port").asText();
    } else if (probe.has("exec")) {
      action = "exec " + list(probe.path("exec").path("command"));
    } else {
      action = "no action";
    }
    return ("%s; initial delay %ds, period %ds, timeout %ds, failure threshold %d,"
            + " success threshold %d")
        .formatted(
            action,
            probe.path("initialDelaySeconds").asInt(0),
            probe.path("periodSeconds").asInt(10),
            probe.path("timeoutSeconds").asInt(1),
            probe.path("failureThreshold").asInt(3),
            probe.path("successThreshold").asInt(1));
  }

  private static String mounts(JsonNode mounts) {
    return join(
        mounts,
        mount -> {
          String text = mount.path("name").asText() + " at " + mount.path("mountPath").asText();
          if (mount.has("subPath")) {
            text += " (subPath " + mount.path("subPath").asText() + ")";
          }
          return mount.path("readOnly").asBoolean() ? text + " (read-only)" : text;
        });
  }

  private static String volumes(JsonNode volumes) {
    return join(
        volumes,
        volume -> {
          String source =
              volume
                  .propertyStream()
                  .map(Map.Entry::getKey)
                  .filter(key -> !key.equals("name"))
                  .findFirst()
                  .orElse("unknown");
          JsonNode spec = volume.path(source);
          String target =
              spec.path("name")
                  .asText(
                      spec.path("secretName")
                          .asText(spec.path("claimName").asText(spec.path("path").asText())));
          return volume.path("name").asText()
              + " ("
              + source
              + (target.isEmpty() ? "" : " " + target)
              + ")";
        });
  }

  static String pairs(JsonNode map) {
    return map.propertyStream()
        .map(entry -> entry.getKey() + "=" + entry.getValue().asText())
        .collect(Collectors.joining(", "));
  }

  static String list(JsonNode items) {
    return items.isEmpty() || !items.isArray()
        ? ""
        : "["
            + StreamSupport.stream(items.spliterator(), false)
                .map(JsonNode::asText)
                .collect(Collectors.joining(", "))
            + "]";
  }

  static String join(JsonNode items, Function<JsonNode, String> describe) {
    List<String> parts = new ArrayList<>();
    items.forEach(item -> parts.add(describe.apply(item)));
    return String.join(", ", parts);
  }

  /** Appends {@code indent label: value} when there is a value. */
  static void line(StringBuilder out, String indent, String label, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(indent).append(label).append(": ").append(value).append('\n');
    }
  }
}
