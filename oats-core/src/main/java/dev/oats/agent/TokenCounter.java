package dev.oats.agent;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.List;

/**
 * Counts tokens with a real BPE tokenizer (cl100k, via jtokkit). Providers tokenize a little
 * differently, so the count is an estimate within a few percent; it is what the context budget
 * needs, and it costs no API call.
 */
public final class TokenCounter {

  /** What a provider adds around each message (role, separators). */
  private static final int PER_MESSAGE_OVERHEAD = 4;

  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text);
  }

  public int count(Message message) {
    int tokens =
        switch (message) {
          case Message.User user -> count(user.text());
          case Message.Assistant assistant -> count(assistant.text()) + countCalls(assistant);
          case Message.ToolResults results ->
              results.results().stream()
                  .mapToInt(r -> count(r.content()) + PER_MESSAGE_OVERHEAD)
                  .sum();
        };
    return tokens + PER_MESSAGE_OVERHEAD;
  }

  public int count(List<Message> messages) {
    return messages.stream().mapToInt(this::count).sum();
  }

  public int countTools(List<ToolSpec> tools) {
    return tools.stream()
        .mapToInt(t -> count(t.name()) + count(t.description()) + count(t.inputSchema().toString()))
        .sum();
  }

  private int countCalls(Message.Assistant assistant) {
    int tokens = 0;
    for (ToolCall call : assistant.toolCalls()) {
      tokens += count(call.name()) + count(call.arguments().toString()) + PER_MESSAGE_OVERHEAD;
    }
    return tokens;
  }
}
