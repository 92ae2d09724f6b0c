package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.metrics.PrometheusClient.PrometheusException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code metrics_fetcher}: instant and range PromQL queries, alerts and scrape targets from
 * Prometheus, summarised per series (last, min, max, mean, trend and a few points).
 */
final class MetricsFetcherTool implements Tool {

  static final String NAME = "metrics_fetcher";

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration DEFAULT_RANGE = Duration.ofHours(1);

  /** Prometheus stops evaluating this long before we stop waiting, so its own error wins. */
  private static final Duration SERVER_MARGIN = Duration.ofSeconds(1);

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Queries Prometheus (PromQL). Modes: query (the current value of each series; the default), \
              range (how series moved over a time range, summarised per series as last/min/max/mean, a \
              trend and a few points), alerts (firing and pending alerts with their summaries), targets \
              (scrape targets, down ones first with their last error). Use rate() or increase() on \
              counters (names ending in _total), and label matchers such as {namespace="shop"} to narrow \
              many series. Times are RFC3339, unix seconds, or relative like -1h or now. \
              Example: {"query": "sum by (pod) (rate(container_cpu_usage_seconds_total{namespace=\\"shop\\"}[5m]))", "mode": "range", "start": "-1h"}""",
          ToolCategory.OBSERVABILITY,
          ParameterSchema.object()
              .nonEmptyString(
                  "query", "A PromQL expression. Required for the modes query and range.")
              .string(
                  "mode",
                  p ->
                      p.oneOf(
                              Arrays.stream(Mode.values())
                                  .map(mode -> mode.name().toLowerCase(Locale.ROOT))
                                  .toList())
                          .description(
                              "query: the value now (or at end); range: how series moved from"
                                  + " start to end; alerts: firing and pending alerts; targets:"
                                  + " scrape targets, down ones first. Default: range when start"
                                  + " is given, else query."))
              .string(
                  "start",
                  "Start of a range: RFC3339 (2024-05-01T10:00:00Z), unix seconds, or relative to"
                      + " now (-1h, now-30m). Default: 1h before end.")
              .string(
                  "end",
                  "End of a range, or the time of an instant query. Same forms as start. Default:"
                      + " now.")
              .string(
                  "step",
                  "Resolution of a range, such as 30s, 1m or 5m. Default: chosen so the range has"
                      + " at most 120 points.")
              .closed()
              .build());

  private final PrometheusClient client;
  private final Clock clock;

  MetricsFetcherTool(PrometheusClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  private enum Mode {
    QUERY,
    RANGE,
    ALERTS,
    TARGETS
  }

  /** The arguments, read and checked before anything is sent. */
  private record Request(Mode mode, String query, Instant start, Instant end, Duration step) {}

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Duration timeout() {
    return TIMEOUT;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) throws InterruptedException {
    Instant now = clock.instant();
    Duration timeout = Duration.between(now, context.deadline());
    now = now.truncatedTo(ChronoUnit.SECONDS);
    if (timeout.compareTo(Duration.ofMillis(100)) < 0) {
      return ToolResult.error("No time is left for a Prometheus call in this investigation.");
    }
    timeout = timeout.compareTo(TIMEOUT) < 0 ? timeout : TIMEOUT;
    Request request;
    try {
      request = request(arguments, now);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    try {
      return run(request, now, timeout);
    } catch (PrometheusException e) {
      return ToolResult.error(e.getMessage());
    }
  }

  private ToolResult run(Request request, Instant now, Duration timeout)
      throws PrometheusException, InterruptedException {
    return switch (request.mode()) {
      case QUERY -> instant(request, timeout);
      case RANGE -> range(request, timeout);
      case ALERTS ->
          AlertsReport.render(client.get("/api/v1/alerts", Map.of(), timeout).data(), now);
      case TARGETS ->
          TargetsReport.render(
              client.get("/api/v1/targets", Map.of("state", "active"), timeout).data(), now);
    };
  }

  private ToolResult instant(Request request, Duration timeout)
      throws PrometheusException, InterruptedException {
    Map<String, String> form = form(request.query(), timeout);
    if (request.end() != null) {
      form.put("time", TimeSpec.unix(request.end()));
    }
    return QueryReport.instant(
        request.query(), request.end(), client.post("/api/v1/query", form, timeout));
  }

  private ToolResult range(Request request, Duration timeout)
      throws PrometheusException, InterruptedException {
    Map<String, String> form = form(request.query(), timeout);
    form.put("start", TimeSpec.unix(request.start()));
    form.put("end", TimeSpec.unix(request.end()));
    form.put("step", TimeSpec.format(request.step()));
    return QueryReport.range(
        request.query(),
        request.start(),
        request.end(),
        request.step(),
        client.post("/api/v1/query_range", form, timeout));
  }

  private static Map<String, String> form(String query, Duration timeout) {
    Duration serverTimeout = timeout.minus(SERVER_MARGIN);
    Map<String, String> form = new LinkedHashMap<>();
    form.put("query", query);
    form.put(
        "timeout",
        TimeSpec.format(
            serverTimeout.isNegative() || serverTimeout.isZero() ? timeout : serverTimeout));
    return form;
  }

  private static Request request(ObjectNode arguments, Instant now) {
    String query = text(arguments, "query");
    String start = text(arguments, "start");
    String end = text(arguments, "end");
    String step = text(arguments, "step");
    Mode mode = mode(text(arguments, "mode"), start);
    if ((mode == Mode.QUERY || mode == Mode.RANGE) && query == null) {
      throw new IllegalArgumentException(
          "query is required for mode %s: give a PromQL expression such as up{job=\"api\"}"
              .formatted(mode.name().toLowerCase(Locale.ROOT)));
    }
    if (mode != Mode.RANGE) {
      return new Request(
          mode, query, null, end == null ? null : TimeSpec.instant("end", end, now), null);
    }
    Instant to = end == null ? now : TimeSpec.instant("end", end, now);
    Instant from = start == null ? to.minus(DEFAULT_RANGE) : TimeSpec.instant("start", start, now);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("start (%s) must be before end (%s)".formatted(from, to));
    }
    Duration range = Duration.between(from, to);
    return new Request(mode, query, from, to, step(step, range));
  }

  private static Duration step(String text, Duration range) {
    if (text == null) {
      return TimeSpec.defaultStep(range);
    }
    Duration step = TimeSpec.duration("step", text);
    long points = range.toMillis() / step.toMillis();
    if (points > TimeSpec.MAX_POINTS) {
      throw new IllegalArgumentException(
          "step %s over %s gives %d points per series, more than Prometheus allows (%d): use a step of at least %s, or leave step out"
              .formatted(
                  text,
                  TimeSpec.format(range),
                  points,
                  TimeSpec.MAX_POINTS,
                  TimeSpec.format(
                      Duration.ofSeconds(Math.ceilDiv(range.toSeconds(), TimeSpec.MAX_POINTS)))));
    }
    return step;
  }

  private static Mode mode(String mode, String start) {
    if (mode == null) {
      return start == null ? Mode.QUERY : Mode.RANGE;
    }
    try {
      return Mode.valueOf(mode.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "mode '%s' is unknown: use query, range, alerts or targets".formatted(mode), e);
    }
  }

  private static String text(ObjectNode arguments, String name) {
    String value = arguments.path(name).asText("").strip();
    return value.isEmpty() ? null : value;
  }
}
