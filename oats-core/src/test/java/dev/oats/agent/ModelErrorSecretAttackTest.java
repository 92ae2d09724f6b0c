package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.FakeOpenAiServer;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model server that echoes the API key in its error (an OpenAI-compatible proxy saying which
 * token it refused, an Anthropic-style message quoting the header) must not put the key into the
 * failed event, which is stored, shown in the UI and printed by the Job. The key is one OATS was
 * given, so it is hidden whatever its format, as in tool outputs.
 */
@Timeout(60)
class ModelErrorSecretAttackTest {

  @TempDir Path dir;

  @Test
  void aKeyEchoedByAnOpenAiCompatibleServerStaysOutOfTheEvents() throws Exception {
    String key = "local-vllm-token-7f3a9c2e1b";
    try (FakeModelServer server = FakeOpenAiServer.start()) {
      server.enqueue(ScriptedReply.httpError(401, "Invalid token '" + key + "' for this proxy"));
      List<RecordedEvent> events =
          run(Map.of("OPENAI_API_KEY", key, "OPENAI_BASE_URL", server.baseUrl()));
      assertFailedWithoutLeaking(events, key);
    }
  }

  @Test
  void anAnthropicKeyEchoedInAnErrorStaysOutOfTheEvents() throws Exception {
    String key = "sk-ant-api03-" + "Zx9".repeat(30);
    try (FakeModelServer server = FakeAnthropicServer.start()) {
      server.enqueue(ScriptedReply.httpError(403, "key " + key + " may not use this model"));
      List<RecordedEvent> events =
          run(Map.of("ANTHROPIC_API_KEY", key, "ANTHROPIC_BASE_URL", server.baseUrl()));
      assertFailedWithoutLeaking(events, key);
    }
  }

  private List<RecordedEvent> run(Map<String, String> model) {
    Map<String, String> env = new java.util.HashMap<>(model);
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    Agent agent = Agent.create(OatsConfig.load(env, dir), env, ApprovalGate.NOBODY_TO_ASK);
    List<RecordedEvent> events = new ArrayList<>();
    agent.run(new Investigation("inv-1", "why?", "shop"), events::add, () -> false);
    return events;
  }

  private static void assertFailedWithoutLeaking(List<RecordedEvent> events, String key)
      throws Exception {
    assertThat(events.getLast().event()).isInstanceOf(AgentEvent.Failed.class);
    AgentEvent.Failed failed = (AgentEvent.Failed) events.getLast().event();
    // The failure still says what went wrong.
    assertThat(failed.reason()).contains("The model call failed");
    for (RecordedEvent event : events) {
      assertThat(EventJson.MAPPER.writeValueAsString(event)).doesNotContain(key);
    }
  }
}
