package dev.oats.model;

import java.util.List;

/**
 * One call to a model.
 *
 * @param system the system prompt; adapters mark it, with the tool definitions, as the stable
 *     prefix to cache where the provider supports prompt caching
 * @param messages the conversation, oldest first; the first is always the user's goal
 * @param tools the tools the model may call natively; empty when the text protocol is used
 * @param maxOutputTokens the cap on the answer's length
 * @param temperature sampling temperature; the agent uses 0
 */
public record ChatRequest(
    String system,
    List<Message> messages,
    List<ToolSpec> tools,
    int maxOutputTokens,
    double temperature) {

  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
  }
}
