package dev.oats.store;

/**
 * Where an investigation's latest run is: {@code PENDING → RUNNING →} one of the terminal states,
 * or straight from {@code PENDING} to a terminal state when it never started. A running
 * investigation may park in {@code WAITING_FOR_APPROVAL} and go back to {@code PENDING} (to resume)
 * once its call is decided; a follow-up question takes an ended one back to {@code PENDING}.
 */
public enum InvestigationStatus {
  /** Accepted and waiting for a runner. */
  PENDING,
  /** A runner has started the agent. */
  RUNNING,
  /** A call waits for someone to approve or deny it; the run holds no thread and no slot. */
  WAITING_FOR_APPROVAL,
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
