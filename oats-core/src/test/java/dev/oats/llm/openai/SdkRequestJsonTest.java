package dev.oats.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.core.ObjectMappers;
import dev.oats.llm.Conversations;
import dev.oats.llm.RandomRequests;
import dev.oats.llm.WarmUpRequest;
import dev.oats.model.ChatRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI clients write requests with a copy of the SDK's mapper that does not ask Jackson's
 * Kotlin module (see {@code SdkRequestJson}); the bytes must be those the SDK's own mapper writes.
 */
class SdkRequestJsonTest {

  @Test
  void everyRequestIsWrittenByteForByteAsTheSdksOwnMapperWritesIt() throws Exception {
    JsonMapper sdk = ObjectMappers.jsonMapper();
    JsonMapper json = OpenAiChatModel.processJson();
    assertThat(json).isNotSameAs(sdk);
    List<ChatRequest> requests = new ArrayList<>();
    requests.add(WarmUpRequest.create());
    requests.add(Conversations.firstTurn());
    RandomRequests random = new RandomRequests(21);
    for (int i = 0; i < 400; i++) {
      requests.add(random.next());
    }
    for (int i = 0; i < requests.size(); i++) {
      for (boolean temperature : new boolean[] {true, false}) {
        for (boolean maxTokens : new boolean[] {true, false}) {
          Object body =
              ChatCompletionsTranslation.toParams(
                      requests.get(i),
                      "gpt-x",
                      new ChatCompletionsTranslation.Parameters(temperature, maxTokens))
                  ._body();
          assertThat(new String(json.writeValueAsBytes(body), StandardCharsets.UTF_8))
              .as("request %d, temperature %s, max_tokens %s", i, temperature, maxTokens)
              .isEqualTo(new String(sdk.writeValueAsBytes(body), StandardCharsets.UTF_8));
        }
      }
    }
  }
}
