package dev.oats.tools.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.tools.kube.ContainerView;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What an engineer checks first in a pod template: its service account, restart policy and node
 * selector, then per container the image, ports, environment (where secret values come from, never
 * the values), resources, probes and mounts, written by the same {@link ContainerView} as {@code
 * kubectl_info describe}; then the volumes. A pod saved with its status shows each container's
 * state too.
 */
final class PodSpecSummary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PodSpecSummary() {}

  /**
   * Writes the pod spec.
   *
   * @param status the pod's status, or a missing node for a template
   */
  static void describe(JsonNode podSpec, JsonNode status, StringBuilder out) {
    line(out, "  ", "service account", podSpec.path("serviceAccountName").asText());
    line(out, "  ", "restart policy", podSpec.path("restartPolicy").asText());
    line(out, "  ", "node selector", pairs(podSpec.path("nodeSelector")));
    if (!status.isMissingNode()) {
      String phase = status.path("phase").asText();
      String reason = status.path("reason").asText();
      line(out, "  ", "phase", reason.isEmpty() ? phase : phase + " (" + reason + ")");
    }
    if (!podSpec.isObject()) {
      return;
    }
    try {
      ContainerView.writeAll(
          out,
          JSON.treeToValue(podSpec, PodSpec.class),
          status.isMissingNode() ? null : JSON.treeToValue(status, PodStatus.class),
          Instant.now(),
          "  ");
    } catch (JsonProcessingException e) {
      line(out, "  ", "containers", "not readable as a pod spec: " + e.getOriginalMessage());
    } catch (IllegalArgumentException e) {
      line(out, "  ", "containers", "not readable as a pod spec: " + e.getMessage());
    }
    line(out, "  ", "volumes", volumes(podSpec.path("volumes")));
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
