package dev.oats.agent;

import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ToolSpec;
import java.util.List;

/** Native tool calling: Anthropic {@code tool_use}, OpenAI {@code tool_calls}. */
final class NativeProtocol implements Protocol {

  @Override
  public String name() {
    return "native";
  }

  @Override
  public String system(String basePrompt, List<ToolSpec> tools) {
    return basePrompt;
  }

  @Override
  public ChatRequest request(
      String system, List<Message> conversation, List<ToolSpec> tools, int maxTokens, double temp) {
    return new ChatRequest(system, conversation, tools, maxTokens, temp);
  }

  @Override
  public Decoded decode(ChatResponse response, int turn) {
    Message.Assistant message = new Message.Assistant(response.text(), response.toolCalls());
    if (!response.toolCalls().isEmpty()) {
      return new Decoded(message, response.text().strip(), response.toolCalls(), null);
    }
    String problem =
        response.stopReason() == ChatResponse.StopReason.MAX_TOKENS
            ? "Your answer was cut off at the output limit before any tool call. Answer more"
                + " briefly: one short thought, then one tool call."
            : "You answered without calling a tool. Every turn must call a tool: investigate with"
                + " one, or call finish with your report if you know the root cause.";
    return new Decoded(message, response.text().strip(), List.of(), problem);
  }
}
