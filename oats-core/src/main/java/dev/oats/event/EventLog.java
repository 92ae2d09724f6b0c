package dev.oats.event;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stamps each event with the next sequence number and the time, keeps the log in memory, and hands
 * each {@link RecordedEvent} on. One per investigation.
 */
public final class EventLog implements EventSink {

  private final Clock clock;
  private final Consumer<RecordedEvent> downstream;
  private final List<RecordedEvent> events = new ArrayList<>();

  public EventLog(Clock clock, Consumer<RecordedEvent> downstream) {
    this.clock = clock;
    this.downstream = downstream;
  }

  @Override
  public synchronized void emit(AgentEvent event) {
    RecordedEvent recorded = new RecordedEvent(events.size() + 1L, clock.instant(), event);
    events.add(recorded);
    downstream.accept(recorded);
  }

  public synchronized List<RecordedEvent> events() {
    return List.copyOf(events);
  }
}
