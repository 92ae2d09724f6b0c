package dev.oats.server;

import dev.oats.event.RecordedEvent;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Hands each stored event to whoever watches its investigation live (SSE, WebSocket). Only events
 * already in the store are published, so a watcher that replays from the store and then listens
 * misses nothing.
 */
public final class EventBus {

  private final Map<String, Set<Consumer<RecordedEvent>>> watchers = new ConcurrentHashMap<>();

  /** Starts delivering the investigation's new events; close the result to stop. */
  public AutoCloseable subscribe(String investigationId, Consumer<RecordedEvent> watcher) {
    watchers.computeIfAbsent(investigationId, id -> ConcurrentHashMap.newKeySet()).add(watcher);
    return () ->
        watchers.computeIfPresent(
            investigationId,
            (id, set) -> {
              set.remove(watcher);
              return set.isEmpty() ? null : set;
            });
  }

  public void publish(String investigationId, RecordedEvent event) {
    for (Consumer<RecordedEvent> watcher : watchers.getOrDefault(investigationId, Set.of())) {
      watcher.accept(event);
    }
  }
}
