package dev.oats.llm.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.core.ObjectMappers;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.oats.llm.Conversations;
import dev.oats.llm.RandomRequests;
import dev.oats.llm.WarmUpRequest;
import dev.oats.model.ChatRequest;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The clients write requests with a copy of the SDK's mapper that does not ask Jackson's Kotlin
 * module (its reflection was most of the agent's first request: see {@code SdkRequestJson}); the
 * bytes must be those the SDK's own mapper writes.
 */
class SdkRequestJsonTest {

  private static final JsonMapper SDK = ObjectMappers.jsonMapper();

  @Test
  void everyRequestIsWrittenByteForByteAsTheSdksOwnMapperWritesIt() throws Exception {
    List<ChatRequest> requests = new ArrayList<>();
    requests.add(WarmUpRequest.create());
    requests.add(Conversations.firstTurn());
    RandomRequests random = new RandomRequests(14);
    for (int i = 0; i < 400; i++) {
      requests.add(random.next());
    }
    JsonMapper json = AnthropicChatModel.processJson();
    for (int i = 0; i < requests.size(); i++) {
      for (boolean temperature : new boolean[] {true, false}) {
        Object body =
            MessagesTranslation.toParams(requests.get(i), "claude-x", temperature)._body();
        assertThat(
                new String(json.writeValueAsBytes(body), java.nio.charset.StandardCharsets.UTF_8))
            .as("request %d, temperature %s", i, temperature)
            .isEqualTo(
                new String(SDK.writeValueAsBytes(body), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void theClientWritesWithTheWarmedMapperWhoseWritesSkipTheKotlinModule() {
    try (AnthropicChatModel model =
        new AnthropicChatModel(
            "sk-ant-x", "http://127.0.0.1:9", "claude-x", Duration.ofSeconds(1))) {
      assertThat(model.json()).isSameAs(AnthropicChatModel.processJson());
    }
    assertThat(kotlinIntrospectors(SDK.getSerializationConfig().getAnnotationIntrospector()))
        .as("the SDK's own mapper (what this test is about)")
        .isNotEmpty();
    JsonMapper json = AnthropicChatModel.processJson();
    assertThat(kotlinIntrospectors(json.getSerializationConfig().getAnnotationIntrospector()))
        .isEmpty();
    assertThat(kotlinIntrospectors(json.getDeserializationConfig().getAnnotationIntrospector()))
        .as("reading keeps the Kotlin module")
        .isNotEmpty();
  }

  /** Through the client to a fake: what arrives is what the SDK's own mapper writes. */
  @Test
  void whatArrivesIsWhatTheSdksMapperWrites() throws Exception {
    RandomRequests random = new RandomRequests(7);
    try (FakeAnthropicServer server = FakeAnthropicServer.start();
        AnthropicChatModel model =
            new AnthropicChatModel(
                "sk-ant-x", server.baseUrl(), "claude-x", Duration.ofSeconds(10))) {
      List<ChatRequest> sent = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        ChatRequest request = random.next();
        server.enqueue(ScriptedReply.text("ok " + i));
        model.chat(request);
        sent.add(request);
      }
      for (int i = 0; i < sent.size(); i++) {
        Object body = MessagesTranslation.toParams(sent.get(i), "claude-x", true)._body();
        assertThat(server.requests().get(i).body())
            .as("request %d", i)
            .isEqualTo(SDK.readTree(SDK.writeValueAsBytes(body)));
      }
    }
  }

  private static List<String> kotlinIntrospectors(AnnotationIntrospector introspector) {
    return introspector.allIntrospectors().stream()
        .map(i -> i.getClass().getName())
        .filter(name -> name.startsWith("com.fasterxml.jackson.module.kotlin."))
        .toList();
  }
}
