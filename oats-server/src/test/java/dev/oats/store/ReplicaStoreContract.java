package dev.oats.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What several replicas rely on from the store, with each replica's own connection pool on one
 * database: claims under one cap, leases taken over once, timers settled once. Run against H2 and
 * PostgreSQL.
 */
abstract class ReplicaStoreContract {

  private static final int REPLICAS = 4;

  protected abstract DatabaseConfig newDatabase();

  private final List<Database> replicas = new ArrayList<>();

  @BeforeEach
  void openReplicas() {
    DatabaseConfig config = newDatabase();
    for (int i = 0; i < REPLICAS; i++) {
      replicas.add(Database.open(config));
    }
  }

  @AfterEach
  void close() {
    replicas.forEach(Database::close);
  }

  private InvestigationStore store(int replica) {
    return replicas.get(replica).investigations();
  }

  private List<String> pending(int n) {
    List<String> ids = new ArrayList<>();
    Instant created = Instant.now().minusSeconds(60);
    for (int i = 0; i < n; i++) {
      InvestigationRecord r =
          InvestigationRecord.pending("q" + i, "shop", "local", 15, created.plusMillis(i));
      store(0).create(r);
      ids.add(r.id());
    }
    return ids;
  }

  private static Lease lease(String owner, Duration fromNow) {
    return new Lease(owner, Instant.now().plus(fromNow));
  }

