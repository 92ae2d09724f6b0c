package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tool.ToolResult;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Firing alerts first, then pending ones, each with its labels, age and summary. */
final class AlertsReport {

  /** The most alerts listed; the rest are counted. */
  static final int SHOWN = 30;

  private static final int ANNOTATION_CHARS = 300;

  private AlertsReport() {}

  static ToolResult render(JsonNode data, Instant now) {
    List<JsonNode> alerts = new ArrayList<>();
    data.path("alerts").forEach(alerts::add);
    if (alerts.isEmpty()) {
      return ToolResult.noData("No alerts are firing or pending in Prometheus.");
    }
    alerts.sort(
        Comparator.comparing((JsonNode alert) -> !isFiring(alert))
            .thenComparing(alert -> alert.path("activeAt").asText()));
    long firing = alerts.stream().filter(AlertsReport::isFiring).count();
    StringBuilder out =
        new StringBuilder(
            "%d alerts: %d firing, %d pending.\n"
                .formatted(alerts.size(), firing, alerts.size() - firing));
    for (JsonNode alert : alerts.subList(0, Math.min(SHOWN, alerts.size()))) {
      out.append(line(alert, now));
    }
    if (alerts.size() > SHOWN) {
      out.append("… and %d more alerts.\n".formatted(alerts.size() - SHOWN));
    }
    return ToolResult.success(out.toString().stripTrailing());
  }

  private static boolean isFiring(JsonNode alert) {
    return "firing".equals(alert.path("state").asText());
  }

  private static String line(JsonNode alert, Instant now) {
    JsonNode labels = alert.path("labels");
    StringBuilder line =
        new StringBuilder(
            "%-7s %s %s"
                .formatted(
                    alert.path("state").asText().toUpperCase(Locale.ROOT),
                    labels.path("alertname").asText("(unnamed)"),
                    Labels.format(labels, "alertname")));
    line.append(since(alert.path("activeAt").asText(""), now));
    if (alert.hasNonNull("value")) {
      line.append(", value ").append(value(alert.path("value").asText()));
    }
    line.append('\n');
    annotation(line, alert.path("annotations"), "summary");
    annotation(line, alert.path("annotations"), "description");
    annotation(line, alert.path("annotations"), "runbook_url");
    return line.toString();
  }

  private static void annotation(StringBuilder line, JsonNode annotations, String name) {
    String text = annotations.path(name).asText("").strip().replaceAll("\\s+", " ");
    if (!text.isEmpty()) {
      if (text.length() > ANNOTATION_CHARS) {
        text = dev.oats.redact.SafeCut.head(text, ANNOTATION_CHARS) + "…";
      }
      line.append("  ").append(name).append(": ").append(text).append('\n');
    }
  }

  private static String since(String activeAt, Instant now) {
    try {
      Instant start = Instant.parse(activeAt).truncatedTo(ChronoUnit.SECONDS);
      Duration age = Duration.between(start, now);
      return " since %s (%s ago)"
          .formatted(start, age.isNegative() ? "0s" : TimeSpec.format(age.withNanos(0)));
    } catch (DateTimeException e) {
      return "";
    }
  }

  private static String value(String text) {
    try {
      return Values.format(Values.parse(text));
    } catch (NumberFormatException e) {
      return text;
    }
  }
}
