package dev.oats.model;

/**
 * A language model that answers a conversation, optionally with tool calls.
 *
 * <p>Implementations are thin adapters over a provider SDK. They translate {@link ChatRequest} into
 * the provider's wire format, and the provider's answer into a {@link ChatResponse}. Every provider
 * failure is thrown as a {@link ModelException} whose {@link ModelException.Kind} tells the retry
 * decorator whether trying again can help.
 */
public interface ChatModel {

  /** Sends one request and blocks until the whole answer is there. */
  ChatResponse chat(ChatRequest request) throws ModelException;

  /**
   * Sends one request that must be answered by {@code deadline}: an implementation that can, cuts
   * its call there (a {@link ModelException.Kind#TIMEOUT}). The default ignores the deadline;
   * {@code RetryingChatModel} enforces it around any model.
   */
  default ChatResponse chat(ChatRequest request, java.time.Instant deadline) throws ModelException {
    return chat(request);
  }

  /** A short label for logs and events, such as {@code anthropic/claude-sonnet-4-5}. */
  String describe();

  /**
   * Prepares the first call without making one or sending anything (an SDK's serialisers for a
   * request and an answer, say), so that the first request leaves sooner. The agent calls it once,
   * on a thread of its own, while its tools load. What it throws only costs start-up time: the
   * agent reports it as a warm-up failure and goes on, and the real call meets the same problem and
   * says so. The default does nothing.
   */
  default void warmUp() {}
}
