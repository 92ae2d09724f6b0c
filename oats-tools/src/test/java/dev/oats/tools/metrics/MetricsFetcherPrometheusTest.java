package dev.oats.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.LoopbackServer;
import dev.oats.tools.testsupport.LoopbackServer.Reply;
import dev.oats.tools.testsupport.ToolRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * metrics_fetcher against a real Prometheus, started once for the class, scraping a small app the
 * test serves (a counter and gauges that change over time) and a target where nothing listens.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsFetcherPrometheusTest {

  private static final long STARTED = System.nanoTime();
  private static final int SHARDS = 25;

  @TempDir static Path dir;

  private static LoopbackServer app;
  private static PrometheusServer prometheus;
  private static Tool tool;

  @BeforeAll
  static void startPrometheusScrapingTheApp() throws Exception {
    app = LoopbackServer.start().route("/metrics", request -> exposition());
    prometheus =
        PrometheusServer.start(
            dir, config(app.port(), ToolRunner.closedPort()), Map.of("rules.yml", RULES));
    prometheus.awaitUntil(
        "five scrapes of the app",
        Duration.ofSeconds(20),
        server -> server.value("count_over_time(oats_test_queue_depth[1m])") >= 5);
    prometheus.awaitUntil(
        "the target with nothing listening to be scraped",
        Duration.ofSeconds(10),
        server -> health(server, "shop-worker").equals("down"));
    prometheus.awaitUntil(
        "both alerts to be evaluated",
        Duration.ofSeconds(10),
        server -> alertStates(server).containsAll(List.of("firing", "pending")));
    tool = enabled(prometheus.uri().toString());
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void anInstantQueryListsEachSeriesWithItsLabelsAndValue() {
    ToolResult result = ToolRunner.call(tool, "{\"query\": \"oats_test_requests_total\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("`oats_test_requests_total` now: 2 series")
        .contains("oats_test_requests_total{instance=\"127.0.0.1:" + app.port())
        .contains("job=\"shop-api\", route=\"/checkout\"}")
        .contains("route=\"/cart\"}");
  }

  @Test
  void instantSeriesComeHighestFirstAndAreCutWithACountAndAHintToNarrow() {
    ToolResult result =
        ToolRunner.call(tool, "{\"query\": \"oats_test_shard_load\", \"mode\": \"query\"}");

    assertThat(result.output())
        .contains("showing 20 of 25 series (highest value first); add labels to narrow");
    List<String> lines = result.output().lines().skip(1).toList();
    assertThat(lines).hasSize(QueryReport.INSTANT_SERIES);
    assertThat(lines.getFirst()).contains("shard=\"24\"").endsWith(" 24");
    assertThat(lines.getLast()).contains("shard=\"5\"").endsWith(" 5");
  }

  @Test
  void aRangeSummarisesTheSeriesWithLastMinMaxMeanATrendAndAFewPoints() {
    ToolResult result =
        ToolRunner.call(tool, "{\"query\": \"oats_test_queue_depth\", \"start\": \"-30s\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("(30s, step 1s), times in UTC: 1 series")
        .contains("oats_test_queue_depth{instance=")
        .containsPattern(
            "last \\d+ \\| min \\d+ \\| max \\d+ \\| mean [\\d.]+ \\| trend rising \\(\\+");
    String points =
        result
            .output()
            .lines()
            .filter(line -> line.startsWith("  points: "))
            .findFirst()
            .orElseThrow();
    assertThat(points.split(", ")).hasSizeBetween(2, SeriesSummary.SHAPE_POINTS);
  }

  @Test
  void aSteadyGaugeIsFlatAndManyRangeSeriesAreCutToTheHighest() {
    ToolResult result =
        ToolRunner.call(
            tool,
            "{\"query\": \"oats_test_shard_load\", \"mode\": \"range\", \"start\": \"now-20s\","
                + " \"end\": \"now\", \"step\": \"2s\"}");

    assertThat(result.output())
        .contains("step 2s")
        .contains("showing 10 of 25 series (highest max first); add labels to narrow")
        .contains("shard=\"24\"}\n  last 24 | min 24 | max 24 | mean 24 | trend flat (0 over")
        .doesNotContain("shard=\"14\"}");
  }

  @Test
  void alertsListFiringBeforePendingWithLabelsAgeAndSummary() {
    ToolResult result = ToolRunner.call(tool, "{\"mode\": \"alerts\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("2 alerts: 1 firing, 1 pending.")
        .containsPattern("FIRING  AlwaysFiring \\{severity=\"page\"\\} since \\S+Z \\(\\w+ ago\\)")
        .contains("  summary: The checkout queue is always backed up in this test")
        .contains("PENDING SlowBurn {severity=\"ticket\"}");
    assertThat(result.output().indexOf("FIRING")).isLessThan(result.output().indexOf("PENDING"));
  }

  @Test
  void targetsListTheDownTargetFirstWithItsScrapeError() {
    ToolResult result = ToolRunner.call(tool, "{\"mode\": \"targets\"}");

    assertThat(result.output()).startsWith("2 active targets: 1 down, 1 up.");
    List<String> lines = result.output().lines().toList();
    assertThat(lines.get(1)).startsWith("DOWN    job=shop-worker http://127.0.0.1:");
    assertThat(lines.get(2)).startsWith("  error: ").contains("connection refused");
    assertThat(lines.get(3)).startsWith("UP      job=shop-api http://127.0.0.1:" + app.port());
  }

  @Test
  void invalidPromqlIsReportedAsAPromqlError() {
    ToolResult result = ToolRunner.call(tool, "{\"query\": \"rate(oats_test_requests_total[5m]\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error()).startsWith("PromQL error: ").contains("parse error");
  }

  @Test
  void aMetricThatDoesNotExistIsNoDataWithAWayToFindNames() {
    ToolResult result = ToolRunner.call(tool, "{\"query\": \"oats_no_such_metric\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).contains("No series matched").contains("count by (__name__)");
  }

  @Test
  void aScalarIsAnsweredOnOneLine() {
    ToolResult result = ToolRunner.call(tool, "{\"query\": \"scalar(vector(42))\"}");

    assertThat(result.output()).isEqualTo("`scalar(vector(42))` now = 42 (scalar)");
  }

  @Test
  void aPrometheusThatIsNotRunningIsReportedWithItsUrl() {
    String url = "http://127.0.0.1:" + ToolRunner.closedPort();

    ToolResult result = ToolRunner.call(enabled(url), "{\"query\": \"up\"}");

    assertThat(result.error())
        .startsWith("Cannot reach Prometheus at " + url + ": connection refused.")
        .contains("OATS_PROMETHEUS_URL");
  }

  private static Tool enabled(String url) {
    return MetricsTools.offers(Map.of("OATS_PROMETHEUS_URL", url)).getFirst().tool();
  }

  private static Reply exposition() {
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - STARTED);
    StringBuilder text =
        new StringBuilder(
            """
            # HELP oats_test_requests_total Requests served.
            # TYPE oats_test_requests_total counter
            oats_test_requests_total{route="/checkout"} %d
            oats_test_requests_total{route="/cart"} %d
            # HELP oats_test_queue_depth Jobs waiting.
            # TYPE oats_test_queue_depth gauge
            oats_test_queue_depth %d
            # TYPE oats_test_shard_load gauge
            """
                .formatted(millis / 10, millis / 100, millis / 1000 * 3));
    for (int shard = 0; shard < SHARDS; shard++) {
      text.append("oats_test_shard_load{shard=\"%d\"} %d\n".formatted(shard, shard));
    }
    return new Reply(200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
  }

  private static String config(int appPort, int closedPort) {
    return """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        rule_files:
          - rules.yml
        scrape_configs:
          - job_name: shop-api
            static_configs:
              - targets: ['127.0.0.1:%d']
          - job_name: shop-worker
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
        .formatted(appPort, closedPort);
  }

  private static final String RULES =
      """
      groups:
        - name: oats-test
          rules:
            - alert: AlwaysFiring
              expr: vector(1) > 0
              for: 0s
              labels:
                severity: page
              annotations:
                summary: The checkout queue is always backed up in this test
            - alert: SlowBurn
              expr: vector(1) > 0
              for: 1h
              labels:
                severity: ticket
              annotations:
                summary: Pending for an hour before it fires
      """;

  private static String health(PrometheusServer server, String job) {
    JsonNode data = server.api("/api/v1/targets", Map.of("state", "active"));
    if (data == null) {
      return "";
    }
    for (JsonNode target : data.path("activeTargets")) {
      if (target.path("labels").path("job").asText().equals(job)) {
        return target.path("health").asText();
      }
    }
    return "";
  }

  private static List<String> alertStates(PrometheusServer server) {
    JsonNode data = server.api("/api/v1/alerts", Map.of());
    if (data == null) {
      return List.of();
    }
    return data.path("alerts").findValuesAsText("state");
  }
}
