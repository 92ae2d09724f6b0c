package dev.oats.runner;

/**
 * A runner could not tell now whether an agent's credential is genuine: too many checks are in
 * flight, or the API that checks them refuses. Never a pass and never a refusal: the agent is told
 * to try again after {@link #retryAfterSeconds()}, with {@link #status()} 429 (too many at once) or
 * 503 (the check itself is unavailable). The message is for the agent and the operator; it never
 * holds the credential.
 */
public final class AgentCheckUnavailable extends RuntimeException {

  private final int status;
  private final long retryAfterSeconds;

  public AgentCheckUnavailable(int status, long retryAfterSeconds, String message) {
    super(message, null, false, false);
    this.status = status;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** 429 or 503. */
  public int status() {
    return status;
  }

  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
