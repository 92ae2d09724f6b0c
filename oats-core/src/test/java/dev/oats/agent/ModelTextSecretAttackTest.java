package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the model writes is stored and shown too: its prose, its thoughts, the arguments of its
 * calls, its report. A model that got hold of a secret (decoded from a form the redactor does not
 * know, or quoted from the question) must not put it into the events, which the UI shows, the
 * database keeps and the Job prints.
 */
@Timeout(60)
class ModelTextSecretAttackTest {

  @TempDir Path dir;

  @Test
  void aSecretTheModelWritesStaysOutOfTheEvents() throws Exception {
    String key = "sk-ant-api03-" + "Qw7".repeat(30);
    String token = "ghp_" + "a1B2c3D4e5F6g7H8i9J0".repeat(2);
    try (FakeModelServer server = FakeAnthropicServer.start()) {
      server.enqueue(
          ScriptedReply.text("The key is " + key + " and the token " + token)
              .withToolCall(
                  "bash_executor",
                  "{\"command\": \"echo " + key + " " + token + "\", \"timeout\": 5}"));
      server.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"Found " + key + " " + token + "\"}"));
      Map<String, String> env = new java.util.HashMap<>();
      env.put("ANTHROPIC_API_KEY", key);
      env.put("ANTHROPIC_BASE_URL", server.baseUrl());
      env.put("OATS_MODEL_MAX_RETRIES", "0");
      env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
      env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
      env.put("PATH", System.getenv("PATH"));
      Agent agent = Agent.create(OatsConfig.load(env, dir), env, ApprovalGate.NOBODY_TO_ASK);
      List<RecordedEvent> events = new ArrayList<>();
      agent.run(new Investigation("inv-1", "why?", "shop"), events::add, () -> false);

      assertThat(events.getLast().event()).isInstanceOf(AgentEvent.Finished.class);
      for (RecordedEvent event : events) {
        String json = EventJson.MAPPER.writeValueAsString(event);
        assertThat(json).doesNotContain(key).doesNotContain(token);
      }
      // The report still says what was found.
      assertThat(((AgentEvent.Finished) events.getLast().event()).result()).startsWith("Found ");
    }
  }
}
