package dev.oats.event;

/**
 * Where the agent loop sends its events, in order, from one thread. Implementations record them
 * (the store), show them (the terminal view) or forward them (to the server over HTTP).
 */
@FunctionalInterface
public interface EventSink {

  void emit(AgentEvent event);

  /** A sink that sends every event to both, this one first. */
  default EventSink andThen(EventSink next) {
    return event -> {
      emit(event);
      next.emit(event);
    };
  }
}
