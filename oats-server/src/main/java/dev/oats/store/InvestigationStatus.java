package dev.oats.store;

/**
 * Where an investigation is in its life. It moves forward only: {@code PENDING → RUNNING →} one of
 * the terminal states, or straight from {@code PENDING} to a terminal state when it never started.
 */
public enum InvestigationStatus {
  /** Accepted and waiting for a runner. */
  PENDING,
  /** A runner has started the agent. */
  RUNNING,
  /** The agent finished with a report. */
  SUCCEEDED,
  /** The agent, its runner or its pod failed; the failure reason says why. */
  FAILED,
  /** Someone cancelled it. */
  CANCELLED;

  /** True for the states an investigation never leaves. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
