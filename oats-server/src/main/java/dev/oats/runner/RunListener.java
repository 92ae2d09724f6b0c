package dev.oats.runner;

import dev.oats.event.RecordedEvent;
import dev.oats.store.InvestigationStatus;

/** What a runner tells the server about the investigations it runs. */
public interface RunListener {

  /** An event of the investigation, in order; a repeated sequence number is ignored. */
  void event(String investigationId, RecordedEvent event);

  /**
   * The investigation is over without the agent having said so (it crashed, was killed, or was
   * cancelled before it could report). Ignored when the agent already reported its end.
   */
  void ended(String investigationId, InvestigationStatus status, String reason);
}
