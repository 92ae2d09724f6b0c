package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event delivered without a field the server reads (usage without its counts, a tool call or an
 * observation without its tool) was stored, and then every fold of the investigation's log threw:
 * its page answered 500 and its run could no longer end. Such a delivery is refused whole with the
 * field named, and the investigation goes on and ends as it should.
 */
class MalformedAgentEventAttackTest {

  @TempDir Path dir;

  @Test
  void anEventMissingWhatTheServerReadsIsRefusedAndTheInvestigationStillEnds() throws Exception {
    try (CrudApiServer kube = new CrudApiServer();
        ServerHarness harness = new ServerHarness(dir)) {
      TokenKeepingRunner runner = new TokenKeepingRunner(harness, kube);
      String id = harness.submit("why is checkout failing?");
      String token = runner.awaitToken(id);
      assertThat(token).isNotNull();
      String at = "\"" + Instant.now() + "\"";
      HttpResponse<String> started =
          deliver(
              harness,
              id,
              token,
              "{\"seq\": 1, \"at\": "
                  + at
                  + ", \"event\": {\"type\": \"started\", \"goal\": \"g\","
                  + " \"target_namespace\": \"shop\", \"model\": \"m\", \"protocol\": \"native\","
                  + " \"max_turns\": 15, \"tools\": []}}",
              "{\"seq\": 2, \"at\": "
                  + at
                  + ", \"event\": {\"type\": \"turn_started\", \"turn\": 1,"
                  + " \"max_turns\": 15}}");
      assertThat(started.statusCode()).as(started.body()).isEqualTo(200);

      List<String> malformed =
          List.of(
              "{\"type\": \"usage\", \"turn\": 1, \"latency_ms\": 5}",
              "{\"type\": \"tool_call\", \"turn\": 1, \"call_id\": \"c1\"}",
              "{\"type\": \"observation\", \"turn\": 1, \"call_id\": \"c1\", \"output\": \"x\"}",
              "{\"type\": \"approval_required\", \"turn\": 1, \"tool\": \"bash_executor\"}",
              "{\"type\": \"failed\", \"turns\": 1}");
      long seq = 3;
      for (String event : malformed) {
        HttpResponse<String> answer =
            deliver(
                harness,
                id,
                token,
                "{\"seq\": " + seq++ + ", \"at\": " + at + ", \"event\": " + event + "}");
        assertThat(answer.statusCode()).as(event + ": " + answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("must");
        HttpResponse<String> page = harness.get("/investigations/" + id);
        assertThat(page.statusCode()).as(event + " then the page: " + page.body()).isEqualTo(200);
      }

      HttpResponse<String> finished =
          deliver(
              harness,
              id,
              token,
              "{\"seq\": 3, \"at\": "
                  + at
                  + ", \"event\": {\"type\": \"finished\", \"result\":"
                  + " \"done\", \"turns\": 1, \"usage\": {\"input_tokens\": 1, \"output_tokens\": 1,"
                  + " \"cache_read_tokens\": 0, \"cache_write_tokens\": 0}}}");
      assertThat(finished.statusCode()).as(finished.body()).isEqualTo(200);
      assertThat(ServerHarness.json(harness.get("/investigations/" + id)).path("status").asText())
          .isEqualTo("succeeded");
    }
  }

  private static HttpResponse<String> deliver(
      ServerHarness harness, String id, String token, String... events) throws Exception {
    String body = "{\"run_id\": \"run-1\", \"events\": [" + String.join(", ", events) + "]}";
    return harness.agentDelivery(id, token, body);
  }
}
