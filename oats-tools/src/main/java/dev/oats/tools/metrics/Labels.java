package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** A series' labels written the way PromQL reads them: {@code up{job="api", pod="x"}}. */
final class Labels {

  private static final String NAME = "__name__";

  private Labels() {}

  /** The metric name (when present) and the other labels, sorted by label name. */
  static String format(JsonNode metric) {
    return format(metric, "");
  }

  /** Like {@link #format(JsonNode)}, leaving out one label (such as {@code alertname}). */
  static String format(JsonNode metric, String omitted) {
    Map<String, String> labels = new TreeMap<>();
    metric.properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asText()));
    String name = labels.remove(NAME);
    labels.remove(omitted);
    StringJoiner joined = new StringJoiner(", ", "{", "}");
    labels.forEach((key, value) -> joined.add(key + "=\"" + escape(value) + "\""));
    return (name == null ? "" : name) + (labels.isEmpty() && name != null ? "" : joined);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
