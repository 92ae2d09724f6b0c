package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.store.AppendResult;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over the store, the bus hands each watcher an investigation's events in order and once, however
 * they are published: out of order, twice, or only announced (as another replica's are).
 */
class EventBusTest {

  @TempDir Path dir;
  Database database;
  InvestigationStore store;
  EventBus bus;
  String id;
  final List<Long> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    database = Database.open(DatabaseConfig.h2File(dir));
    store = database.investigations();
    bus = new EventBus(Replicas.source(store));
    InvestigationRecord record =
        InvestigationRecord.pending("why?", "shop", "local", 15, Instant.now());
    store.create(record);
    id = record.id();
  }

  @AfterEach
  void close() {
    database.close();
  }

  private RecordedEvent append(String text) {
    return ((AppendResult.Appended)
            store.appendEvent(id, null, Instant.now(), new AgentEvent.Warning(text)))
        .event();
  }

  @Test
  void eventsPublishedOutOfOrderOrTwiceReachTheWatcherInOrderOnce() throws Exception {
    append("before the watcher");
    try (AutoCloseable subscription = bus.subscribe(id, e -> seen.add(e.seq()))) {
      RecordedEvent second = append("2");
      RecordedEvent third = append("3");
      RecordedEvent fourth = append("4");

      bus.publish(id, fourth); // ahead of the others: the gap is read from the store
      bus.publish(id, second);
      bus.publish(id, third);
      bus.publish(id, fourth);

      assertThat(seen).containsExactly(2L, 3L, 4L);
    }
  }

  @Test
  void anAnnouncedChangeIsReadFromTheStoreAndACatchUpDeliversWhatWasMissed() throws Exception {
    try (AutoCloseable subscription = bus.subscribe(id, e -> seen.add(e.seq()))) {
      RecordedEvent first = append("stored elsewhere");
      bus.changed(id, first.seq());
      append("missed");
      append("missed too");
      assertThat(seen).containsExactly(1L);

      bus.catchUpAll();
      bus.catchUpAll();

      assertThat(seen).containsExactly(1L, 2L, 3L);
    }
  }

  @Test
  void aWatcherThatLeftGetsNothingMore() throws Exception {
    AutoCloseable subscription = bus.subscribe(id, e -> seen.add(e.seq()));
    bus.publish(id, append("1"));
    subscription.close();

    bus.publish(id, append("2"));
    bus.catchUpAll();

    assertThat(seen).containsExactly(1L);
    assertThat(bus.watched()).isZero();
  }
}
