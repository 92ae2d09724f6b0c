package dev.oats.runner;

import dev.oats.event.RecordedEvent;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.util.List;

/** What a runner tells the server about the investigations it runs, and what it may ask. */
public interface RunListener {

  /**
   * An event of one run of the investigation, in order.
   *
   * @param runId identifies the run (one agent's attempt); with the event's local number it makes
   *     the key by which a resent event is recognised
   * @param event the event as the agent numbered it; the store gives it its place in the log
   */
  void event(String investigationId, String runId, RecordedEvent event);

  /** The investigation's events so far: what a new run rebuilds the conversation from. */
  List<RecordedEvent> history(String investigationId);

  /**
   * The investigation is over without the agent having said so (it crashed, was killed, or was
   * cancelled before it could report). Ignored when the agent already reported its end, or parked
   * its run to wait for an approval.
   */
  void ended(String investigationId, InvestigationStatus status, String reason);

  /**
   * The investigations with a run under way now, whichever server replica started them: what a
   * runner that watches for all replicas adopts. None by default.
   */
  default List<InvestigationRecord> active() {
    return List.of();
  }
}
