package dev.oats.llm.anthropic;

import static dev.oats.llm.Conversations.GOAL;
import static dev.oats.llm.Conversations.SYSTEM;
import static dev.oats.llm.Conversations.afterToolCall;
import static dev.oats.llm.Conversations.firstTurn;
import static dev.oats.llm.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.llm.Conversations;
import dev.oats.llm.NoDelayProbe;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicChatModelTest {

  private static final String KEY = "sk-ant-test-secret";

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final AnthropicChatModel model =
      new AnthropicChatModel(KEY, server.baseUrl(), "claude-test", Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    model.close();
    server.close();
  }

  /**
   * Nagle's algorithm off on the connections the SDK opens: with it on, a request whose last bytes
   * left in a second small write waited ~40 ms for the ACK of the first on every reused connection.
   * The SDK's calls open the connection; a call made next through the same OkHttp client reuses it
   * from the pool and reads the socket's option.
   */
  @Test
  void theSdkConnectsWithNagleOff() throws Exception {
    server.enqueue(ScriptedReply.text("first"), ScriptedReply.text("second"));
    model.chat(firstTurn());
    model.chat(firstTurn());
    assertThat(model.http().connectionPool().connectionCount()).isEqualTo(1);

    server.enqueue(ScriptedReply.text("third"));
    List<Boolean> noDelay =
        NoDelayProbe.noDelayOfPooledConnection(model.http(), server.baseUrl() + "/v1/messages");
    assertThat(noDelay).containsExactly(true);
    assertThat(model.http().connectionPool().connectionCount()).isEqualTo(1);
  }

  /**
   * The warm-up the agent runs while its tools load sends nothing, and the first request after it
   * is the one a cold client sends, down to the byte.
   */
  @Test
  void warmingUpSendsNothingAndLeavesTheNextRequestAsItWas() {
    ToolCall call = new ToolCall("toolu_1", "kubectl_info", json("{\"namespace\":\"shop\"}"));
    ChatRequest request =
        afterToolCall("Looking.", call, "pod OOMKilled", false).withCacheBreaks(List.of(0));
    server.enqueue(ScriptedReply.text("cold"));
    model.chat(request);
    String cold = server.lastRequest().body().toString();

    try (AnthropicChatModel warm =
        new AnthropicChatModel(KEY, server.baseUrl(), "claude-test", Duration.ofSeconds(5))) {
      warm.warmUp();
      assertThat(server.requests()).hasSize(1);
      server.enqueue(ScriptedReply.text("warm"));
      assertThat(warm.chat(request).text()).isEqualTo("warm");
    }
    assertThat(server.requests()).hasSize(2);
    assertThat(server.lastRequest().body().toString()).isEqualTo(cold);
  }

  @Test
  void answersWithTheTextOfTheMessage() {
    server.enqueue(ScriptedReply.text("The pod is OOM-killed."));

    ChatResponse response = model.chat(firstTurn());

    assertThat(response.text()).isEqualTo("The pod is OOM-killed.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.stopReason()).isEqualTo(ChatResponse.StopReason.END_TURN);
    JsonNode sent = server.lastRequest().body();
    assertThat(server.lastRequest().path()).isEqualTo("/v1/messages");
    assertThat(sent.path("model").asText()).isEqualTo("claude-test");
    assertThat(sent.path("messages")).hasSize(1);
    assertThat(sent.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(sent.path("messages").get(0).path("content").asText()).isEqualTo(GOAL);
  }

  @Test
  void marksTheSystemPromptAndTheLastToolForPromptCaching() {
    server.enqueue(ScriptedReply.text("ok"));

    model.chat(firstTurn());

    JsonNode sent = server.lastRequest().body();
    JsonNode system = sent.path("system").get(0);
    assertThat(system.path("type").asText()).isEqualTo("text");
    assertThat(system.path("text").asText()).isEqualTo(SYSTEM);
    assertThat(system.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    JsonNode tools = sent.path("tools");
    assertThat(tools).hasSize(2);
    assertThat(tools.get(0).has("cache_control")).isFalse();
    assertThat(tools.get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void marksTheLastBlockOfTheNewestCacheBreaksWithinFourBreakpoints() {
    server.enqueue(ScriptedReply.text("ok"));
    ToolCall call = new ToolCall("toolu_1", "kubectl_info", json("{\"namespace\":\"shop\"}"));
    ChatRequest request =
        new ChatRequest(
            SYSTEM,
            List.of(
                new Message.User(GOAL),
                new Message.Assistant("Look.", List.of(call)),
                new Message.ToolResults(
                    List.of(new Message.ToolResultBlock("toolu_1", "kubectl_info", "pods", false))),
                new Message.User("A note after the results.")),
            List.of(Conversations.KUBECTL, Conversations.FINISH),
            4096,
            0,
            List.of(0, 1, 2));

    model.chat(request);

    JsonNode messages = server.lastRequest().body().path("messages");
    // System and last tool take two of the four breakpoints: the two newest breaks get the rest.
    assertThat(messages.get(0).path("content").isTextual()).isTrue();
    JsonNode assistant = messages.get(1).path("content");
    assertThat(assistant.get(0).has("cache_control")).isFalse();
    assertThat(assistant.get(1).path("type").asText()).isEqualTo("tool_use");
    assertThat(assistant.get(1).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    JsonNode results = messages.get(2).path("content");
    assertThat(results.get(0).path("cache_control").path("type").asText()).isEqualTo("ephemeral");
    assertThat(messages.get(3).toString()).doesNotContain("cache_control");
    assertThat(server.lastRequest().body().toString().split("cache_control", -1)).hasSize(5);
  }

  @Test
  void marksAGoalThatIsACacheBreakAsATextBlock() {
    server.enqueue(ScriptedReply.text("ok"));

    model.chat(firstTurn().withCacheBreaks(List.of(0)));

    JsonNode goal = server.lastRequest().body().path("messages").get(0).path("content").get(0);
    assertThat(goal.path("text").asText()).isEqualTo(GOAL);
    assertThat(goal.path("cache_control").path("type").asText()).isEqualTo("ephemeral");
  }

  @Test
  void sendsToolsWithTheirNameDescriptionAndInputSchema() {
    server.enqueue(ScriptedReply.text("ok"));

    model.chat(firstTurn());

    JsonNode tool = server.lastRequest().body().path("tools").get(0);
    assertThat(tool.path("name").asText()).isEqualTo("kubectl_info");
    assertThat(tool.path("description").asText()).isEqualTo("Reads Kubernetes objects.");
    assertThat(tool.path("input_schema"))
        .isEqualTo(
            json(
                "{\"type\":\"object\",\"properties\":{\"namespace\":{\"type\":\"string\"}},"
                    + "\"required\":[\"namespace\"]}"));
  }

  @Test
  void sendsTemperatureZeroAndTheOutputCap() {
    server.enqueue(ScriptedReply.text("ok"));

    model.chat(firstTurn());

    JsonNode sent = server.lastRequest().body();
    assertThat(sent.path("temperature").isNumber()).isTrue();
    assertThat(sent.path("temperature").asDouble(-1)).isZero();
    assertThat(sent.path("max_tokens").asInt()).isEqualTo(4096);
  }

  @Test
  void returnsToolCallsAndSendsThemBackWithTheirResults() {
    server.enqueue(
        ScriptedReply.toolCall("kubectl_info", "{\"namespace\":\"shop\"}")
            .withText("Let me look at the pods."),
        ScriptedReply.text("Found it."));

    ChatResponse first = model.chat(firstTurn());
    ToolCall call = first.toolCalls().get(0);
    model.chat(afterToolCall(first.text(), call, "pod checkout-api: OOMKilled", false));

    assertThat(first.text()).isEqualTo("Let me look at the pods.");
    assertThat(first.stopReason()).isEqualTo(ChatResponse.StopReason.TOOL_USE);
    assertThat(call.name()).isEqualTo("kubectl_info");
    assertThat(call.id()).startsWith("toolu_");
    assertThat(call.arguments()).isEqualTo(json("{\"namespace\":\"shop\"}"));
    JsonNode messages = server.lastRequest().body().path("messages");
    assertThat(messages).hasSize(3);
    JsonNode assistant = messages.get(1);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    assertThat(assistant.path("content").get(0).path("type").asText()).isEqualTo("text");
    assertThat(assistant.path("content").get(0).path("text").asText())
        .isEqualTo("Let me look at the pods.");
    JsonNode toolUse = assistant.path("content").get(1);
    assertThat(toolUse.path("type").asText()).isEqualTo("tool_use");
    assertThat(toolUse.path("id").asText()).isEqualTo(call.id());
    assertThat(toolUse.path("name").asText()).isEqualTo("kubectl_info");
    assertThat(toolUse.path("input")).isEqualTo(json("{\"namespace\":\"shop\"}"));
    JsonNode results = messages.get(2);
    assertThat(results.path("role").asText()).isEqualTo("user");
    JsonNode result = results.path("content").get(0);
    assertThat(result.path("type").asText()).isEqualTo("tool_result");
    assertThat(result.path("tool_use_id").asText()).isEqualTo(call.id());
    assertThat(result.path("content").asText()).isEqualTo("pod checkout-api: OOMKilled");
    assertThat(result.path("is_error").asBoolean()).isFalse();
  }

  @Test
  void sendsAFailedToolResultAsAnErrorAndNoEmptyTextBlock() {
    server.enqueue(ScriptedReply.text("ok"));
    ToolCall call = new ToolCall("toolu_1", "kubectl_info", json("{\"namespace\":\"shop\"}"));

    model.chat(afterToolCall("", call, "forbidden", true));

    JsonNode messages = server.lastRequest().body().path("messages");
    JsonNode assistantContent = messages.get(1).path("content");
    assertThat(assistantContent).hasSize(1);
    assertThat(assistantContent.get(0).path("type").asText()).isEqualTo("tool_use");
    assertThat(messages.get(2).path("content").get(0).path("is_error").asBoolean()).isTrue();
  }

  @Test
  void returnsSeveralToolCallsInOrder() {
    server.enqueue(
        ScriptedReply.toolCall("kubectl_info", "{\"namespace\":\"shop\"}")
            .withToolCall("finish", "{\"report\":\"done\"}"));

    ChatResponse response = model.chat(firstTurn());

    assertThat(response.toolCalls())
        .extracting(ToolCall::name)
        .containsExactly("kubectl_info", "finish");
    assertThat(response.text()).isEmpty();
  }

  @Test
  void mapsUsageWithTheCacheTokens() {
    server.enqueue(ScriptedReply.text("ok").withUsage(120, 30, 2000, 500));

    ChatResponse response = model.chat(firstTurn());

    assertThat(response.usage()).isEqualTo(new Usage(120, 30, 2000, 500));
  }

  @Test
  void saysWhenTheAnswerWasCutByTheOutputCap() {
    server.enqueue(ScriptedReply.text("The root cause is").truncated());

    assertThat(model.chat(firstTurn()).stopReason()).isEqualTo(ChatResponse.StopReason.MAX_TOKENS);
  }

  @Test
  void stopsSendingTemperatureOnceTheModelRefusesIt() {
    server.enqueue(
        ScriptedReply.httpError(400, "`temperature` is deprecated for this model."),
        ScriptedReply.text("first"),
        ScriptedReply.text("second"));

    ChatResponse first = model.chat(firstTurn());
    ChatResponse second = model.chat(firstTurn());

    assertThat(first.text()).isEqualTo("first");
    assertThat(second.text()).isEqualTo("second");
    assertThat(server.requests()).hasSize(3);
    assertThat(server.requests().get(0).body().has("temperature")).isTrue();
    assertThat(server.requests().get(1).body().has("temperature")).isFalse();
    assertThat(server.requests().get(2).body().has("temperature")).isFalse();
  }

  @Test
  void reportsABadRequestWithTheProvidersMessage() {
    server.enqueue(ScriptedReply.httpError(404, "model: claude-nope"));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
    assertThat(e.getMessage())
        .contains(
            "Anthropic", server.baseUrl(), "HTTP 404", "not_found_error", "model: claude-nope")
        .contains("request id req_fake_1");
  }

  @Test
  void sendsTheKeyButNeverShowsItInAMessage() {
    server.expectApiKey("another-key");

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("HTTP 401", "invalid x-api-key").doesNotContain(KEY);
    String credentials =
        server
            .lastRequest()
            .header("x-api-key")
            .orElseGet(() -> server.lastRequest().header("authorization").orElse(""));
    assertThat(credentials).endsWith(KEY);
  }

  @Test
  void describesItselfByProviderAndModel() {
    assertThat(model.describe()).isEqualTo("anthropic/claude-test");
  }

  @Test
  void keepsAConversationWithAnEmptyAssistantTurnValid() {
    server.enqueue(ScriptedReply.text("ok"));
    ChatRequest request =
        new ChatRequest(
            SYSTEM,
            List.of(
                new Message.User(GOAL),
                new Message.Assistant("", List.of()),
                new Message.User("Please call a tool.")),
            List.of(),
            100,
            0);

    model.chat(request);

    JsonNode assistant = server.lastRequest().body().path("messages").get(1);
    assertThat(assistant.path("content").get(0).path("text").asText()).isNotBlank();
    assertThat(server.lastRequest().body().has("tools")).isFalse();
  }
}
