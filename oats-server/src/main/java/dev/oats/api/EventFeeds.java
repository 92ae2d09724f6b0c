package dev.oats.api;

import dev.oats.server.EventBus;
import dev.oats.store.InvestigationStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The feeds of the investigations someone watches: one per investigation, shared by all its
 * watchers, so a thousand watchers cost one store query, one serialisation per event and one
 * broadcaster thread. A feed is dropped (its broadcaster stopped) with its last watcher.
 */
final class EventFeeds {

  private final EventBus bus;
  private final InvestigationStore store;
  private final Map<String, Shared> feeds = new ConcurrentHashMap<>();

  /** A feed and how many watch it; changed only inside the map's compute, which locks the key. */
  private static final class Shared {
    final EventFeed feed;
    int watchers;
    AutoCloseable subscription;

    Shared(String id, StreamMetrics metrics) {
      feed = new EventFeed(id, EventFeed.BROADCASTERS, metrics::feedLag);
    }
  }

  private final StreamMetrics metrics;

  /** Feeds whose stream metrics go nowhere (tests of the feeds alone). */
  EventFeeds(EventBus bus, InvestigationStore store) {
    this(bus, store, new StreamMetrics(new SimpleMeterRegistry()));
  }

  EventFeeds(EventBus bus, InvestigationStore store, StreamMetrics metrics) {
    this.bus = bus;
    this.store = store;
    this.metrics = metrics;
  }

  /**
   * Whether investigation {@code id} exists, answered by its feed while anyone watches it and by
   * the store otherwise: a feed is opened only for an investigation found in the store (every
   * stream asks this first), and investigations are never deleted. A thousand watchers that open
   * their streams at once then cost the store one lookup for the first, not one each.
   */
  boolean exists(String id) {
    return feeds.containsKey(id) || store.find(id).isPresent();
  }

  /** Joins the investigation's feed, filled from the store on first use; leave it when done. */
  EventFeed join(String id) {
    Shared shared =
        feeds.compute(
            id,
            (key, existing) -> {
              Shared s = existing != null ? existing : new Shared(key, metrics);
              s.watchers++;
              return s;
            });
    try {
      shared.feed.loadOnce(
          () -> {
            // Subscribed before reading the store: an event published meanwhile waits on the
            // feed's lock and is then skipped if the store already had it. A load tried again
            // (the store failed the first time) replaces the first subscription.
            closeQuietly(shared.subscription);
            shared.subscription = bus.subscribe(id, shared.feed::offer);
            return store.events(id, 0);
          });
    } catch (RuntimeException e) {
      // Not watched after all: the feed, its thread and its subscription go with the last watcher.
      leave(id, shared.feed);
      throw e;
    }
    return shared.feed;
  }

  void leave(String id, EventFeed feed) {
    feeds.computeIfPresent(
        id,
        (key, shared) -> {
          if (shared.feed != feed || --shared.watchers > 0) {
            return shared;
          }
          closeQuietly(shared.subscription);
          shared.feed.close();
          return null;
        });
  }

  /** How many investigations have a feed (watchers right now), for tests. */
  int open() {
    return feeds.size();
  }

  private static void closeQuietly(AutoCloseable subscription) {
    if (subscription == null) {
      return;
    }
    try {
      subscription.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing an event bus subscription cannot fail", e);
    }
  }
}
