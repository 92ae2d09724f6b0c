package dev.oats.server;

import dev.oats.event.RecordedEvent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each stored event to whoever watches its investigation live (SSE, WebSocket). Only events
 * already in the store are published, so a watcher that replays from the store and then listens
 * misses nothing.
 *
 * <p>Built over the store ({@link #EventBus(Source)}), it delivers each investigation's events to
 * its watchers exactly once and in order: it remembers the last number it delivered, skips what it
 * has delivered, and fills a gap (an event published ahead of the one before it, or a {@link
 * #changed change} announced by another replica) by reading the store after that number. This is
 * what makes the bus span replicas: a replica that hears of an append elsewhere (PostgreSQL {@code
 * NOTIFY}) reads the new events from the store, and after a lost notification or a reconnected
 * listener, {@link #catchUpAll()} reads whatever it missed.
 */
public final class EventBus {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  /** The store, as the bus reads it. */
  public interface Source {
    /** The investigation's events after sequence number {@code afterSeq}, in order. */
    List<RecordedEvent> events(String investigationId, long afterSeq);

    /** The number of its last event, 0 when it has none. */
    long lastSeq(String investigationId);
  }

  /** One investigation's watchers and the last event they were given; guarded by its lock. */
  private static final class Channel {
    final ReentrantLock lock = new ReentrantLock();
    final Set<Consumer<RecordedEvent>> watchers = new CopyOnWriteArraySet<>();
    long delivered = -1;
  }

  private final Source source;
  private final Map<String, Channel> channels = new ConcurrentHashMap<>();

  /** A bus of this process alone, handing each published event on as it comes: for tests. */
  public EventBus() {
    this(null);
  }

  /** A bus that delivers in order and exactly once, reading gaps from the store. */
  public EventBus(Source source) {
    this.source = source;
  }

  /** Starts delivering the investigation's new events; close the result to stop. */
  public AutoCloseable subscribe(String investigationId, Consumer<RecordedEvent> watcher) {
    Channel channel = channels.computeIfAbsent(investigationId, id -> new Channel());
    channel.lock.lock();
    try {
      if (channel.delivered < 0 && source != null) {
        // From here on: the watcher reads the store itself for what came before.
        channel.delivered = source.lastSeq(investigationId);
      }
      channel.watchers.add(watcher);
    } finally {
      channel.lock.unlock();
    }
    return () ->
        channels.computeIfPresent(
            investigationId,
            (id, open) -> {
              open.watchers.remove(watcher);
              return open.watchers.isEmpty() ? null : open;
            });
  }

  /** An event this process stored; delivered now, after any that came before it. */
  public void publish(String investigationId, RecordedEvent event) {
    Channel channel = channels.get(investigationId);
    if (channel == null) {
      return;
    }
    if (source == null) {
      channel.watchers.forEach(watcher -> watcher.accept(event));
      return;
    }
    channel.lock.lock();
    try {
      if (event.seq() <= channel.delivered) {
        return;
      }
      if (event.seq() == channel.delivered + 1) {
        deliver(channel, event);
      } else {
        catchUp(investigationId, channel);
      }
    } finally {
      channel.lock.unlock();
    }
  }

  /**
   * Another replica stored event {@code seq} of the investigation: what this bus has not delivered
   * up to it is read from the store and delivered.
   */
  public void changed(String investigationId, long seq) {
    Channel channel = channels.get(investigationId);
    if (channel == null || source == null) {
      return;
    }
    channel.lock.lock();
    try {
      if (seq > channel.delivered) {
        catchUp(investigationId, channel);
      }
    } finally {
      channel.lock.unlock();
    }
  }

  /** Reads and delivers whatever every watched investigation has stored since its last delivery. */
  public void catchUpAll() {
    if (source == null) {
      return;
    }
    for (Map.Entry<String, Channel> open : channels.entrySet()) {
      Channel channel = open.getValue();
      channel.lock.lock();
      try {
        catchUp(open.getKey(), channel);
      } catch (RuntimeException e) {
        log.warn("Could not catch up the events of {}: {}", open.getKey(), e.toString());
      } finally {
        channel.lock.unlock();
      }
    }
  }

  /** How many investigations have watchers here. */
  public int watched() {
    return channels.size();
  }

  private void catchUp(String investigationId, Channel channel) {
    for (RecordedEvent missed : source.events(investigationId, channel.delivered)) {
      deliver(channel, missed);
    }
  }

  private static void deliver(Channel channel, RecordedEvent event) {
    channel.delivered = event.seq();
    for (Consumer<RecordedEvent> watcher : channel.watchers) {
      try {
        watcher.accept(event);
      } catch (RuntimeException e) {
        log.warn("A watcher refused event {}: {}", event.seq(), e.toString());
      }
    }
  }
}
