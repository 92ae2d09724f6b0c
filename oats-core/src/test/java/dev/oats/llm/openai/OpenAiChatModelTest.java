package dev.oats.llm.openai;

import static dev.oats.llm.Conversations.GOAL;
import static dev.oats.llm.Conversations.SYSTEM;
import static dev.oats.llm.Conversations.afterToolCall;
import static dev.oats.llm.Conversations.firstTurn;
import static dev.oats.llm.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.llm.NoDelayProbe;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import dev.oats.testkit.FakeOpenAiServer;
import dev.oats.testkit.ScriptedReply;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpenAiChatModelTest {

  private static final String KEY = "sk-openai-test-secret";

  private final FakeOpenAiServer server = FakeOpenAiServer.start();
  private final OpenAiChatModel model =
      new OpenAiChatModel(KEY, server.baseUrl(), "gpt-test", Duration.ofSeconds(5));

  @AfterEach
  void stop() {
    model.close();
    server.close();
  }

  @Test
  void answersWithTheMessageContent() {
    server.enqueue(ScriptedReply.text("The pod is OOM-killed."));

    ChatResponse response = model.chat(firstTurn());

    assertThat(response.text()).isEqualTo("The pod is OOM-killed.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.stopReason()).isEqualTo(ChatResponse.StopReason.END_TURN);
    assertThat(server.lastRequest().path()).isEqualTo("/v1/chat/completions");
    JsonNode messages = server.lastRequest().body().path("messages");
    assertThat(messages).hasSize(2);
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(0).path("content").asText()).isEqualTo(SYSTEM);
    assertThat(messages.get(1).path("role").asText()).isEqualTo("user");
    assertThat(messages.get(1).path("content").asText()).isEqualTo(GOAL);
    assertThat(server.lastRequest().body().path("model").asText()).isEqualTo("gpt-test");
  }

  /**
   * Nagle's algorithm off on the SDK's connections: with it on, a request whose body left in a
   * second small write waited ~40 ms for the ACK of the first on every reused connection.
   */
  @Test
  void theSdkConnectsWithNagleOff() throws Exception {
    server.enqueue(ScriptedReply.text("first"), ScriptedReply.text("second"));
    model.chat(firstTurn());
    model.chat(firstTurn());

    server.enqueue(ScriptedReply.text("third"));
    List<Boolean> noDelay =
        NoDelayProbe.noDelayOfPooledConnection(
            model.http(), server.baseUrl() + "/chat/completions");
    assertThat(noDelay).containsExactly(true);
  }

  @Test
  void sendsToolsAsFunctions() {
    server.enqueue(ScriptedReply.text("ok"));

    model.chat(firstTurn());

    JsonNode tools = server.lastRequest().body().path("tools");
    assertThat(tools).hasSize(2);
    JsonNode tool = tools.get(0);
    assertThat(tool.path("type").asText()).isEqualTo("function");
    assertThat(tool.path("function").path("name").asText()).isEqualTo("kubectl_info");
    assertThat(tool.path("function").path("description").asText())
        .isEqualTo("Reads Kubernetes objects.");
    assertThat(tool.path("function").path("parameters"))
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
    assertThat(call.id()).startsWith("call_");
    assertThat(call.name()).isEqualTo("kubectl_info");
    assertThat(call.arguments()).isEqualTo(json("{\"namespace\":\"shop\"}"));
    JsonNode messages = server.lastRequest().body().path("messages");
    assertThat(messages).hasSize(4);
    JsonNode assistant = messages.get(2);
    assertThat(assistant.path("role").asText()).isEqualTo("assistant");
    assertThat(assistant.path("content").asText()).isEqualTo("Let me look at the pods.");
    JsonNode sentCall = assistant.path("tool_calls").get(0);
    assertThat(sentCall.path("id").asText()).isEqualTo(call.id());
    assertThat(sentCall.path("type").asText()).isEqualTo("function");
    assertThat(sentCall.path("function").path("name").asText()).isEqualTo("kubectl_info");
    assertThat(json(sentCall.path("function").path("arguments").asText()))
        .isEqualTo(json("{\"namespace\":\"shop\"}"));
    JsonNode result = messages.get(3);
    assertThat(result.path("role").asText()).isEqualTo("tool");
    assertThat(result.path("tool_call_id").asText()).isEqualTo(call.id());
    assertThat(result.path("content").asText()).isEqualTo("pod checkout-api: OOMKilled");
  }

  @Test
  void sendsOneToolMessagePerResultAndMarksFailures() {
    server.enqueue(ScriptedReply.text("ok"));
    ToolCall call = new ToolCall("call_1", "kubectl_info", json("{\"namespace\":\"shop\"}"));

    model.chat(afterToolCall("", call, "forbidden", true));

    JsonNode messages = server.lastRequest().body().path("messages");
    assertThat(messages.get(2).has("content")).isFalse();
    assertThat(messages.get(3).path("content").asText()).isEqualTo("Error: forbidden");
  }

  @Test
  void keepsMalformedArgumentsRawInsteadOfFailing() {
    server.enqueue(ScriptedReply.toolCall("kubectl_info", "{\"namespace\": shop"));

    ToolCall call = model.chat(firstTurn()).toolCalls().get(0);

    assertThat(call.arguments()).isEqualTo(json("{\"_raw\":\"{\\\"namespace\\\": shop\"}"));
  }

  @Test
  void mapsUsageWithCachedTokensOutOfThePrompt() {
    server.enqueue(ScriptedReply.text("ok").withUsage(120, 30, 2000, 0));

    ChatResponse response = model.chat(firstTurn());

    assertThat(server.requests()).hasSize(1);
    assertThat(response.usage()).isEqualTo(new Usage(120, 30, 2000, 0));
  }

  @Test
  void saysWhenTheAnswerWasCutByTheOutputCap() {
    server.enqueue(ScriptedReply.text("The root cause is").truncated());

    assertThat(model.chat(firstTurn()).stopReason()).isEqualTo(ChatResponse.StopReason.MAX_TOKENS);
  }

  @Test
  void sendsMaxCompletionTokensOnceTheModelRefusesMaxTokens() {
    server.enqueue(
        ScriptedReply.httpError(
            400,
            "Unsupported parameter: 'max_tokens' is not supported with this model."
                + " Use 'max_completion_tokens' instead."),
        ScriptedReply.text("first"),
        ScriptedReply.text("second"));

    model.chat(firstTurn());
    model.chat(firstTurn());

    assertThat(server.requests()).hasSize(3);
    assertThat(server.requests().get(0).body().path("max_tokens").asInt()).isEqualTo(4096);
    for (int i = 1; i < 3; i++) {
      JsonNode sent = server.requests().get(i).body();
      assertThat(sent.has("max_tokens")).isFalse();
      assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(4096);
      assertThat(sent.has("temperature")).isTrue();
    }
  }

  @Test
  void stopsSendingTemperatureOnceTheModelRefusesIt() {
    server.enqueue(
        ScriptedReply.httpError(
            400,
            "Unsupported value: 'temperature' does not support 0 with this model."
                + " Only the default (1) value is supported."),
        ScriptedReply.text("ok"));

    assertThat(model.chat(firstTurn()).text()).isEqualTo("ok");
    assertThat(server.lastRequest().body().has("temperature")).isFalse();
  }

  @Test
  void reportsABadRequestWithTheProvidersMessage() {
    server.enqueue(ScriptedReply.httpError(404, "The model `gpt-nope` does not exist."));

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
    assertThat(e.getMessage())
        .contains("OpenAI", server.baseUrl(), "HTTP 404", "The model `gpt-nope` does not exist.")
        .contains("request id req_fake_1");
  }

  @Test
  void sendsTheKeyAsBearerButNeverShowsItInAMessage() {
    server.expectApiKey("another-key");

    ModelException e = catchThrowableOfType(ModelException.class, () -> model.chat(firstTurn()));

    assertThat(e.kind()).isEqualTo(ModelException.Kind.AUTHENTICATION);
    assertThat(e.getMessage()).contains("HTTP 401", "Incorrect API key").doesNotContain(KEY);
    assertThat(server.lastRequest().header("authorization")).hasValue("Bearer " + KEY);
  }

  @Test
  void worksWithoutAKeyForLocalServers() {
    server.enqueue(ScriptedReply.text("ok"));

    try (OpenAiChatModel keyless =
        new OpenAiChatModel(null, server.baseUrl(), "llama3", Duration.ofSeconds(5))) {
      assertThat(keyless.chat(firstTurn()).text()).isEqualTo("ok");
    }
  }

  @Test
  void describesItselfByProviderAndModel() {
    assertThat(model.describe()).isEqualTo("openai/gpt-test");
  }
}
