package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.testkit.FakeAnthropicServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the store acknowledged survives the hardest stop there is: a {@code kill -9} of a real
 * {@code oats server} process the moment its answer arrives.
 */
class ServerDurabilityTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void anInvestigationAnswered200SurvivesAKill9OneMillisecondLater() throws Exception {
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      Path data = dir.resolve("data");
      Map<String, String> env =
          Map.of(
              "ANTHROPIC_API_KEY", "sk-ant-test-0123456789", "ANTHROPIC_BASE_URL", model.baseUrl());
      // The reported sequence: a normal stop and start first, then POST and kill -9.
      ServerProcess.start(data, env, List.of()).close();

      List<String> acknowledged = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        ServerProcess server = ServerProcess.start(data, env, List.of());
        HttpResponse<String> answer =
            server.post("/investigate", "{\"goal\": \"durable, round " + round + "?\"}");
        server.kill9();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        acknowledged.add(JSON.readTree(answer.body()).get("job_id").asText());
      }

      try (ServerProcess after = ServerProcess.start(data, env, List.of())) {
        for (String id : acknowledged) {
          HttpResponse<String> found = after.get("/investigations/" + id);
          assertThat(found.statusCode()).as("investigation %s after kill -9", id).isEqualTo(200);
        }
      }
    }
  }
}
