package dev.oats.store;

/** What {@link InvestigationStore#appendEvent} did with an event. */
public enum AppendResult {
  /** The event was stored. */
  APPENDED,
  /**
   * An event with that sequence number was already stored, so nothing changed. Senders retry after
   * a timeout, so a duplicate is expected, not an error.
   */
  DUPLICATE,
  /** No investigation has that id. */
  UNKNOWN_INVESTIGATION
}
