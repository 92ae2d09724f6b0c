package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tool.ToolResult;
import dev.oats.tools.metrics.PrometheusClient.Answer;
import dev.oats.tools.metrics.SeriesSummary.Point;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/** Turns query answers into a summary an engineer scans: one line or one block per series. */
final class QueryReport {

  /** Instant series take one line each, so more of them fit. */
  static final int INSTANT_SERIES = 20;

  /** Range series take a block each. */
  static final int RANGE_SERIES = 10;

  private static final DateTimeFormatter TIME_OF_DAY =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY_AND_TIME =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private QueryReport() {}

  /** The answer to an instant query: a vector, a scalar, a string, or a matrix of raw samples. */
  static ToolResult instant(String query, Instant at, Answer answer) {
    JsonNode data = answer.data();
    String type = data.path("resultType").asText();
    String when = at == null ? "now" : "at " + at;
    return switch (type) {
      case "scalar", "string" ->
          withWarnings(
              ToolResult.success(
                  "`%s` %s = %s (%s)"
                      .formatted(query, when, data.path("result").path(1).asText(), type)),
              answer);
      case "matrix" -> matrix("`%s` %s, raw samples".formatted(query, when), query, answer, 0);
      default -> vector(query, when, answer);
    };
  }

  /** The answer to a range query: one summary block per series. */
  static ToolResult range(String query, Instant start, Instant end, Duration step, Answer answer) {
    String heading =
        "`%s` from %s to %s (%s, step %s)"
            .formatted(
                query,
                start,
                end,
                TimeSpec.format(Duration.between(start, end)),
                TimeSpec.format(step));
    return matrix(heading, query, answer, Duration.between(start, end).toMillis());
  }

  private static ToolResult vector(String query, String when, Answer answer) {
    List<JsonNode> series = new ArrayList<>();
    answer.data().path("result").forEach(series::add);
    if (series.isEmpty()) {
      return noSeries(query, when);
    }
    series.sort(Comparator.comparingDouble(QueryReport::sortValue).reversed());
    StringBuilder out = new StringBuilder("`%s` %s: ".formatted(query, when));
    out.append(count(series.size(), INSTANT_SERIES, "highest value first")).append('\n');
    for (JsonNode one : series.subList(0, Math.min(INSTANT_SERIES, series.size()))) {
      out.append(Labels.format(one.path("metric")))
          .append(' ')
          .append(Values.format(instantValue(one)))
          .append('\n');
    }
    return withWarnings(ToolResult.success(out.toString().stripTrailing()), answer);
  }

  private static ToolResult matrix(String heading, String query, Answer answer, long rangeMillis) {
    List<Summarised> series = new ArrayList<>();
    answer.data().path("result").forEach(one -> series.add(summarise(one)));
    if (series.isEmpty()) {
      return noSeries(query, "in that range");
    }
    series.sort(Comparator.comparingDouble(Summarised::sortKey).reversed());
    long span =
        Math.max(rangeMillis, series.stream().mapToLong(Summarised::spanMillis).max().orElse(0));
    DateTimeFormatter times = span < Duration.ofDays(1).toMillis() ? TIME_OF_DAY : DAY_AND_TIME;
    StringBuilder out = new StringBuilder(heading).append(", times in UTC: ");
    out.append(count(series.size(), RANGE_SERIES, "highest max first")).append('\n');
    for (Summarised one : series.subList(0, Math.min(RANGE_SERIES, series.size()))) {
      out.append('\n').append(block(one, times));
    }
    return withWarnings(ToolResult.success(out.toString().stripTrailing()), answer);
  }

  private record Summarised(String labels, SeriesSummary summary, int points) {
    double sortKey() {
      return summary == null ? Double.NEGATIVE_INFINITY : summary.max();
    }

    long spanMillis() {
      return summary == null ? 0 : summary.span().toMillis();
    }
  }

  private static Summarised summarise(JsonNode series) {
    List<Point> points = new ArrayList<>();
    series
        .path("values")
        .forEach(
            sample ->
                points.add(
                    new Point(
                        Math.round(sample.path(0).asDouble() * 1000),
                        Values.parse(sample.path(1).asText()))));
    return new Summarised(
        Labels.format(series.path("metric")), SeriesSummary.of(points), points.size());
  }

  private static String block(Summarised series, DateTimeFormatter times) {
    SeriesSummary summary = series.summary();
    if (summary == null) {
      return "%s\n  all %d points are NaN or infinite\n"
          .formatted(series.labels(), series.points());
    }
    StringBuilder block = new StringBuilder(series.labels()).append('\n');
    block.append(
        "  last %s | min %s | max %s | mean %s | trend %s (%s over %s)\n"
            .formatted(
                Values.format(summary.last()),
                Values.format(summary.min()),
                Values.format(summary.max()),
                Values.format(summary.mean()),
                summary.trend().name().toLowerCase(java.util.Locale.ROOT),
                Values.signed(summary.change()),
                summary.span().isZero() ? "one point" : TimeSpec.format(summary.span())));
    StringJoiner shape = new StringJoiner(", ", "  points: ", "\n");
    for (Point point : summary.shape()) {
      shape.add(
          times.format(Instant.ofEpochMilli(point.epochMillis()))
              + " "
              + Values.format(point.value()));
    }
    block.append(shape);
    if (summary.nonFinite() > 0) {
      block.append("  (%d NaN or infinite points left out)\n".formatted(summary.nonFinite()));
    }
    return block.toString();
  }

  private static String count(int total, int shown, String order) {
    if (total <= shown) {
      return total == 1 ? "1 series" : total + " series";
    }
    return "showing %d of %d series (%s); add labels to narrow".formatted(shown, total, order);
  }

  private static double instantValue(JsonNode series) {
    return Values.parse(series.path("value").path(1).asText("NaN"));
  }

  /** NaN sorts last, below every number. */
  private static double sortValue(JsonNode series) {
    double value = instantValue(series);
    return Double.isNaN(value) ? Double.NEGATIVE_INFINITY : value;
  }

  private static ToolResult noSeries(String query, String when) {
    return ToolResult.noData(
        ("No series matched `%s` %s. Check the metric name and label values; to find metric"
                + " names, query count by (__name__) ({__name__=~\".*part_of_name.*\"}).")
            .formatted(query, when));
  }

  private static ToolResult withWarnings(ToolResult result, Answer answer) {
    if (answer.warnings().isEmpty()) {
      return result;
    }
    return ToolResult.success(
        result.output() + "\nPrometheus warnings: " + String.join("; ", answer.warnings()));
  }
}
