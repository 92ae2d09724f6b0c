package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server at {@code OATS_LOG_LEVEL=DEBUG}, used with keys in every form a client sends them,
 * and a goal written to forge log lines: its whole log holds no key in plain or base64 form, and no
 * line the logger did not start.
 */
class DebugLogSecretsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL_KEY = "sk-ant-debug-secret-9f8e7d6c5b4a";
  private static final String WRONG_KEY = "a-clients-wrong-key-5a4b3c2d1e";
  private static final String EVENT_TOKEN = "forged-event-token-1a2b3c4d5e6f";
  private static final String FORGED = "05:00:00.000 ERROR forged by the goal";

  @TempDir Path dir;

  @Test
  void aDebugRunLogsNoKeyAndNoForgedLine() throws Exception {
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"nothing wrong\"}"));
      ServerProcess server =
          ServerProcess.start(
              dir.resolve("data"),
              Map.of(
                  "OATS_LOG_LEVEL",
                  "DEBUG",
                  "ANTHROPIC_API_KEY",
                  MODEL_KEY,
                  "ANTHROPIC_BASE_URL",
                  model.baseUrl()),
              List.of());
      String log;
      try {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port;
        String goal = "why?\n" + FORGED + "\n\u001b[31mred\u001b[0m\r" + FORGED;
        HttpResponse<String> submitted =
            server.post("/investigate", JSON.createObjectNode().put("goal", goal).toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String id = JSON.readTree(submitted.body()).get("job_id").asText();
        for (String[] header :
            List.of(
                new String[] {"X-API-Key", ServerProcess.KEY},
                new String[] {"Authorization", "Bearer " + ServerProcess.KEY},
                new String[] {"X-API-Key", WRONG_KEY},
                new String[] {"Authorization", "Bearer " + WRONG_KEY},
                new String[] {
                  "Authorization",
                  "Basic "
                      + Base64.getEncoder()
                          .encodeToString(
                              ("u:" + ServerProcess.KEY).getBytes(StandardCharsets.UTF_8))
                })) {
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/investigations?limit=5"))
                  .header(header[0], header[1])
                  .build(),
              HttpResponse.BodyHandlers.discarding());
        }
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/internal/investigations/" + id + "/events"))
                .header("Authorization", "Bearer " + EVENT_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\": []}"))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        server.awaitEnd(id, Duration.ofSeconds(60));
      } finally {
        server.close();
        log = server.output();
      }

      assertThat(log).as("the run logged at DEBUG").contains("DEBUG");
      for (String secret : List.of(ServerProcess.KEY, MODEL_KEY, WRONG_KEY, EVENT_TOKEN)) {
        String base64 = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
        assertThat(log).as("the log").doesNotContain(secret).doesNotContain(base64);
      }
      assertThat(log)
          .doesNotContain("\u001b")
          .doesNotContain("\r")
          .doesNotContainPattern("(?m)^" + FORGED)
          .contains("\\u001b[31mred");
    }
  }
}
