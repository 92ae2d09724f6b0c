package dev.oats.llm;

import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A model whose failures carry no secret: a provider's error text (an OpenAI-compatible proxy
 * naming the token it refused, a gateway quoting the request) is redacted before it becomes a
 * warning, a failed event or a log line, as a tool's output is. The cause keeps its stack but not
 * its message, which the SDK builds from the same body.
 */
public final class RedactingChatModel implements ChatModel {

  private final ChatModel delegate;
  private final UnaryOperator<String> redactor;

  public RedactingChatModel(ChatModel delegate, UnaryOperator<String> redactor) {
    this.delegate = delegate;
    this.redactor = redactor;
  }

  @Override
  public ChatResponse chat(ChatRequest request) throws ModelException {
    try {
      return delegate.chat(request);
    } catch (ModelException e) {
      throw redacted(e);
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request, Instant deadline) throws ModelException {
    try {
      return delegate.chat(request, deadline);
    } catch (ModelException e) {
      throw redacted(e);
    }
  }

  private ModelException redacted(ModelException e) {
    String message = e.getMessage() == null ? null : redactor.apply(e.getMessage());
    Throwable cause = e.getCause();
    RuntimeException quiet = null;
    if (cause != null) {
      quiet = new RuntimeException(redactor.apply(cause.toString()));
      quiet.setStackTrace(cause.getStackTrace());
    }
    ModelException copy = new ModelException(e.kind(), message, e.retryAfter().orElse(null), quiet);
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void warmUp() {
    delegate.warmUp();
  }
}
