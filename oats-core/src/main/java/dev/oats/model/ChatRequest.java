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
 * @param cacheBreaks indices of messages, ascending, that end a prefix of {@code messages} the
 *     caller sent before or expects to send again unchanged: a provider with explicit prompt
 *     caching (Anthropic's {@code cache_control}) marks the newest of them, so each request reads
 *     the previous one's prefix from the cache and writes its own; providers that cache stable
 *     prefixes by themselves ignore them
 */
public record ChatRequest(
    String system,
    List<Message> messages,
    List<ToolSpec> tools,
    int maxOutputTokens,
    double temperature,
    List<Integer> cacheBreaks) {

  public ChatRequest {
    messages = List.copyOf(messages);
    tools = List.copyOf(tools);
    cacheBreaks = List.copyOf(cacheBreaks);
    for (int i = 0; i < cacheBreaks.size(); i++) {
      int at = cacheBreaks.get(i);
      if (at < 0 || at >= messages.size() || (i > 0 && at <= cacheBreaks.get(i - 1))) {
        throw new IllegalArgumentException(
            "cache breaks must be ascending message indices below "
                + messages.size()
                + ": "
                + cacheBreaks);
      }
    }
  }

  /** A request with no cache breaks in the conversation. */
  public ChatRequest(
      String system,
      List<Message> messages,
      List<ToolSpec> tools,
      int maxOutputTokens,
      double temperature) {
    this(system, messages, tools, maxOutputTokens, temperature, List.of());
  }

  /** This request with these cache breaks. */
  public ChatRequest withCacheBreaks(List<Integer> breaks) {
    return new ChatRequest(system, messages, tools, maxOutputTokens, temperature, breaks);
  }
}
