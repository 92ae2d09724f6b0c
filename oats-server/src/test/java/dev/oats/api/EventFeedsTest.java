package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import dev.oats.server.EventBus;
import dev.oats.store.AppendResult;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many watchers of one investigation share one feed: the store is read once for all of them, each
 * event is serialised once, and what arrives live reaches every watcher in order.
 */
class EventFeedsTest {

  private static final int WATCHERS = 200;
  private static final Duration WAIT = Duration.ofSeconds(10);

  @TempDir Path dir;
  Database database;
  InvestigationStore store;
  final AtomicInteger eventReads = new AtomicInteger();
  final AtomicInteger finds = new AtomicInteger();
  final EventBus bus = new EventBus();
  String id;

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.h2File(dir));
    InvestigationStore real = database.investigations();
    // The real H2 store, counting how often the events are read.
    store =
        (InvestigationStore)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {InvestigationStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("events")) {
                    eventReads.incrementAndGet();
                  }
                  if (method.getName().equals("find")) {
                    finds.incrementAndGet();
                  }
                  return method.invoke(real, args);
                });
    InvestigationRecord record =
        InvestigationRecord.pending("why?", "shop", "local", 15, Instant.now());
    store.create(record);
    id = record.id();
  }

  @AfterEach
  void close() {
    database.close();
  }

  /** Stores the event (the store numbers it) and publishes it as stored, as the service does. */
  private RecordedEvent record(RecordedEvent event) {
    RecordedEvent stored =
        ((AppendResult.Appended) store.appendEvent(id, null, event.at(), event.event())).event();
    bus.publish(id, stored);
    return stored;
  }

  private static RecordedEvent event(long seq, AgentEvent event) {
    return new RecordedEvent(seq, Instant.now(), event);
  }

  @Test
  void watchersShareOneReplayAndOneSerialisationPerEventAndAllSeeTheLiveEnd() throws Exception {
    record(event(1, new AgentEvent.Started("why?", "shop", "m", "native", 15, List.of())));
    RecordedEvent second = record(event(2, new AgentEvent.TurnStarted(1, 15)));
    EventFeeds feeds = new EventFeeds(bus, store);

    List<EventFeed> joined = new ArrayList<>();
    try (ExecutorService watchers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<EventFeed>> joins = new ArrayList<>();
      for (int i = 0; i < WATCHERS; i++) {
        joins.add(watchers.submit(() -> feeds.join(id)));
      }
      for (Future<EventFeed> join : joins) {
        joined.add(join.get());
      }
    }
    EventFeed feed = joined.getFirst();
    assertThat(joined).allSatisfy(each -> assertThat(each).isSameAs(feed));
    assertThat(eventReads).as("store reads of the events").hasValue(1);

    record(event(3, new AgentEvent.Thought(1, "look at the pods")));
    bus.publish(id, second); // delivered twice by the bus: the feed keeps it once
    record(event(4, new AgentEvent.Finished("done", 1, Usage.ZERO)));

    List<EventFeed.Frame> frames = feed.from(0, WAIT);
    assertThat(frames).extracting(EventFeed.Frame::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(frames.getLast().terminal()).isTrue();
    assertThat(new String(frames.get(2).sse(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("id: 3\nevent: thought\ndata: {")
        .endsWith("}\n\n");
    // The same bytes for every watcher: each event was serialised once.
    assertThat(feed.from(0, WAIT).get(2)).isSameAs(frames.get(2));
    assertThat(feed.from(feed.positionAfter(2), WAIT))
        .extracting(EventFeed.Frame::seq)
        .containsExactly(3L, 4L);

    joined.forEach(each -> feeds.leave(id, each));
    assertThat(feeds.open()).isZero();
  }

  /**
   * A stream first asks whether its investigation exists: while the investigation has a feed, the
   * feed answers, so the watchers after the first cost the store no lookup each (a thousand streams
   * opened at once were a thousand H2 queries); without watchers the store answers again.
   */
  @Test
  void watchersAfterTheFirstAreToldTheInvestigationExistsWithoutAStoreLookup() throws Exception {
    record(event(1, new AgentEvent.Started("why?", "shop", "m", "native", 15, List.of())));
    EventFeeds feeds = new EventFeeds(bus, store);
    assertThat(feeds.exists("no-such-investigation")).isFalse();
    assertThat(feeds.exists(id)).isTrue();
    EventFeed first = feeds.join(id);
    finds.set(0);

    List<EventFeed> joined = new ArrayList<>();
    try (ExecutorService watchers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<EventFeed>> joins = new ArrayList<>();
      for (int i = 0; i < WATCHERS; i++) {
        joins.add(
            watchers.submit(
                () -> {
                  assertThat(feeds.exists(id)).isTrue();
                  return feeds.join(id);
                }));
      }
      for (Future<EventFeed> join : joins) {
        joined.add(join.get());
      }
    }
    assertThat(finds).as("store lookups for %d more watchers", WATCHERS).hasValue(0);
    assertThat(feeds.exists("no-such-investigation")).isFalse();

    joined.forEach(each -> feeds.leave(id, each));
    feeds.leave(id, first);
    assertThat(feeds.open()).isZero();
    finds.set(0);
    assertThat(feeds.exists(id)).isTrue();
    assertThat(finds).as("store lookups once no one watches").hasValue(1);
  }
}
