package dev.oats.server;

import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;

/**
 * Told of each event this process stored, once, after the service has acted on it (a terminal event
 * has already ended the row). Events another process stored, and a re-delivered event the store
 * already had, are not passed on, so whatever a listener does happens once per event.
 *
 * <p>It is called on the appending thread, which may be an agent's: it must return at once (hand
 * slow work to a thread of its own) and must not throw.
 */
@FunctionalInterface
public interface StoredEventListener {

  /**
   * @param investigationId the investigation the event belongs to
   * @param event the event as stored, with its number
   * @param after the fold of the investigation's log up to and including it
   */
  void stored(String investigationId, RecordedEvent event, Progress after);
}