  private static <T> List<T> all(List<Callable<List<T>>> tasks) throws Exception {
    try (ExecutorService pool = Executors.newFixedThreadPool(tasks.size())) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<T>>> futures = new ArrayList<>();
      for (Callable<List<T>> task : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return task.call();
                }));
      }
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<List<T>> f : futures) {
        results.addAll(f.get());
      }
      return results;
    }
  }

  @Test
  void replicasClaimingAtOnceNeverRunMoreThanTheCapAndClaimEachOnce() throws Exception {
    int cap = 3;
    List<String> ids = pending(40);
    AtomicLong maxRunning = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    long running = store(0).countByStatus().get(InvestigationStatus.RUNNING);
                    maxRunning.accumulateAndGet(running, Math::max);
                  }
                });
    List<Callable<List<String>>> tasks = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      tasks.add(
          () -> {
            List<String> mine = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (Instant.now().isBefore(deadline)
                && store(replica).countByStatus().get(InvestigationStatus.PENDING) > 0) {
              for (InvestigationRecord claimed :
                  store(replica)
                      .claimPending(
                          cap,
                          "local",
                          lease("replica-" + replica, Duration.ofSeconds(30)),
                          Instant.now(),
                          (id, seq) -> "job-" + id.substring(0, 8))) {
                mine.add(claimed.id());
                assertThat(claimed.status()).isEqualTo(InvestigationStatus.RUNNING);
                Thread.sleep(5);
                store(replica)
                    .finish(claimed.id(), InvestigationStatus.SUCCEEDED, "ok", null, Instant.now());
              }
            }
            return mine;
          });
    }
    List<String> claimed = all(tasks);
    done.set(true);
    sampler.join();

    assertThat(claimed).hasSize(ids.size()).doesNotHaveDuplicates();
    assertThat(new HashSet<>(claimed)).isEqualTo(new HashSet<>(ids));
    assertThat(maxRunning.get()).as("running at once, across the replicas").isEqualTo(cap);
  }

  @Test
  void anExpiredLeaseIsTakenOverByOneReplicaAndALiveOneIsLeftAlone() throws Exception {
    List<String> ids = pending(20);
    List<InvestigationRecord> dead =
        store(0)
            .claimPending(
                15, "local", lease("dead", Duration.ofSeconds(-5)), Instant.now(), (i, s) -> null);
    List<InvestigationRecord> alive =
        store(0)
            .claimPending(
                20, "local", lease("alive", Duration.ofSeconds(60)), Instant.now(), (i, s) -> null);
    assertThat(dead).hasSize(15);
    assertThat(alive).hasSize(5);

    List<Callable<List<Lease.Expired>>> tasks = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      tasks.add(
          () ->
              store(replica)
                  .claimExpiredLeases(
                      lease("replica-" + replica, Duration.ofSeconds(30)),
                      Instant.now(),
                      false,
                      100));
    }
    List<Lease.Expired> taken = all(tasks);

    assertThat(taken).extracting(e -> e.investigation().id()).doesNotHaveDuplicates();
    assertThat(taken)
        .extracting(e -> e.investigation().id())
        .containsExactlyInAnyOrderElementsOf(dead.stream().map(InvestigationRecord::id).toList());
    assertThat(taken).allSatisfy(e -> assertThat(e.lostOwner()).isEqualTo("dead"));
    // Taken over: renewed by the new owner, no longer expired for anyone else.
    assertThat(
            store(0)
                .claimExpiredLeases(
                    lease("late", Duration.ofSeconds(30)), Instant.now(), false, 100))
        .isEmpty();
    // On a database only one process opens, every lease not its own is from a process now gone.
    assertThat(
            store(2)
                .claimExpiredLeases(
                    lease("restarted", Duration.ofSeconds(30)), Instant.now(), true, 100))
        .hasSize(ids.size());
  }

  @Test
  void aLiveReplicasHeartbeatKeepsEveryLeaseItHoldsAndOnceItStopsAnotherRecoversThemOnce()
      throws Exception {
    List<String> ids = pending(12);
    // Claimed with a lease that has already run out on the rows themselves: only the owner's
    // heartbeat can keep them.
    List<InvestigationRecord> held =
        store(0)
            .claimPending(
                20, "local", lease("owner", Duration.ofSeconds(-5)), Instant.now(), (i, s) -> null);
    assertThat(held).hasSize(ids.size());
    store(0).renewLeases(lease("owner", Duration.ofSeconds(60)));

    assertThat(recoverAtOnce(Instant.now())).as("taken from a replica that renews").isEmpty();

    // 61 s later the owner has not renewed again (it died): every one of its runs is recovered,
    // each by one replica, with the owner and when its heartbeat ran out.
    Instant later = Instant.now().plusSeconds(61);
    List<Lease.Expired> taken = recoverAtOnce(later);
    assertThat(taken).extracting(e -> e.investigation().id()).doesNotHaveDuplicates();
    assertThat(taken)
        .extracting(e -> e.investigation().id())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(taken).allSatisfy(e -> assertThat(e.lostOwner()).isEqualTo("owner"));
    assertThat(taken)
        .allSatisfy(e -> assertThat(e.expiredAt()).isBetween(Instant.now().plusSeconds(50), later));
    // The old owner's heartbeat coming back does not give it back what was taken over.
    store(0).renewLeases(lease("owner", Duration.ofSeconds(3_600)));
    assertThat(
            store(3)
                .claimExpiredLeases(
                    lease("late", Duration.ofSeconds(30)), later.plusSeconds(31), false, 100))
        .hasSize(ids.size())
        .extracting(e -> e.lostOwner())
        .allSatisfy(owner -> assertThat(owner).startsWith("replica-"));
  }

  @Test
  void whileNoHeartbeatHasRunOutARecoveryLocksNoInvestigationAndOnceOneHasItTakesThemAll()
      throws Exception {
    List<String> ids = pending(30);
    // Held by a live replica whose rows' own leases have run out: only its heartbeat keeps them.
    store(0)
        .claimPending(
            30, "local", lease("owner", Duration.ofSeconds(-5)), Instant.now(), (i, s) -> null);
    store(0).renewLeases(lease("owner", Duration.ofSeconds(60)));
    DatabaseConfig config = replicas.get(1).config();
    List<String> statements = new CopyOnWriteArrayList<>();
    Jdbi jdbi =
        Jdbi.create(
            () -> DriverManager.getConnection(config.url(), config.user(), config.password()));
    jdbi.getConfig(SqlStatements.class)
        .setSqlLogger(
            new SqlLogger() {
              @Override
              public void logBeforeExecution(StatementContext ctx) {
                statements.add(ctx.getRenderedSql());
              }
            });
    InvestigationStore logged = new JdbiInvestigationStore(jdbi);

    assertThat(
            logged.claimExpiredLeases(
                lease("replica-1", Duration.ofSeconds(30)), Instant.now(), false, 100))
        .isEmpty();
    assertThat(statements)
        .as("statements of a recovery with nothing to recover")
        .isNotEmpty()
        .noneMatch(sql -> sql.contains("FROM investigations") && sql.contains("FOR UPDATE"));

    statements.clear();
    Instant later = Instant.now().plusSeconds(61);
    List<Lease.Expired> taken =
        logged.claimExpiredLeases(new Lease("replica-1", later.plusSeconds(30)), later, false, 100);
    assertThat(taken)
        .extracting(e -> e.investigation().id())
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(statements).anyMatch(sql -> sql.contains("FOR UPDATE SKIP LOCKED"));
  }

  @Test
  void aRunningRowWithNoOwnerIsRecoveredWhileEveryHeartbeatIsLive() throws Exception {
    List<String> ids = pending(3);
    store(0)
        .claimPending(
            20, "local", lease("owner", Duration.ofSeconds(60)), Instant.now(), (i, s) -> null);
    store(0).renewLeases(lease("owner", Duration.ofSeconds(60)));
    // As a row claimed before leases existed (V7) looks.
    sql(
        "UPDATE investigations SET lease_owner = NULL, lease_expires_at = NULL WHERE id = ?",
        ids.get(1));

    List<Lease.Expired> taken = recoverAtOnce(Instant.now());
    assertThat(taken).extracting(e -> e.investigation().id()).containsExactly(ids.get(1));
    assertThat(taken.getFirst().lostOwner()).isNull();
    assertThat(recoverAtOnce(Instant.now())).isEmpty();
  }

  @Test
  void aClaimWhoseHeartbeatRowIsWrittenAtTheSameMomentStillClaims() throws Exception {
    List<String> ids = pending(2);
    DatabaseConfig config = replicas.get(0).config();
    List<InvestigationRecord> claimed;
    // The replica's first renewal writes its heartbeat row, not yet committed, while a claim
    // round of the same replica finds no row and writes one too: the round waits on the key.
    try (Connection renewal =
        DriverManager.getConnection(config.url(), config.user(), config.password())) {
      renewal.setAutoCommit(false);
      try (PreparedStatement st =
          renewal.prepareStatement(
              "INSERT INTO replica_heartbeats (replica_id, expires_at) VALUES ('owner', ?)")) {
        st.setTimestamp(1, java.sql.Timestamp.from(Instant.now().plusSeconds(60)));
        st.executeUpdate();
      }
      ExecutorService round = Executors.newSingleThreadExecutor();
      try {
        Future<List<InvestigationRecord>> claiming =
            round.submit(
                () ->
                    store(1)
                        .claimPending(
                            20,
                            "local",
                            lease("owner", Duration.ofSeconds(30)),
                            Instant.now(),
                            (i, s) -> null));
        // Time for the round to reach the key and wait there (if it is slower, it finds the row
        // committed and the race is not run: the test passes without proving anything, never
        // wrongly).
        Thread.sleep(500);
        renewal.commit();
        claimed = claiming.get(30, TimeUnit.SECONDS);
      } finally {
        round.shutdownNow();
      }
    }
    assertThat(claimed).extracting(InvestigationRecord::id).containsExactlyElementsOf(ids);
  }

  @Test
  void aRunningRowWhoseOwnerHasNoHeartbeatRowIsRecoveredByTheSweep() throws Exception {
    List<String> ids = pending(2);
    store(0)
        .claimPending(
            20, "local", lease("old-build", Duration.ofSeconds(-5)), Instant.now(), (i, s) -> null);
    // As a replica of the build before V13 leaves its rows when it is killed before its first
    // renewal: an owner, a lease run out, no heartbeat row.
    sql("DELETE FROM replica_heartbeats WHERE replica_id = 'old-build'");
    InvestigationStore recovering = store(1);

    List<Lease.Expired> taken = new ArrayList<>();
    int recoveries = 0;
    while (taken.isEmpty() && recoveries < JdbiInvestigationStore.SWEEP_EVERY) {
      taken.addAll(
          recovering.claimExpiredLeases(
              lease("replica-1", Duration.ofSeconds(30)), Instant.now(), false, 100));
      recoveries++;
    }
    assertThat(taken).extracting(e -> e.investigation().id()).containsExactlyElementsOf(ids);
    assertThat(taken).allSatisfy(e -> assertThat(e.lostOwner()).isEqualTo("old-build"));
  }

  @Test
  void theMigrationGivesEveryOwnerAHeartbeatThatLengthensNoLease() throws Exception {
    List<String> ids = pending(6);
    Instant now = Instant.now();
    store(0)
        .claimPending(
            3, "local", new Lease("early", now.minusSeconds(5)), Instant.now(), (i, s) -> null);
    store(0)
        .claimPending(
            6, "local", new Lease("late", now.plusSeconds(60)), Instant.now(), (i, s) -> null);
    // One of "late"'s rows from before its lease: no lease at all, expired.
    sql("UPDATE investigations SET lease_expires_at = NULL WHERE id = ?", ids.get(5));
    // The rows of owners that claimed before V13 and never renewed: no heartbeat row.
    sql("DELETE FROM replica_heartbeats WHERE replica_id IN ('early', 'late')");
    String migration;
    try (var in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("db/migration/V13__heartbeat_for_every_owner.sql")) {
      migration = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    sql(migration.replaceAll("(?m)^--.*$", "").trim().replaceAll(";$", ""));

    List<Lease.Expired> taken = recoverAtOnce(now);
    assertThat(taken)
        .extracting(e -> e.investigation().id())
        .containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2), ids.get(5));
    assertThat(taken)
        .filteredOn(e -> e.lostOwner().equals("early"))
        .allSatisfy(
            e ->
                assertThat(e.expiredAt())
                    .isEqualTo(now.minusSeconds(5).truncatedTo(ChronoUnit.MICROS)));
    // What was taken is held by its new owners now; "late"'s two leased rows run out at +60 s.
    assertThat(recoverAtOnce(now.plusSeconds(59)))
        .extracting(e -> e.investigation().id())
        .doesNotContain(ids.get(3), ids.get(4));
    assertThat(recoverAtOnce(now.plusSeconds(61)))
        .extracting(e -> e.investigation().id())
        .contains(ids.get(3), ids.get(4));
  }

  /** One statement on its own connection, committed. */
  private void sql(String statement, String... parameters) throws Exception {
    DatabaseConfig config = replicas.get(0).config();
    try (Connection c =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        PreparedStatement st = c.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        st.setString(i + 1, parameters[i]);
      }
      st.executeUpdate();
    }
  }

  /**
   * Every replica recovers expired leases at once, as of {@code now}, each taking what it takes for
   * 30 s from then.
   */
  private List<Lease.Expired> recoverAtOnce(Instant now) throws Exception {
    List<Callable<List<Lease.Expired>>> tasks = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      tasks.add(
          () ->
              store(replica)
                  .claimExpiredLeases(
                      new Lease("replica-" + replica, now.plusSeconds(30)), now, false, 100));
    }
    return all(tasks);
  }

  @Test
  void aRenewalNeitherWritesNorWaitsForTheRowsItKeeps() throws Exception {
    List<String> ids = pending(3);
    store(0)
        .claimPending(
            20, "local", lease("owner", Duration.ofSeconds(-5)), Instant.now(), (i, s) -> null);
    // Another replica holds one running row's lock (as a claim round does while it writes the row)
    // for as long as the renewal takes.
    DatabaseConfig config = replicas.get(1).config();
    try (Connection c =
        DriverManager.getConnection(config.url(), config.user(), config.password())) {
      c.setAutoCommit(false);
      try (PreparedStatement lock =
          c.prepareStatement("UPDATE investigations SET turns = turns WHERE id = ?")) {
        lock.setString(1, ids.get(0));
        assertThat(lock.executeUpdate()).isEqualTo(1);
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        Future<?> renewal =
            pool.submit(() -> store(2).renewLeases(lease("owner", Duration.ofSeconds(60))));
        renewal.get(5, TimeUnit.SECONDS);
      } finally {
        // Released before the pool is closed, so that a renewal waiting on the lock can end.
        c.rollback();
        pool.close();
      }
    }
    assertThat(recoverAtOnce(Instant.now())).as("renewed while a row was locked").isEmpty();
  }

  @Test
  void aDueTimerIsSettledByOneReplicaOnce() throws Exception {
    List<String> ids = pending(20);
    Instant now = Instant.now();
    for (String id : ids) {
      store(0).scheduleTimer(new Timer(id, Timer.Kind.CANCEL_GRACE, now.minusMillis(1), "first"));
      // A second cancel keeps the first timer.
      store(1).scheduleTimer(new Timer(id, Timer.Kind.CANCEL_GRACE, now.plusSeconds(60), "again"));
    }
    String later = pending(1).getFirst();
    store(0).scheduleTimer(new Timer(later, Timer.Kind.CANCEL_GRACE, now.plusSeconds(60), "later"));

    List<Callable<List<Timer>>> tasks = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      tasks.add(() -> store(replica).claimDueTimers(Instant.now(), 7));
    }
    List<Timer> settled = new ArrayList<>(all(tasks));
    settled.addAll(store(3).claimDueTimers(Instant.now(), 100));

    assertThat(settled).extracting(Timer::investigationId).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(settled).allSatisfy(t -> assertThat(t.reason()).isEqualTo("first"));
    assertThat(store(0).claimDueTimers(Instant.now(), 100)).isEmpty();
    assertThat(store(0).claimDueTimers(now.plusSeconds(61), 100))
        .extracting(Timer::investigationId)
        .containsExactly(later);
  }

  @Test
  void aCancelAskedAnywhereIsSeenByTheReplicaThatRunsIt() {
    List<String> ids = pending(2);
    store(0)
        .claimPending(
            5, "local", lease("runner", Duration.ofSeconds(60)), Instant.now(), (i, s) -> null);
    store(1)
        .scheduleTimer(
            new Timer(ids.get(1), Timer.Kind.CANCEL_GRACE, Instant.now().plusSeconds(10), "x"));

    assertThat(store(2).cancelRequested("runner")).containsExactly(ids.get(1));
    assertThat(store(2).cancelRequested("someone-else")).isEmpty();
    assertThat(Set.copyOf(store(0).cancelRequested("runner"))).hasSize(1);

    // Ended, its grace timer goes with it: it must not cancel a follow-up's run later.
    store(0).finish(ids.get(1), InvestigationStatus.CANCELLED, null, "stopped", Instant.now());
    assertThat(store(1).claimDueTimers(Instant.now().plusSeconds(60), 100)).isEmpty();
  }

  private long running() {
    return store(0).countByStatus().getOrDefault(InvestigationStatus.RUNNING, 0L);
  }

  private List<InvestigationRecord> claim(int replica, int cap, int atMost) {
    return store(replica)
        .claimPending(
            cap,
            atMost,
            "kubernetes",
            lease("r" + replica, Duration.ofSeconds(60)),
            Instant.now(),
            (id, seq) -> "job-" + id);
  }

  @Test
  void slotsFreedByACancelAFailedStartOrARequeueAreClaimedExactlyOnTheRealCount() {
    int cap = 3;
    List<String> ids = pending(8);
    List<InvestigationRecord> first = claim(0, cap, 10);
    assertThat(first)
        .extracting(InvestigationRecord::id)
        .containsExactlyElementsOf(ids.subList(0, 3));
    // The claim hands back the rows as stored, without reading them again.
    for (InvestigationRecord claimed : first) {
      assertThat(claimed).isEqualTo(store(1).find(claimed.id()).orElseThrow());
      assertThat(claimed.status()).isEqualTo(InvestigationStatus.RUNNING);
      assertThat(claimed.jobName()).isEqualTo("job-" + claimed.id());
    }
    assertThat(claim(1, cap, 10)).isEmpty();

    // A cancel, a Job that could not be created, a restart's re-queue: three slots free.
    store(1).finish(ids.get(0), InvestigationStatus.CANCELLED, null, "cancelled", Instant.now());
    store(2).finish(ids.get(1), InvestigationStatus.FAILED, null, "could not start", Instant.now());
    assertThat(
            store(3)
                .moveStatus(ids.get(2), InvestigationStatus.RUNNING, InvestigationStatus.PENDING))
        .isTrue();

    // Another replica (or this one after a restart) fills exactly the three, no more.
    assertThat(claim(2, cap, 10)).hasSize(3);
    assertThat(running()).isEqualTo(3);
    assertThat(claim(3, cap, 10)).isEmpty();
    assertThat(running()).isEqualTo(3);
  }

  @Test
  void aRunBackFromWaitingForApprovalCountsAgainstTheCap() {
    int cap = 3;
    String parked = pending(1).getFirst();
    assertThat(claim(0, cap, 1)).hasSize(1);
    assertThat(
            store(0)
                .moveStatus(
                    parked, InvestigationStatus.RUNNING, InvestigationStatus.WAITING_FOR_APPROVAL))
        .isTrue();
    pending(1);
    // No room under the bound for three: counted (none running), one claimed.
    assertThat(claim(1, cap, 3)).hasSize(1);
    // The approved run goes on: two run now.
    assertThat(
            store(2)
                .moveStatus(
                    parked, InvestigationStatus.WAITING_FOR_APPROVAL, InvestigationStatus.RUNNING))
        .isTrue();
    assertThat(running()).isEqualTo(2);
    pending(2);

    assertThat(claim(3, cap, 2)).hasSize(1);
    assertThat(running()).isEqualTo(cap);
  }

  /** When the first {@link #fresh} one was made; each after it is a millisecond later. */
  private final Instant firstFresh = Instant.now();

  /** How many {@link #fresh} made; replicas' tasks make them at once. */
  private final AtomicInteger freshMade = new AtomicInteger();

  /**
   * A new investigation made after every one before it. Two made by {@code Instant.now()} alone can
   * share a microsecond, and the claim then orders them by their random ids.
   */
  private InvestigationStore.NewInvestigation fresh(String goal) {
    Instant created = firstFresh.plusMillis(freshMade.incrementAndGet());
    return new InvestigationStore.NewInvestigation(
        InvestigationRecord.pending(goal, "shop", "kubernetes", 15, created), "alice");
  }

  private List<InvestigationRecord> createAndClaim(
      int replica, List<InvestigationStore.NewInvestigation> created, int cap, int atMost) {
    return store(replica)
        .createAndClaimPending(
            created,
            cap,
            atMost,
            "kubernetes",
            lease("r" + replica, Duration.ofSeconds(60)),
            Instant.now(),
            (id, seq) -> "job-" + id);
  }

  @Test
  void newInvestigationsAreStoredAndClaimedInOneCallAfterTheOnesAlreadyWaiting() {
    List<String> waiting = pending(2);
    List<InvestigationStore.NewInvestigation> created = List.of(fresh("a"), fresh("b"), fresh("c"));

    List<InvestigationRecord> claimed = createAndClaim(0, created, 100, 4);

    assertThat(claimed)
        .extracting(InvestigationRecord::id)
        .containsExactly(
            waiting.get(0),
            waiting.get(1),
            created.get(0).investigation().id(),
            created.get(1).investigation().id());
    for (InvestigationRecord c : claimed) {
      // As stored, seen by another replica's pool: committed.
      assertThat(c).isEqualTo(store(1).find(c.id()).orElseThrow());
      assertThat(c.status()).isEqualTo(InvestigationStatus.RUNNING);
    }
    String last = created.get(2).investigation().id();
    assertThat(store(2).find(last).orElseThrow().status()).isEqualTo(InvestigationStatus.PENDING);
    assertThat(store(2).people(last).startedBy()).isEqualTo("alice");
    // With no starter free nothing is claimed, and the new one is stored all the same.
    InvestigationStore.NewInvestigation d = fresh("d");
    assertThat(createAndClaim(3, List.of(d), 100, 0)).isEmpty();
    assertThat(store(1).find(d.investigation().id()).orElseThrow().status())
        .isEqualTo(InvestigationStatus.PENDING);
    assertThat(running()).isEqualTo(4);
  }

  @Test
  void newInvestigationsAndTheClaimAreOneCommitOrNothing() {
    String existing = pending(1).getFirst();
    InvestigationStore.NewInvestigation before = fresh("stored first in the call");
    InvestigationRecord again =
        store(0).find(existing).orElseThrow(); // the same id as a stored one: refused
    List<InvestigationStore.NewInvestigation> created =
        List.of(before, new InvestigationStore.NewInvestigation(again, null));

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> createAndClaim(0, created, 100, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none was stored");

    assertThat(store(1).find(before.investigation().id()))
        .as("the insert before the refused one was rolled back with it")
        .isEmpty();
    assertThat(store(1).find(existing).orElseThrow().status())
        .as("nothing was claimed")
        .isEqualTo(InvestigationStatus.PENDING);
    assertThat(running()).isZero();
  }

  private InvestigationStore.Round keepTokensCreateAndClaim(
      Map<String, String> hashes, List<InvestigationStore.NewInvestigation> created, int atMost) {
    return store(0)
        .keepTokensCreateAndClaim(
            hashes,
            created,
            100,
            atMost,
            "kubernetes",
            lease("r0", Duration.ofSeconds(60)),
            Instant.now(),
            (id, seq) -> "job-" + id);
  }

  @Test
  void aRoundKeepsTheTokenHashesOfRunsStartedBeforeInItsCommitExceptForThoseThatEnded() {
    List<InvestigationRecord> started = createAndClaim(0, List.of(fresh("a"), fresh("b")), 100, 2);
    String running = started.get(0).id();
    String ended = started.get(1).id();
    store(0)
        .finish(ended, InvestigationStatus.CANCELLED, null, "Cancelled by a user.", Instant.now());
    InvestigationStore.NewInvestigation next = fresh("c");

    InvestigationStore.Round round =
        keepTokensCreateAndClaim(
            Map.of(running, "aa".repeat(32), ended, "bb".repeat(32)), List.of(next), 1);

    assertThat(round.claimed())
        .extracting(InvestigationRecord::id)
        .containsExactly(next.investigation().id());
    assertThat(round.tokensNotKept()).containsExactly(ended);
    // Seen by another replica's pool: committed.
    assertThat(store(1).eventTokenHash(running)).contains("aa".repeat(32));
    assertThat(store(1).eventTokenHash(ended)).isEmpty();
    assertThat(store(1).eventTokenHash(next.investigation().id()))
        .as("a run claimed by the round has no token until its start is done")
        .isEmpty();
  }

  @Test
  void theTokenHashesARoundCarriesAreOneCommitWithItOrNothing() {
    String running = createAndClaim(0, List.of(fresh("a")), 100, 1).getFirst().id();
    String existing = pending(1).getFirst();
    InvestigationRecord again = store(0).find(existing).orElseThrow(); // refused: stored already

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                keepTokensCreateAndClaim(
                    Map.of(running, "cc".repeat(32)),
                    List.of(new InvestigationStore.NewInvestigation(again, null)),
                    10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none was stored");

    assertThat(store(1).eventTokenHash(running))
        .as("the hash was rolled back with the round: its starter keeps it in a commit of its own")
        .isEmpty();
    assertThat(store(1).find(existing).orElseThrow().status())
        .isEqualTo(InvestigationStatus.PENDING);
  }

  @Test
  void replicasStoringAndClaimingAtOnceKeepTheCapAndClaimEachOnce() throws Exception {
    int cap = 7;
    List<Callable<List<String>>> tasks = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      int replica = r;
      tasks.add(
          () -> {
            List<String> mine = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
              for (InvestigationRecord c :
                  createAndClaim(
                      replica, List.of(fresh(replica + "/" + round), fresh("x")), cap, 5)) {
                mine.add(c.id());
              }
            }
            return mine;
          });
    }
    List<String> claimed = all(tasks);

    assertThat(claimed).hasSize(cap).doesNotHaveDuplicates();
    assertThat(running()).isEqualTo(cap);
    assertThat(store(0).countByStatus().get(InvestigationStatus.PENDING))
        .isEqualTo(REPLICAS * 3 * 2 - cap);
  }
}
