package dev.oats.store;

import static dev.oats.store.InvestigationStatus.CANCELLED;
import static dev.oats.store.InvestigationStatus.FAILED;
import static dev.oats.store.InvestigationStatus.PENDING;
import static dev.oats.store.InvestigationStatus.RUNNING;
import static dev.oats.store.InvestigationStatus.SUCCEEDED;
import static dev.oats.store.InvestigationStatus.WAITING_FOR_APPROVAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link InvestigationStore} must do, run against each database OATS supports. A
 * subclass says how to get a fresh, empty database for each test.
 */
abstract class InvestigationStoreContract {

  /**
   * Every migration the jar ships (V1 investigations and events, V2 event-token hashes, V3 the
   * store numbers events, V4 approvals, V5 the store probe, and those added since), counted from
   * the classpath so that each new one is expected without editing this line.
   */
  private static final int MIGRATIONS = MigrationFiles.count();

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

  private DatabaseConfig config;
  private Database database;
  private InvestigationStore store;

  /** A new, empty database that only the current test uses. */
  protected abstract DatabaseConfig newDatabase();

  @BeforeEach
  void open() {
    config = newDatabase();
    database = Database.open(config);
    store = database.investigations();
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void aCreatedInvestigationReadsBackFieldForField() {
    String report = "## Root cause: Über-long OOMKilled 🚀 — ".repeat(1_300); // ~50 KB
    InvestigationRecord full =
        new InvestigationRecord(
            "6f1c2a4e-0000-4000-8000-000000000001",
            "Why is checkout-api crash-looping in namespace shop? (Ünïcödé, 日本語)",
            "shop",
            SUCCEEDED,
            "kubernetes",
            "oats-agent-run-1a2b3c4d",
            T0,
            T0.plusSeconds(2),
            T0.plusSeconds(95),
            7,
            15,
            new Usage(12_345, 2_345, 100_000, 4_000),
            "claude-sonnet-4-5",
            report,
            "none, it worked");
    InvestigationRecord sparse = pending("just the required fields", "default", T0);

    store.create(full);
    store.create(sparse);

    assertThat(report.length()).isGreaterThan(50_000);
    assertThat(store.find(full.id())).contains(full);
    assertThat(store.find(sparse.id())).contains(sparse);
  }

  /**
   * PostgreSQL's text holds no NUL character: a goal, report or reason with one (a model copying a
   * binary file's bytes into its report, a client's goal) failed the write, so the investigation
   * could not be stored or end, and the store reported itself unable to write (the server not
   * ready) until another write went through. The store keeps U+FFFD in its place, in every
   * database.
   */
  @Test
  void aNulCharacterInATextIsKeptAsTheReplacementCharacter() {
    InvestigationRecord inv = pending("why\u0000 is it down", "default", T0);
    store.create(inv, "key\u0000name");
    store.markRunning(inv.id(), "local", null, T0.plusSeconds(1));
    boolean ended =
        store.finish(
            inv.id(), SUCCEEDED, "report\u0000 with a NUL", "none\u0000", T0.plusSeconds(2));

    assertThat(ended).isTrue();
    InvestigationRecord stored = store.find(inv.id()).orElseThrow();
    assertThat(stored.goal()).isEqualTo("why\ufffd is it down");
    assertThat(stored.report()).isEqualTo("report\ufffd with a NUL");
    assertThat(stored.failureReason()).isEqualTo("none\ufffd");
    assertThat(database.health().writeFailure()).isEmpty();
  }

  @Test
  void timesAreKeptToTheMicrosecond() {
    InvestigationRecord inv =
        pending("nanos", "default", Instant.parse("2026-03-01T10:00:00.123456789Z"));
    store.create(inv);

    assertThat(store.find(inv.id()).orElseThrow().createdAt())
        .isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
  }

  @Test
  void findingAnUnknownIdFindsNothing() {
    assertThat(store.find("00000000-0000-4000-8000-000000000000")).isEmpty();
  }

  @Test
  void creatingAnExistingIdIsRejected() {
    InvestigationRecord inv = pending("first", "default", T0);
    store.create(inv);

    assertThatThrownBy(() -> store.create(inv))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(inv.id());
  }

  @Test
  void aHeldSubmitKeyReturnsItsInvestigationAndStoresNothing() {
    Instant dayAgo = T0.minusSeconds(86_400);
    InvestigationRecord first = pending("first", "shop", T0);
    InvestigationRecord retry = pending("first", "shop", T0.plusSeconds(1));
    SubmitKey key = new SubmitKey("alice", "key-1", "digest-1");

    assertThat(store.createUnlessKeyed(first, "alice", key, dayAgo)).isEmpty();
    assertThat(store.createUnlessKeyed(retry, "alice", key, dayAgo))
        .contains(new KeyedInvestigation(first.id(), "digest-1"));
    // Another request under the same key is not stored either: the caller learns of the digest.
    InvestigationRecord other = pending("other", "shop", T0.plusSeconds(2));
    assertThat(store.createUnlessKeyed(other, "alice", key.withDigest("digest-2"), dayAgo))
        .contains(new KeyedInvestigation(first.id(), "digest-1"));
    // Keys are per caller: bob's key-1 is his own.
    InvestigationRecord bobs = pending("first", "shop", T0.plusSeconds(3));
    assertThat(
            store.createUnlessKeyed(bobs, "bob", new SubmitKey("bob", "key-1", "digest-1"), dayAgo))
        .isEmpty();

    assertThat(store.find(retry.id())).isEmpty();
    assertThat(store.find(other.id())).isEmpty();
    assertThat(store.people(first.id()).startedBy()).isEqualTo("alice");
    assertThat(store.list(ListQuery.firstPage(10)).total()).isEqualTo(2);
  }

  @Test
  void anExpiredSubmitKeyIsDroppedAndTheNewSubmitHoldsIt() {
    InvestigationRecord old = pending("old", "shop", T0);
    SubmitKey key = new SubmitKey("", "key-1", "digest-1");
    store.createUnlessKeyed(old, null, key, T0.minusSeconds(86_400));

    InvestigationRecord fresh = pending("old", "shop", T0.plusSeconds(86_401));
    assertThat(store.createUnlessKeyed(fresh, null, key, T0.plusSeconds(1))).isEmpty();
    InvestigationRecord retry = pending("old", "shop", T0.plusSeconds(86_402));
    assertThat(store.createUnlessKeyed(retry, null, key, T0.plusSeconds(2)))
        .contains(new KeyedInvestigation(fresh.id(), "digest-1"));
    assertThat(store.find(old.id())).isPresent();
  }

  @Test
  void expiredSubmitKeysAreDroppedAndFreeTheirKeys() {
    SubmitKey key = new SubmitKey("alice", "key-1", "digest-1");
    SubmitKey kept = new SubmitKey("alice", "key-2", "digest-1");
    InvestigationRecord old = pending("old", "shop", T0);
    InvestigationRecord recent = pending("recent", "shop", T0.plusSeconds(60));
    store.createUnlessKeyed(old, "alice", key, T0.minusSeconds(86_400));
    store.createUnlessKeyed(recent, "alice", kept, T0.minusSeconds(86_400));

    assertThat(store.dropSubmitKeys(T0.plusSeconds(1))).isEqualTo(1);

    // Even a submit that would still honour the old key finds it gone; the recent one holds.
    InvestigationRecord again = pending("old", "shop", T0.plusSeconds(120));
    assertThat(store.createUnlessKeyed(again, "alice", key, T0.minusSeconds(86_400))).isEmpty();
    assertThat(store.createUnlessKeyed(pending("recent", "shop", T0), "alice", kept, T0))
        .contains(new KeyedInvestigation(recent.id(), "digest-1"));
  }

  @Test
  void submitsRacingUnderOneKeyStoreOneInvestigation() throws Exception {
    int racers = 12;
    SubmitKey key = new SubmitKey("alice", "retried", "digest-1");
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<KeyedInvestigation>>> results = new ArrayList<>();
      List<InvestigationRecord> submitted = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        InvestigationRecord inv = pending("same goal", "shop", T0.plusMillis(i));
        submitted.add(inv);
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  return store.createUnlessKeyed(inv, "alice", key, T0.minusSeconds(86_400));
                }));
      }
      start.countDown();
      List<String> stored = new ArrayList<>();
      List<String> heldBy = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        Optional<KeyedInvestigation> held = results.get(i).get(60, TimeUnit.SECONDS);
        if (held.isEmpty()) {
          stored.add(submitted.get(i).id());
        } else {
          heldBy.add(held.get().investigationId());
        }
      }
      assertThat(stored).hasSize(1);
      assertThat(heldBy).hasSize(racers - 1).containsOnly(stored.get(0));
      assertThat(store.list(ListQuery.firstPage(10)).total()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void listIsNewestFirstWithTheIdBreakingTies() {
    InvestigationRecord old = withId("00000000-0000-4000-8000-00000000000a", T0);
    InvestigationRecord tieLow = withId("00000000-0000-4000-8000-00000000000b", T0.plusSeconds(5));
    InvestigationRecord tieHigh = withId("00000000-0000-4000-8000-00000000000c", T0.plusSeconds(5));
    InvestigationRecord newest = withId("00000000-0000-4000-8000-00000000000d", T0.plusSeconds(9));
    List.of(tieLow, newest, old, tieHigh).forEach(store::create);

    Page page = store.list(ListQuery.firstPage(10));

    assertThat(page.items()).containsExactly(newest, tieHigh, tieLow, old);
    assertThat(page.total()).isEqualTo(4);
  }

  @Test
  void listFiltersByStatusNamespaceAndGoalText() {
    InvestigationRecord shopCrash = create("Why is checkout-api CRASH-looping?", "shop", T0);
    InvestigationRecord shopLatency =
        create("p99 latency of cart 100% up", "shop", T0.plusSeconds(1));
    InvestigationRecord paymentsCrash =
        create("payments crash_loop", "payments", T0.plusSeconds(2));
    InvestigationRecord umlaut = create("ÜBERWEISUNG service down", "payments", T0.plusSeconds(3));
    store.markRunning(shopLatency.id(), "local", null, T0.plusSeconds(10));
    store.finish(paymentsCrash.id(), FAILED, null, "model error", T0.plusSeconds(20));

    assertThat(ids(ListQuery.firstPage(10).withStatuses(PENDING)))
        .containsExactly(umlaut.id(), shopCrash.id());
    assertThat(ids(ListQuery.firstPage(10).withStatuses(RUNNING, FAILED)))
        .containsExactly(paymentsCrash.id(), shopLatency.id());
    assertThat(ids(ListQuery.firstPage(10).withNamespace("shop")))
        .containsExactly(shopLatency.id(), shopCrash.id());
    assertThat(ids(ListQuery.firstPage(10).withGoalContaining("crash")))
        .containsExactly(paymentsCrash.id(), shopCrash.id());
    assertThat(ids(ListQuery.firstPage(10).withGoalContaining("überweisung")))
        .containsExactly(umlaut.id());
    assertThat(ids(ListQuery.firstPage(10).withGoalContaining("crash_")))
        .as("_ is matched literally, not as a wildcard")
        .containsExactly(paymentsCrash.id());
    assertThat(ids(ListQuery.firstPage(10).withGoalContaining("100%")))
        .as("%% is matched literally")
        .containsExactly(shopLatency.id());
    assertThat(
            ids(
                ListQuery.firstPage(10)
                    .withStatuses(PENDING)
                    .withNamespace("shop")
                    .withGoalContaining("Crash")))
        .containsExactly(shopCrash.id());
    assertThat(ids(ListQuery.firstPage(10).withNamespace("nowhere"))).isEmpty();
  }

  @Test
  void listFiltersByTheStartOfTheNamespace() {
    InvestigationRecord shop = create("one", "shop", T0);
    InvestigationRecord shopEu = create("two", "shop-eu", T0.plusSeconds(1));
    create("three", "payments", T0.plusSeconds(2));
    InvestigationRecord literal = create("four", "a_b", T0.plusSeconds(3));
    create("five", "axb", T0.plusSeconds(4));

    assertThat(ids(ListQuery.firstPage(10).withNamespacePrefix("sho")))
        .containsExactly(shopEu.id(), shop.id());
    assertThat(ids(ListQuery.firstPage(10).withNamespacePrefix("shop-")))
        .containsExactly(shopEu.id());
    assertThat(ids(ListQuery.firstPage(10).withNamespacePrefix("a_")))
        .as("_ is matched literally")
        .containsExactly(literal.id());
    assertThat(ids(ListQuery.firstPage(10).withNamespacePrefix("hop"))).isEmpty();
  }

  @Test
  void whoStartedAndWhoCancelledAreKeptAndTheFirstCancelWins() {
    InvestigationRecord one = create("one", "shop", T0);
    InvestigationRecord two = create("two", "shop", T0);

    store.setStartedBy(one.id(), "alice");
    store.setCancelledBy(one.id(), "bob");
    store.setCancelledBy(one.id(), "carol");

    assertThat(store.people(one.id())).isEqualTo(new InvestigationStore.People("alice", "bob"));
    assertThat(store.people(two.id())).isEqualTo(new InvestigationStore.People(null, null));
    assertThat(store.people("no-such-id")).isEqualTo(new InvestigationStore.People(null, null));
    reopen();
    assertThat(store.people(one.id()).startedBy()).isEqualTo("alice");
  }

  @Test
  void whoStartedItIsKeptByTheWriteThatStoresIt() {
    InvestigationRecord one = pending("one", "shop", T0);
    InvestigationRecord two = pending("two", "shop", T0);
    store.create(one, "alice");
    store.create(two, null);

    assertThat(store.people(one.id())).isEqualTo(new InvestigationStore.People("alice", null));
    assertThat(store.people(two.id())).isEqualTo(new InvestigationStore.People(null, null));
    assertThat(store.find(one.id())).contains(one);
  }

  @Test
  void listPagesAndCountsEveryMatch() {
    List<InvestigationRecord> all = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      all.add(create("goal " + i, i % 2 == 0 ? "even" : "odd", T0.plusSeconds(i)));
    }
    List<String> newestFirst = all.reversed().stream().map(InvestigationRecord::id).toList();

    Page first = store.list(ListQuery.firstPage(3));
    Page third = store.list(ListQuery.firstPage(3).withOffset(6));
    Page past = store.list(ListQuery.firstPage(3).withOffset(7));
    Page evenSecond = store.list(ListQuery.firstPage(2).withNamespace("even").withOffset(2));

    assertThat(first.items())
        .extracting(InvestigationRecord::id)
        .isEqualTo(newestFirst.subList(0, 3));
    assertThat(first.total()).isEqualTo(7);
    assertThat(third.items())
        .extracting(InvestigationRecord::id)
        .containsExactly(newestFirst.get(6));
    assertThat(third.total()).isEqualTo(7);
    assertThat(past.items()).isEmpty();
    assertThat(past.total()).isEqualTo(7);
    assertThat(evenSecond.items())
        .extracting(InvestigationRecord::id)
        .containsExactly(all.get(2).id(), all.get(0).id());
    assertThat(evenSecond.total()).isEqualTo(4);
  }

  @Test
  void aListQueryRejectsPagesOutsideItsLimits() {
    assertThatThrownBy(() -> ListQuery.firstPage(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListQuery.firstPage(201)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ListQuery.firstPage(10).withOffset(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.list(ListQuery.firstPage(ListQuery.MAX_LIMIT)).items()).isEmpty();
  }

  @Test
  void countByStatusCountsEveryStatusIncludingEmptyOnes() {
    assertThat(store.countByStatus())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                PENDING,
                0L,
                RUNNING,
                0L,
                WAITING_FOR_APPROVAL,
                0L,
                SUCCEEDED,
                0L,
                FAILED,
                0L,
                CANCELLED,
                0L));

    create("a", "default", T0);
    create("b", "default", T0);
    InvestigationRecord running = create("c", "default", T0);
    InvestigationRecord done = create("d", "default", T0);
    store.markRunning(running.id(), "local", null, T0);
    store.finish(done.id(), SUCCEEDED, "report", null, T0);

    assertThat(store.countByStatus())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                PENDING,
                2L,
                RUNNING,
                1L,
                WAITING_FOR_APPROVAL,
                0L,
                SUCCEEDED,
                1L,
                FAILED,
                0L,
                CANCELLED,
                0L));
  }

  @Test
  void markRunningMovesOnlyPendingInvestigations() {
    InvestigationRecord inv = create("goal", "shop", T0);
    Instant started = T0.plusSeconds(3);

    assertThat(store.markRunning(inv.id(), "kubernetes", "oats-agent-run-0a1b2c3d", started))
        .isTrue();
    assertThat(store.markRunning(inv.id(), "local", null, started.plusSeconds(1)))
        .as("a second runner must not take it")
        .isFalse();
    assertThat(store.markRunning("00000000-0000-4000-8000-000000000000", "local", null, started))
        .isFalse();

    InvestigationRecord stored = store.find(inv.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(RUNNING);
    assertThat(stored.runner()).isEqualTo("kubernetes");
    assertThat(stored.jobName()).isEqualTo("oats-agent-run-0a1b2c3d");
    assertThat(stored.startedAt()).isEqualTo(started);

    InvestigationRecord cancelled = create("cancelled before it ran", "shop", T0);
    store.finish(cancelled.id(), CANCELLED, null, "cancelled by alice", T0.plusSeconds(1));
    assertThat(store.markRunning(cancelled.id(), "local", null, started)).isFalse();
    assertThat(store.find(cancelled.id()).orElseThrow().status()).isEqualTo(CANCELLED);
  }

  @Test
  void finishKeepsTheFirstTerminalState() {
    InvestigationRecord inv = create("goal", "shop", T0);
    store.markRunning(inv.id(), "local", null, T0.plusSeconds(1));
    Instant finished = T0.plusSeconds(60);

    assertThat(store.finish(inv.id(), SUCCEEDED, "the report", null, finished)).isTrue();
    assertThat(store.finish(inv.id(), FAILED, null, "pod OOMKilled", finished.plusSeconds(5)))
        .as("the Job watcher's late failure must not overwrite the result")
        .isFalse();
    assertThat(store.finish(inv.id(), CANCELLED, null, "too late", finished.plusSeconds(9)))
        .isFalse();

    InvestigationRecord stored = store.find(inv.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(SUCCEEDED);
    assertThat(stored.report()).isEqualTo("the report");
    assertThat(stored.failureReason()).isNull();
    assertThat(stored.finishedAt()).isEqualTo(finished);
  }

  @Test
  void finishEndsAPendingInvestigationAndRejectsNonTerminalStatuses() {
    InvestigationRecord inv = create("goal", "shop", T0);

    assertThatThrownBy(() -> store.finish(inv.id(), RUNNING, null, null, T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.finish(inv.id(), CANCELLED, null, "cancelled by bob", T0.plusSeconds(1)))
        .isTrue();
    assertThat(store.find(inv.id()).orElseThrow().failureReason()).isEqualTo("cancelled by bob");
    assertThat(store.finish("00000000-0000-4000-8000-000000000000", FAILED, null, "x", T0))
        .isFalse();
  }

  @Test
  void updateProgressReplacesTurnsAndUsageAndKeepsTheModelWhenNoneIsGiven() {
    InvestigationRecord inv = create("goal", "shop", T0);

    store.updateProgress(inv.id(), 2, new Usage(100, 20, 5, 1), "gpt-4.1");
    store.updateProgress(inv.id(), 3, new Usage(150, 30, 50, 1), null);

    InvestigationRecord stored = store.find(inv.id()).orElseThrow();
    assertThat(stored.turns()).isEqualTo(3);
    assertThat(stored.usage()).isEqualTo(new Usage(150, 30, 50, 1));
    assertThat(stored.model()).isEqualTo("gpt-4.1");
    assertThat(stored.status()).isEqualTo(PENDING);
  }

  @Test
  void findByStatusIsOldestFirst() {
    InvestigationRecord newer = create("newer", "a", T0.plusSeconds(30));
    InvestigationRecord oldest = create("oldest", "a", T0);
    InvestigationRecord middle = create("middle", "a", T0.plusSeconds(10));
    InvestigationRecord done = create("done", "a", T0.plusSeconds(5));
    store.markRunning(middle.id(), "local", null, T0.plusSeconds(11));
    store.finish(done.id(), FAILED, null, "x", T0.plusSeconds(6));

    assertThat(store.findByStatus(PENDING, RUNNING))
        .extracting(InvestigationRecord::id)
        .containsExactly(oldest.id(), middle.id(), newer.id());
    assertThat(store.findByStatus(PENDING))
        .extracting(InvestigationRecord::id)
        .containsExactly(oldest.id(), newer.id());
    assertThat(store.findByStatus()).isEmpty();
  }

  @Test
  void appendedEventsReadBackInOrderWithTheirTypesAndTheNumbersTheStoreGave() throws SQLException {
    InvestigationRecord inv = create("goal", "shop", T0);
    List<RecordedEvent> events = sampleEvents();

    for (RecordedEvent event : events) {
      assertThat(append(inv.id(), "run-a", event)).isEqualTo(new AppendResult.Appended(event));
    }

    assertThat(store.events(inv.id(), 0)).isEqualTo(events);
    assertThat(store.lastSeq(inv.id())).isEqualTo(events.size());
    assertThat(storedEventTypes(inv.id()))
        .containsExactly(
            "started", "turn_started", "tool_call", "observation", "usage", "finished");
  }

  @Test
  void aResentEventIsADuplicateAndADifferentOneUnderTheSameKeyIsAConflictNeverStored() {
    InvestigationRecord inv = create("goal", "shop", T0);
    RecordedEvent first = event(1, new AgentEvent.Warning("first"));
    RecordedEvent differing = event(1, new AgentEvent.Warning("a retry that differs"));

    assertThat(append(inv.id(), "run-a", first)).isEqualTo(new AppendResult.Appended(first));
    assertThat(append(inv.id(), "run-a", first)).isEqualTo(new AppendResult.Duplicate(first));
    assertThat(append(inv.id(), "run-a", differing)).isEqualTo(new AppendResult.Conflict(first));
    AppendResult otherRun = append(inv.id(), "run-b", differing);
    AppendResult server =
        store.appendEvent(inv.id(), null, T0, new AgentEvent.Warning("from the server"));
    AppendResult serverAgain =
        store.appendEvent(inv.id(), null, T0, new AgentEvent.Warning("from the server"));

    assertThat(otherRun).isInstanceOf(AppendResult.Appended.class);
    assertThat(((AppendResult.Appended) serverAgain).event().seq()).isEqualTo(4);
    assertThat(store.events(inv.id(), 0))
        .extracting(RecordedEvent::seq)
        .as("nothing overwritten, no gap left by the duplicate and the conflict")
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(store.events(inv.id(), 0).getFirst()).isEqualTo(first);
    assertThat(server).isInstanceOf(AppendResult.Appended.class);
  }

  @Test
  void appendingToAnUnknownInvestigationIsReported() {
    assertThat(
            store.appendEvent(
                "00000000-0000-4000-8000-000000000000", "run-a:1", T0, new AgentEvent.Warning("x")))
        .isEqualTo(new AppendResult.UnknownInvestigation());
  }

  @Test
  void eventsAfterASeqAreOnlyTheLaterOnes() {
    InvestigationRecord inv = create("goal", "shop", T0);
    InvestigationRecord other = create("other", "shop", T0);
    List<RecordedEvent> events = sampleEvents();
    events.forEach(e -> append(inv.id(), "run-a", e));
    append(other.id(), "run-b", event(1, new AgentEvent.Warning("not mine")));

    assertThat(store.events(inv.id(), 4)).isEqualTo(events.subList(4, events.size()));
    assertThat(store.events(inv.id(), events.size())).isEmpty();
    assertThat(store.events("00000000-0000-4000-8000-000000000000", 0)).isEmpty();
    assertThat(store.lastSeq(other.id())).isEqualTo(1);
    assertThat(store.lastSeq(create("quiet", "shop", T0).id())).isZero();
    assertThat(store.lastSeq("00000000-0000-4000-8000-000000000000")).isZero();
  }

  @Test
  void concurrentAppendsFromAgentsAndTheServerKeepOneDenseSequence() throws Exception {
    InvestigationRecord inv = create("goal", "shop", T0);
    int threads = 8;
    int perThread = 30;
    CountDownLatch go = new CountDownLatch(1);
    List<Callable<List<AppendResult>>> tasks = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String run = "run-" + t;
      boolean server = t % 2 == 0;
      tasks.add(
          () -> {
            go.await();
            List<AppendResult> results = new ArrayList<>();
            for (long n = 1; n <= perThread; n++) {
              AgentEvent warning = new AgentEvent.Warning(run + " " + n);
              // Half the threads are agents delivering (and resending) their runs' events, half
              // the server's own settlement appending without a key.
              results.add(
                  server
                      ? store.appendEvent(inv.id(), null, T0, warning)
                      : append(inv.id(), run, event(n, warning)));
              if (!server) {
                results.add(append(inv.id(), run, event(n, warning)));
              }
              // Everyone resends one shared event: it is stored once.
              results.add(append(inv.id(), "shared", event(1, new AgentEvent.Warning("shared"))));
            }
            return results;
          });
    }

    List<AppendResult> results = runAll(tasks, go);

    long total = (long) threads * perThread + 1;
    assertThat(results).filteredOn(r -> r instanceof AppendResult.Appended).hasSize((int) total);
    assertThat(results).noneMatch(r -> r instanceof AppendResult.Conflict);
    assertThat(store.events(inv.id(), 0))
        .extracting(RecordedEvent::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    assertThat(store.lastSeq(inv.id())).isEqualTo(total);
  }

  @Test
  void aFollowUpReopensAnEndedInvestigationOnceAndNeverARunningOne() {
    InvestigationRecord inv = create("goal", "shop", T0);
    store.markRunning(inv.id(), "local", null, T0.plusSeconds(1));
    AgentEvent.FollowUpAsked question = new AgentEvent.FollowUpAsked(2, "and why?");

    assertThat(store.reopen(inv.id(), T0, question)).isEmpty();
    store.finish(inv.id(), SUCCEEDED, "report", null, T0.plusSeconds(2));
    assertThat(store.reopen(inv.id(), T0.plusSeconds(3), question))
        .contains(new RecordedEvent(1, T0.plusSeconds(3), question));
    assertThat(store.reopen(inv.id(), T0.plusSeconds(4), question)).isEmpty();

    InvestigationRecord reopened = store.find(inv.id()).orElseThrow();
    assertThat(reopened.status()).isEqualTo(PENDING);
    assertThat(reopened.finishedAt()).isNull();
    assertThat(reopened.startedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(store.markRunning(inv.id(), "local", null, T0.plusSeconds(5))).isTrue();
    assertThat(store.find(inv.id()).orElseThrow().startedAt())
        .as("the first start is kept")
        .isEqualTo(T0.plusSeconds(1));
    assertThat(store.reopen("00000000-0000-4000-8000-000000000000", T0, question)).isEmpty();
  }

  @Test
  void aRunParksForAnApprovalAndIsQueuedAgainOnlyFromThere() {
    InvestigationRecord inv = create("goal", "shop", T0);
    store.markRunning(inv.id(), "local", null, T0);

    assertThat(store.moveStatus(inv.id(), RUNNING, WAITING_FOR_APPROVAL)).isTrue();
    assertThat(store.countByStatus())
        .containsEntry(RUNNING, 0L)
        .containsEntry(WAITING_FOR_APPROVAL, 1L);
    assertThat(store.moveStatus(inv.id(), RUNNING, WAITING_FOR_APPROVAL)).isFalse();
    assertThat(store.moveStatus(inv.id(), WAITING_FOR_APPROVAL, PENDING)).isTrue();
    assertThat(store.find(inv.id()).orElseThrow().status()).isEqualTo(PENDING);
  }

  @Test
  void anApprovalIsStoredDecidedOnceAndExpiresAfterItsDeadline() {
    InvestigationRecord inv = create("goal", "shop", T0);
    Approval waiting =
        Approval.waiting(
            inv.id(),
            "toolu_1",
            1,
            "bash_executor",
            "{\"command\":\"kubectl delete pod a\"}",
            "MUTATING",
            "this call may change the cluster",
            T0,
            T0.plusSeconds(600));
    store.requestApproval(waiting);
    store.requestApproval(waiting);
    store.requestApproval(
        Approval.waiting(
            inv.id(), "toolu_2", 1, "bash_executor", "{}", "UNKNOWN", "r", T0, T0.plusSeconds(5)));

    assertThat(store.approvals(inv.id())).hasSize(2).first().isEqualTo(waiting);
    assertThat(store.expiredApprovals(T0.plusSeconds(60)))
        .extracting(Approval::callId)
        .containsExactly("toolu_2");
    Optional<Approval> decided =
        store.decideApproval(
            inv.id(), "toolu_1", Approval.Status.APPROVED, "alice", "checked", T0.plusSeconds(9));
    assertThat(decided).isPresent();
    assertThat(decided.get().decidedBy()).isEqualTo("alice");
    assertThat(decided.get().decidedAt()).isEqualTo(T0.plusSeconds(9));
    assertThat(
            store.decideApproval(
                inv.id(), "toolu_1", Approval.Status.DENIED, "bob", "no", T0.plusSeconds(10)))
        .as("the first decision wins")
        .isEmpty();
    assertThat(store.expiredApprovals(T0.plusSeconds(6000)))
        .extracting(Approval::callId)
        .containsExactly("toolu_2");
  }

  @Test
  void everythingSurvivesClosingAndReopeningTheDatabase() {
    InvestigationRecord inv = create("durable", "shop", T0);
    store.markRunning(inv.id(), "local", null, T0.plusSeconds(1));
    List<RecordedEvent> events = sampleEvents();
    events.forEach(e -> append(inv.id(), "run-a", e));
    InvestigationRecord before = store.find(inv.id()).orElseThrow();

    reopen();

    assertThat(store.find(inv.id())).contains(before);
    assertThat(store.events(inv.id(), 0)).isEqualTo(events);
  }

  @Test
  void migrationsRunOnceAndReopeningMigratesNothing() {
    assertThat(database.migrationsApplied()).isEqualTo(MIGRATIONS);

    reopen();

    assertThat(database.migrationsApplied()).isZero();
    assertThat(store.list(ListQuery.firstPage(10)).items()).isEmpty();
  }

  private void reopen() {
    database.close();
    database = Database.open(config);
    store = database.investigations();
  }

  private InvestigationRecord create(String goal, String namespace, Instant createdAt) {
    InvestigationRecord inv = pending(goal, namespace, createdAt);
    store.create(inv);
    return inv;
  }

  @Test
  void anEventTokenHashIsKeptPerInvestigation() {
    InvestigationRecord one = pending("one", "shop", T0);
    InvestigationRecord two = pending("two", "shop", T0);
    store.create(one);
    store.create(two);

    store.setEventTokenHash(one.id(), "ab".repeat(32));

    assertThat(store.eventTokenHash(one.id())).contains("ab".repeat(32));
    assertThat(store.eventTokenHash(two.id())).isEmpty();
    assertThat(store.eventTokenHash("no-such-id")).isEmpty();
  }

  @Test
  void eventTokenHashesKeptInOneCommitAreRefusedForTheInvestigationsThatEnded() {
    InvestigationRecord one = pending("one", "shop", T0);
    InvestigationRecord two = pending("two", "shop", T0);
    InvestigationRecord ended = pending("ended", "shop", T0);
    store.create(one);
    store.create(two);
    store.create(ended);
    store.finish(ended.id(), InvestigationStatus.CANCELLED, null, "cancelled", T0);
    java.util.Map<String, String> hashes = new java.util.LinkedHashMap<>();
    hashes.put(one.id(), "01".repeat(32));
    hashes.put(ended.id(), "02".repeat(32));
    hashes.put(two.id(), "03".repeat(32));
    hashes.put("no-such-id", "04".repeat(32));

    assertThat(store.setEventTokenHashes(hashes))
        .containsExactlyInAnyOrder(ended.id(), "no-such-id");

    assertThat(store.eventTokenHash(one.id())).contains("01".repeat(32));
    assertThat(store.eventTokenHash(two.id())).contains("03".repeat(32));
    assertThat(store.eventTokenHash(ended.id())).isEmpty();
  }

  private static InvestigationRecord pending(String goal, String namespace, Instant createdAt) {
    return InvestigationRecord.pending(goal, namespace, "local", 15, createdAt);
  }

  private static InvestigationRecord withId(String id, Instant createdAt) {
    return pending("goal " + id, "default", createdAt).withId(id);
  }

  private List<String> ids(ListQuery query) {
    return store.list(query).items().stream().map(InvestigationRecord::id).toList();
  }

  /** Appends as an agent delivers: keyed by its run and the event's local number. */
  private AppendResult append(String id, String run, RecordedEvent event) {
    return store.appendEvent(id, run + ":" + event.seq(), event.at(), event.event());
  }

  private static RecordedEvent event(long seq, AgentEvent event) {
    return new RecordedEvent(seq, T0.plusMillis(seq), event);
  }

  private static List<RecordedEvent> sampleEvents() {
    ObjectNode args =
        EventJson.MAPPER.createObjectNode().put("command", "kubectl get pods -n shop");
    Usage usage = new Usage(1_200, 300, 4_000, 0);
    return new ArrayList<>(
        List.of(
            event(
                1,
                new AgentEvent.Started("goal", "shop", "m", "native", 15, List.of("kubectl_info"))),
            event(2, new AgentEvent.TurnStarted(1, 15)),
            event(3, new AgentEvent.ToolCalled(1, "c1", "bash_executor", args)),
            event(
                4,
                new AgentEvent.Observation(
                    1,
                    "c1",
                    "bash_executor",
                    "success",
                    "pod/a CrashLoopBackOff 日本",
                    "",
                    42,
                    false)),
            event(5, new AgentEvent.ModelUsage(1, usage, 812)),
            event(6, new AgentEvent.Finished("root cause: bad config", 1, usage))));
  }

  private List<String> storedEventTypes(String id) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        PreparedStatement s =
            c.prepareStatement(
                "SELECT event_type FROM investigation_events WHERE investigation_id = ? ORDER BY seq")) {
      s.setString(1, id);
      List<String> types = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          types.add(rs.getString(1));
        }
      }
      return types;
    }
  }

  private static <T> List<T> runAll(List<Callable<List<T>>> tasks, CountDownLatch go)
      throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
      List<Future<List<T>>> futures = tasks.stream().map(pool::submit).toList();
      go.countDown();
      List<T> all = new ArrayList<>();
      for (Future<List<T>> future : futures) {
        all.addAll(future.get(1, TimeUnit.MINUTES));
      }
      return all;
    }
  }
}
