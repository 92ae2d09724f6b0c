package dev.oats.model;

import java.util.List;

/**
 * A model's whole answer to one {@link ChatRequest}.
 *
 * @param text the prose of the answer (the model's reasoning, or a text-protocol action); may be
 *     empty
 * @param toolCalls the native tool calls, in the order the model made them
 * @param stopReason why the model stopped
 * @param usage the tokens this call consumed
 * @param model the model that answered, as the provider names it (often a dated version of the one
 *     asked for); null when the provider did not say
 */
public record ChatResponse(
    String text, List<ToolCall> toolCalls, StopReason stopReason, Usage usage, String model) {

  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = List.copyOf(toolCalls);
  }

  /** An answer whose model is not known. */
  public ChatResponse(String text, List<ToolCall> toolCalls, StopReason stopReason, Usage usage) {
    this(text, toolCalls, stopReason, usage, null);
  }

  /** Why a model stopped answering. */
  public enum StopReason {
    /** It finished its answer. */
    END_TURN,
    /** It asked for one or more tools. */
    TOOL_USE,
    /** It hit the output token cap; the answer is cut. */
    MAX_TOKENS,
    /** The provider refused or filtered the answer, or gave a reason we do not know. */
    OTHER
  }
}
