package dev.oats.agent;

import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.List;

/**
 * How the loop talks to a model about tools. The loop keeps one canonical conversation (assistant
 * messages with parsed calls, tool results as their own messages); a protocol renders it for the
 * model and reads the model's answer back.
 */
sealed interface Protocol permits NativeProtocol, TextProtocol {

  /** The name used in config and events: {@code native} or {@code text}. */
  String name();

  /** The system prompt as sent, including what the protocol itself needs to say. */
  String system(String basePrompt, List<ToolSpec> tools);

  /** The request for this turn, from a conversation that already fits the budget. */
  ChatRequest request(
      String system, List<Message> conversation, List<ToolSpec> tools, int maxTokens, double temp);

  /** Reads the model's answer for this turn. */
  Decoded decode(ChatResponse response, int turn);

  /**
   * A model's answer, read.
   *
   * @param message what to keep in the conversation for this answer
   * @param thought the model's reasoning, possibly empty
   * @param calls the tool calls to run, in order
   * @param problem why the answer could not be used, or null; the loop sends it back as a
   *     correction
   */
  record Decoded(Message.Assistant message, String thought, List<ToolCall> calls, String problem) {
    boolean malformed() {
      return problem != null;
    }
  }

  static Protocol named(String name) {
    return switch (name) {
      case "native" -> new NativeProtocol();
      case "text" -> new TextProtocol();
      default ->
          throw new IllegalArgumentException(
              "OATS_PROTOCOL must be 'native' or 'text', not '" + name + "'");
    };
  }
}
