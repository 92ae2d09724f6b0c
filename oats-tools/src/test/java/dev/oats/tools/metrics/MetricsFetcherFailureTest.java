package dev.oats.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.LoopbackServer;
import dev.oats.tools.testsupport.LoopbackServer.Reply;
import dev.oats.tools.testsupport.ToolRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** metrics_fetcher's failure modes, against fakes that answer the way Prometheus does. */
class MetricsFetcherFailureTest {

  private static final String EMPTY_VECTOR =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
  private static final String EMPTY_MATRIX =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";

  private final LoopbackServer server = LoopbackServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void withoutAUrlTheToolIsOfferedAsDisabledWithTheSettingToSet() {
    List<Offer> offers = MetricsTools.offers(Map.of());

    assertThat(offers).hasSize(1);
    assertThat(offers.getFirst().name()).isEqualTo("metrics_fetcher");
    assertThat(offers.getFirst().isEnabled()).isFalse();
    assertThat(offers.getFirst().disabledReason()).startsWith("OATS_PROMETHEUS_URL is not set");
  }

  @Test
  void aUrlThatIsNotHttpDisablesTheToolSayingWhatIsWrong() {
    Offer offer = MetricsTools.offers(Map.of("OATS_PROMETHEUS_URL", "prometheus:9090")).getFirst();

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .contains("OATS_PROMETHEUS_URL 'prometheus:9090' is not a valid URL");
  }

  @Test
  void theToolDescribesItselfForAModelWithAnExampleThatPassesItsSchema() {
    server.route("/api/v1/query_range", request -> Reply.json(EMPTY_MATRIX));
    Tool tool = tool(Map.of());

    assertThat(tool.category()).isEqualTo(ToolCategory.OBSERVABILITY);
    String example = tool.description().substring(tool.description().indexOf("Example: ") + 9);
    ToolResult result = ToolRunner.call(tool, example);

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(server.lastRequest().form()).containsEntry("step", "30s");
  }

  @Test
  void theBearerTokenAndAQueryTimeoutAreSentAndAPathPrefixIsKept() {
    server.route("/prom/api/v1/query", request -> Reply.json(EMPTY_VECTOR));
    Tool tool =
        MetricsTools.offers(
                Map.of(
                    "OATS_PROMETHEUS_URL",
                    server.uri() + "/prom/",
                    "OATS_PROMETHEUS_TOKEN",
                    "s3cret"))
            .getFirst()
            .tool();

    ToolRunner.call(tool, "{\"query\": \"up{job=\\\"api\\\"}\", \"end\": \"1714557600\"}");

    LoopbackServer.Request request = server.lastRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/prom/api/v1/query");
    assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
    assertThat(request.form())
        .containsEntry("query", "up{job=\"api\"}")
        .containsEntry("time", "1714557600");
    assertThat(request.form().get("timeout")).matches("2\\ds");
  }

  @Test
  void aPrometheusThatDoesNotAnswerInTimeIsReported() throws Exception {
    server.hang("/api/v1/query");

    ToolResult result =
        ToolRunner.execute(tool(Map.of()), "{\"query\": \"up\"}", Duration.ofSeconds(1));

    assertThat(result.error())
        .startsWith("Prometheus at " + server.uri() + " did not answer within 1 s.")
        .contains("shorter range");
  }

  @Test
  void aRefusedCallWithoutATokenSaysToSetOne() {
    server.route("/api/v1/alerts", request -> Reply.text(401, "Unauthorized"));

    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"mode\": \"alerts\"}");

