package dev.oats.store;

import dev.oats.event.RecordedEvent;

/** What {@link InvestigationStore#appendEvent} did with an event. */
public sealed interface AppendResult {

  /** The event was stored under the next number of the investigation's log. */
  record Appended(RecordedEvent event) implements AppendResult {}

  /**
   * An event with that delivery key was already stored, with the same content: a resend (senders
   * retry after a timeout), so nothing changed.
   */
  record Duplicate(RecordedEvent stored) implements AppendResult {}

  /**
   * An event with that delivery key was already stored with different content. Nothing changed; the
   * sender is told, because a differing event is never silently dropped.
   */
  record Conflict(RecordedEvent stored) implements AppendResult {}

  /**
   * The event ends a run that has already ended (its terminal event is {@code terminal}): a second
   * end is never stored, so each run ends exactly once however many parties race to end it (the
   * agent, a cancel's grace timer, a replica recovering a lost one).
   */
  record AlreadyEnded(RecordedEvent terminal) implements AppendResult {}

  /** No investigation has that id. */
  record UnknownInvestigation() implements AppendResult {}
}
