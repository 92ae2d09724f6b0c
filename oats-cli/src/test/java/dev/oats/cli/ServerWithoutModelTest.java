package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first start without a model key: the server stays up so that its generated API key, {@code
 * /readyz} and the UI can say what to set, and it refuses investigations with that message.
 */
class ServerWithoutModelTest {

  private static final Pattern GENERATED = Pattern.compile("X-API-Key: (oats_[A-Za-z0-9_-]+)");

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void withoutAModelTheServerStartsSaysWhatToSetAndRefusesInvestigations() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    String key;
    try (ServerProcess server = ServerProcess.start(data, Map.of("OATS_API_KEYS", ""), List.of())) {
      Matcher generated = GENERATED.matcher(server.output());
      assertThat(generated.find()).as(server.output()).isTrue();
      key = generated.group(1);
      assertThat(server.output())
          .contains("cat " + data.toAbsolutePath().resolve("api-keys"))
          .contains("investigations are refused")
          .contains("ANTHROPIC_API_KEY");
      // Where to open the UI is said once it listens.
      String webUi = "Web UI: http://127.0.0.1:" + server.port + "/";
      for (int i = 0; i < 100 && !server.output().contains(webUi); i++) {
        Thread.sleep(100);
      }
      assertThat(server.output()).contains(webUi);
      assertThat(server.process.isAlive()).isTrue();

      HttpResponse<String> ready = send(server.port, "GET", "/readyz", null, null);
      assertThat(ready.statusCode()).isEqualTo(200);
      JsonNode readiness = json.readTree(ready.body());
      assertThat(readiness.get("model_configured").asBoolean()).isFalse();
      assertThat(readiness.get("message").asText()).contains("ANTHROPIC_API_KEY");

      HttpResponse<String> refused =
          send(
              server.port,
              "POST",
              "/investigate",
              key,
              "{\"goal\": \"why is checkout-api crash-looping?\", \"target_namespace\": \"shop\"}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      JsonNode error = json.readTree(refused.body()).get("error");
      assertThat(error.get("code").asText()).isEqualTo("model_not_configured");
      assertThat(error.get("message").asText())
          .contains("ANTHROPIC_API_KEY")
          .contains("OPENAI_BASE_URL")
          .contains("restart");

      HttpResponse<String> list = send(server.port, "GET", "/investigations", key, null);
      assertThat(json.readTree(list.body()).get("total").asInt()).as(list.body()).isZero();
    }

    // A second start does not print the key again, but says where it is.
    try (ServerProcess again = ServerProcess.start(data, Map.of("OATS_API_KEYS", ""), List.of())) {
      assertThat(again.output())
          .doesNotContain(key)
          .contains("API keys: 1 in " + data.toAbsolutePath().resolve("api-keys"));
      assertThat(send(again.port, "GET", "/investigations", key, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void withAModelReadyzSaysSoAndHasNoMessage() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    try (ServerProcess server =
        ServerProcess.start(
            data, Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789"), List.of())) {
      JsonNode readiness = json.readTree(send(server.port, "GET", "/readyz", null, null).body());
      assertThat(readiness.get("model_configured").asBoolean()).isTrue();
      assertThat(readiness.has("message")).isFalse();
      assertThat(server.output()).doesNotContain("investigations are refused");
    }
  }

  private HttpResponse<String> send(int port, String method, String path, String key, String body)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json");
    if (key != null) {
      request.header("X-API-Key", key);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