    assertThat(result.error()).contains("answered 401").contains("Set OATS_PROMETHEUS_TOKEN");
  }

  @Test
  void aRefusedTokenIsNamed() {
    server.route("/api/v1/targets", request -> Reply.text(403, "Forbidden"));

    ToolResult result =
        ToolRunner.call(tool(Map.of("OATS_PROMETHEUS_TOKEN", "old")), "{\"mode\": \"targets\"}");

    assertThat(result.error()).contains("the token in OATS_PROMETHEUS_TOKEN was refused");
  }

  @Test
  void aServerThatIsNotPrometheusIsReportedWithTheSettingToCheck() {
    server.route("/", request -> new Reply(404, "text/html", "<html><h1>Not Found</h1></html>"));

    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"query\": \"up\"}");

    assertThat(result.error())
        .contains("answered HTTP 404, which is not a Prometheus API answer (<html><h1>Not Found")
        .contains("OATS_PROMETHEUS_URL");
  }

  @Test
  void aQueryTimeoutInsidePrometheusSaysToAskForLess() {
    server.route(
        "/api/v1/query_range",
        request ->
            Reply.json(
                503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in"
                    + " expression evaluation\"}"));

    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"query\": \"up\", \"mode\": \"range\"}");

    assertThat(result.error())
        .isEqualTo(
            "Prometheus timed out evaluating the query: query timed out in expression evaluation."
                + " Ask for less: a shorter range, a larger step, or more label matchers.");
  }

  @Test
  void otherPrometheusErrorsKeepTheirType() {
    server.route(
        "/api/v1/query",
        request ->
            Reply.json(
                422,
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"found duplicate"
                    + " series for the match group\"}"));

    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"query\": \"a * on(x) b\"}");

    assertThat(result.error())
        .isEqualTo("Prometheus error (execution): found duplicate series for the match group");
  }

  @Test
  void warningsFromPrometheusAreShownAfterTheSeries() {
    server.route(
        "/api/v1/query",
        request ->
            Reply.json(
                "{\"status\":\"success\",\"warnings\":[\"PromQL info: metric might not be a"
                    + " counter\"],\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"job\":\"api\"},\"value\":[1714557600,\"NaN\"]}]}}"));

    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"query\": \"rate(x[5m])\"}");

    assertThat(result.output())
        .isEqualTo(
            "`rate(x[5m])` now: 1 series\n{job=\"api\"} NaN\n"
                + "Prometheus warnings: PromQL info: metric might not be a counter");
  }

  @Test
  void badTimesAndStepsAreRefusedBeforeAnythingIsSent() {
    Tool tool = tool(Map.of());

    assertThat(ToolRunner.call(tool, "{\"query\": \"up\", \"start\": \"yesterday\"}").error())
        .isEqualTo(
            "start 'yesterday' is not a time: use RFC3339 (2024-05-01T10:00:00Z), unix seconds"
                + " (1714557600) or a time relative to now (-1h, now-30m, now)");
    assertThat(
            ToolRunner.call(tool, "{\"query\": \"up\", \"start\": \"-1h\", \"step\": \"fast\"}")
                .error())
        .startsWith("step 'fast' is not a positive duration");
    assertThat(
            ToolRunner.call(tool, "{\"query\": \"up\", \"start\": \"now\", \"end\": \"-1h\"}")
                .error())
        .contains("must be before end");
    assertThat(
            ToolRunner.call(tool, "{\"query\": \"up\", \"start\": \"-30d\", \"step\": \"1s\"}")
                .error())
        .isEqualTo(
            "step 1s over 30d gives 2592000 points per series, more than Prometheus allows"
                + " (11000): use a step of at least 3m56s, or leave step out");
    assertThat(ToolRunner.call(tool, "{\"mode\": \"range\", \"start\": \"-1h\"}").error())
        .startsWith("query is required for mode range");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void argumentsOutsideTheSchemaAreRefusedByTheExecutor() {
    ToolResult result = ToolRunner.call(tool(Map.of()), "{\"query\": \"up\", \"mode\": \"graph\"}");

    assertThat(result.error()).startsWith("Invalid arguments for metrics_fetcher");
    assertThat(server.requests()).isEmpty();
  }

  private Tool tool(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(more);
    settings.put("OATS_PROMETHEUS_URL", server.uri().toString());
    return MetricsTools.offers(settings).getFirst().tool();
  }
}
