package dev.oats.model;

import java.time.Duration;
import java.util.Optional;

/**
 * A model call that failed. The {@link Kind} says what went wrong in terms the retry decorator acts
 * on; the message says it in terms an engineer can act on.
 */
public class ModelException extends RuntimeException {

  /** What kind of failure it was. */
  public enum Kind {
    /** HTTP 429: too many requests or tokens. Retried, honouring {@code retry-after}. */
    RATE_LIMITED(true),
    /** HTTP 529 or an overloaded error. Retried. */
    OVERLOADED(true),
    /** HTTP 5xx. Retried. */
    SERVER_ERROR(true),
    /** The call took too long. Retried. */
    TIMEOUT(true),
    /** The server could not be reached at all (refused, DNS, TLS). Retried. */
    UNREACHABLE(true),
    /** HTTP 401/403: the key is wrong or lacks permission. Not retried. */
    AUTHENTICATION(false),
    /** HTTP 400/404/422: the request is wrong (unknown model, bad parameter). Not retried. */
    BAD_REQUEST(false),
    /** The thread was interrupted: the investigation was cancelled. Not retried. */
    CANCELLED(false),
    /** Anything else. Not retried. */
    OTHER(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;

  public ModelException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public ModelException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The delay the provider asked for before the next try, when it said one. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
