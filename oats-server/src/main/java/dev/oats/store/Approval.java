package dev.oats.store;

import java.time.Instant;

/**
 * A call held for approval, as stored.
 *
 * @param run the run of the investigation that made the call
 * @param argumentsJson the arguments the call would run with, as JSON
 * @param reason why it is held, for the person deciding
 * @param deadline when it is denied if nobody has decided
 * @param status {@code WAITING} until decided, then {@code APPROVED}, {@code DENIED}, {@code
 *     TIMED_OUT} or {@code CANCELLED}
 * @param decidedBy the name of the API key that decided, or {@code oats}; null while waiting
 */
public record Approval(
    String investigationId,
    String callId,
    int run,
    String tool,
    String argumentsJson,
    String sideEffect,
    String reason,
    Instant requestedAt,
    Instant deadline,
    Status status,
    String decidedBy,
    Instant decidedAt,
    String decisionReason) {

  /** Where an approval is. */
  public enum Status {
    WAITING,
    APPROVED,
    DENIED,
    TIMED_OUT,
    CANCELLED;

    public boolean approved() {
      return this == APPROVED;
    }
  }

  /** A new request, waiting. */
  public static Approval waiting(
      String investigationId,
      String callId,
      int run,
      String tool,
      String argumentsJson,
      String sideEffect,
      String reason,
      Instant requestedAt,
      Instant deadline) {
    return new Approval(
        investigationId,
        callId,
        run,
        tool,
        argumentsJson,
        sideEffect,
        reason,
        requestedAt,
        deadline,
        Status.WAITING,
        null,
        null,
        null);
  }
}
