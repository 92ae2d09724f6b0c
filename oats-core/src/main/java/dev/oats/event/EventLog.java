package dev.oats.event;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stamps each event with the next local number and the time, keeps the run's events in memory, and
 * hands each {@link RecordedEvent} on. One per run of an agent.
 *
 * <p>The local number orders a run's events and, with the run's id, identifies each one when it is
 * delivered (so a resent event is recognised); the store assigns the number an event has in the
 * investigation's log.
 */
public final class EventLog implements EventSink {

  private final Clock clock;
  private final Consumer<RecordedEvent> downstream;
  private final long first;
  private final List<RecordedEvent> events = new ArrayList<>();

  public EventLog(Clock clock, Consumer<RecordedEvent> downstream) {
    this(clock, 1, downstream);
  }

  /** A log whose first event is numbered {@code first} (it continues an earlier one). */
  public EventLog(Clock clock, long first, Consumer<RecordedEvent> downstream) {
    this.clock = clock;
    this.first = first;
    this.downstream = downstream;
  }

  @Override
  public synchronized void emit(AgentEvent event) {
    RecordedEvent recorded = new RecordedEvent(first + events.size(), clock.instant(), event);
    events.add(recorded);
    downstream.accept(recorded);
  }

  public synchronized List<RecordedEvent> events() {
    return List.copyOf(events);
  }
}
