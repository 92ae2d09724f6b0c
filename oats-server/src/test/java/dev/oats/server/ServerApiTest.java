package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API against a real server: the seed's contract, auth, validation and errors. */
class ServerApiTest {

  @TempDir static Path dir;
  static ServerHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new ServerHarness(dir).start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void postInvestigateAnswersTheSeedsFieldsAndTheInvestigationEndsWithItsReport() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"## Root cause\\n2+2 is 4\"}")
            .withText("Easy."));

    HttpResponse<String> response =
        harness.post(
            "/investigate", "{\"goal\": \"What is 2+2?\", \"target_namespace\": \"shop\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = json(response);
    String id = answer.get("job_id").asText();
    assertThat(answer.get("message").asText()).isNotBlank();
    assertThat(answer.get("job_name").asText())
        .isEqualTo("oats-agent-run-" + id.replace("-", "").substring(0, 8));
    assertThat(answer.get("command_to_check_logs").asText())
        .contains("/investigations/" + id + "/events");

    JsonNode done = harness.awaitEnd(id);
    assertThat(done.get("status").asText()).isEqualTo("succeeded");
    assertThat(done.get("report").asText()).contains("2+2 is 4");
    assertThat(done.get("target_namespace").asText()).isEqualTo("shop");
    assertThat(done.get("runner").asText()).isEqualTo("local");
    assertThat(done.get("turns").asInt()).isEqualTo(1);
    assertThat(done.get("total_tokens").asLong()).isPositive();
    assertThat(done.get("model").asText()).isEqualTo("anthropic/claude-sonnet-4-5");

    JsonNode events = json(harness.get("/investigations/" + id + "/events")).get("events");
    assertThat(events.get(0).get("seq").asInt()).isEqualTo(1);
    assertThat(events.get(0).get("event").get("type").asText()).isEqualTo("started");
    assertThat(events.get(events.size() - 1).get("event").get("type").asText())
        .isEqualTo("finished");
  }

  @Test
  void theNamespaceDefaultsToDefault() throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));

    String id = json(harness.post("/investigate", "{\"goal\": \"hello\"}")).get("job_id").asText();

    assertThat(harness.awaitEnd(id).get("target_namespace").asText()).isEqualTo("default");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing goal | {\"target_namespace\": \"shop\"} | 400 | \"goal\" is required",
        "empty goal | {\"goal\": \"  \"} | 400 | \"goal\" is empty",
        "goal not a string | {\"goal\": 42} | 400 | must be a string",
        "bad namespace | {\"goal\": \"x\", \"target_namespace\": \"Shop_1\"} | 400 | DNS-1123",
        "unknown field | {\"goal\": \"x\", \"namespace\": \"shop\"} | 400 | did you mean \"target_namespace\"",
        "malformed JSON | {\"goal\": | 400 | not valid JSON",
        "not an object | [1, 2] | 400 | must be a JSON object",
      })
  void badInputGetsAClearJsonError(String name, String body, int status, String message)
      throws Exception {
    HttpResponse<String> response = harness.post("/investigate", body);

    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(json(response).get("error").get("message").asText()).contains(message);
    assertThat(json(response).get("error").get("code").asText()).isNotBlank();
  }

  @Test
  void aGoalOverTenThousandCharactersIsRefused() throws Exception {
    HttpResponse<String> response =
        harness.post("/investigate", "{\"goal\": \"" + "x".repeat(10_001) + "\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("error").get("message").asText())
        .contains("10,001")
        .contains("10,000");
  }

  @Test
  void aBodyOver64KbIs413() throws Exception {
    HttpResponse<String> response =
        harness.post("/investigate", "{\"goal\": \"" + "x".repeat(70_000) + "\"}");

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(json(response).get("error").get("code").asText()).isEqualTo("payload_too_large");
  }

  @Test
  void everyEndpointButHealthNeedsAValidKey() throws Exception {
    HttpResponse<String> none =
        harness.send(HttpRequest.newBuilder(URI.create(harness.url("/investigations"))).GET());
    HttpResponse<String> wrong =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations")))
                .header("X-API-Key", "nope")
                .GET());
    HttpResponse<String> health =
        harness.send(HttpRequest.newBuilder(URI.create(harness.url("/healthz"))).GET());
    HttpResponse<String> ready =
        harness.send(HttpRequest.newBuilder(URI.create(harness.url("/readyz"))).GET());
    HttpResponse<String> bearer =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/metrics")))
                .header("Authorization", "Bearer " + ServerHarness.KEY)
                .GET());

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("error").get("message").asText()).contains("X-API-Key");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(bearer.statusCode()).isEqualTo(200);
  }

  @Test
  void unknownInvestigationsAndRoutesAreJson404s() throws Exception {
    HttpResponse<String> missing = harness.get("/investigations/does-not-exist");
    HttpResponse<String> route = harness.get("/nope");

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("error").get("message").asText()).contains("does-not-exist");
    assertThat(route.statusCode()).isEqualTo(404);
    assertThat(json(route).get("error").get("code").asText()).isEqualTo("not_found");
  }

  @Test
  void theListIsNewestFirstPagedAndFiltered() throws Exception {
    for (String goal : new String[] {"alpha disk full", "beta oom", "gamma disk slow"}) {
      harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
      harness.awaitEnd(harness.submit(goal));
    }

    JsonNode disk = json(harness.get("/investigations?q=disk&limit=1"));
    JsonNode succeeded =
        json(harness.get("/investigations?status=succeeded&namespace=shop&limit=200"));
    JsonNode bad = json(harness.get("/investigations?status=exploded"));

    assertThat(disk.get("total").asInt()).isEqualTo(2);
    assertThat(disk.get("items").get(0).get("goal").asText()).isEqualTo("gamma disk slow");
    assertThat(disk.get("items").get(0).has("report")).isFalse();
    assertThat(succeeded.get("total").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(bad.get("error").get("message").asText()).contains("Unknown status 'exploded'");
  }

  @Test
  void metricsAndOpenApiAreServed() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"a: 1\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
    harness.awaitEnd(harness.submit("count things"));

    String metrics = harness.get("/metrics").body();
    JsonNode openApi = json(harness.get("/openapi.json"));

    assertThat(metrics)
        .contains("oats_investigations{status=\"succeeded\"}")
        .contains("oats_tool_calls_total{status=\"success\",tool=\"yaml_parser\"}")
        .contains("oats_llm_tokens_total{kind=\"input\"}")
        .contains("oats_llm_latency_seconds_bucket")
        .contains("oats_investigation_turns_bucket");
    assertThat(openApi.get("paths").has("/investigate")).isTrue();
  }
}
