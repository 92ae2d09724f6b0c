package dev.oats.server;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.runner.JobNames;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerException;
import dev.oats.runner.RunnerHost;
import dev.oats.store.AppendResult;
import dev.oats.store.Approval;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.store.InvestigationStore;
import dev.oats.store.InvestigationStore.NewInvestigation;
import dev.oats.store.KeyedInvestigation;
import dev.oats.store.Lease;
import dev.oats.store.SubmitKey;
import dev.oats.store.Timer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an investigation: stored as pending, started when a slot is free, its events stored
 * in order and published live, and ended — by the agent's own last event, or by the runner when the
 * agent could not say. Whatever happens, a run ends in a terminal state with a reason, or parks
 * (holding no thread and no slot) while a call waits for approval and is resumed once decided. A
 * follow-up question takes an ended investigation back to the queue for its next run.
 *
 * <p>Rows and metrics are kept from {@link Progress}, the one fold of the event log, rebuilt from
 * the store when this process has not seen the log (after a restart).
 */
public final class InvestigationService implements RunnerHost {

  private static final Logger log = LoggerFactory.getLogger(InvestigationService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InvestigationStore store;
  private final EventBus bus;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final int maxConcurrent;
  private final int maxTurns;
  private final Duration cancelGrace;
  private final Duration approvalTimeout;
  private final ReplicaConfig replica;
  private final Set<String> cancelsPassedOn = ConcurrentHashMap.newKeySet();
  // Runs whose token was not kept because they had ended before their Job existed.
  private final Set<String> endedBeforeToken = ConcurrentHashMap.newKeySet();
  private final Map<String, Folded> progress = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("oats-replica-tick").daemon().factory());
  // Leases are renewed on a thread of their own: a slow step of the tick (a claim waiting on the
  // lock row, a slow start) must not let this replica's leases run out while it lives.
  private final ScheduledExecutorService renewer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("oats-lease-renewal").daemon().factory());
  private volatile Runner runner;
  private volatile dev.oats.redact.Redactor redactor = dev.oats.redact.Redactor.standard();

  /**
   * The key of {@link #requestDigest}: random until {@link #digestRequestsWith} sets the shared
   * one.
   */
  private volatile byte[] requestKey = randomKey();

  private final List<StoredEventListener> listeners = new CopyOnWriteArrayList<>();

  /** The fold of an investigation's log up to one event. */
  private record Folded(long seq, Progress progress) {}

  // Guards only the claiming of slots (count, then mark running), never the starting.
  private final Object queue = new Object();

  private static final Executor STORE_WRITER = Executors.newVirtualThreadPerTaskExecutor();

  /** How many remote starts (a Job's API round trips) one replica makes at once. */
  static final int STARTERS = 32;

  // Remote starts run here, a permit each; what finds no permit waits as pending in the store.
  private static final Executor STARTER = Executors.newVirtualThreadPerTaskExecutor();
  private final Semaphore starting = new Semaphore(STARTERS);
  // Set when a claim may have left pending work behind for want of a permit.
  private volatile boolean backlog;
  private final AtomicBoolean claiming = new AtomicBoolean();
  private volatile boolean claimWanted;
  // A submit waits for the claim round that sees its investigation, at most this long.
  private final ClaimRounds claimRounds = new ClaimRounds();

  /** The starters' token hashes, in shared commits. */
  private final TokenHashCommits tokenHashes;

  /**
   * Submitters waiting for their investigation's claim round → their investigation as the claim
   * left it, once claimed: the POST is answered from it, without reading the row again.
   */
  private final Map<String, Optional<InvestigationRecord>> awaitingClaim =
      new ConcurrentHashMap<>();

  private static final Duration CLAIM_WAIT = Duration.ofSeconds(5);
  private volatile boolean closing;

  public InvestigationService(
      InvestigationStore store,
      EventBus bus,
      ServerMetrics metrics,
      Clock clock,
      int maxConcurrent,
      int maxTurns,
      Duration cancelGrace,
      Duration approvalTimeout,
      ReplicaConfig replica) {
    this.store = store;
    this.tokenHashes = new TokenHashCommits(store);
    this.bus = bus;
    this.metrics = metrics;
    this.clock = clock;
    this.maxConcurrent = maxConcurrent;
    this.maxTurns = maxTurns;
    this.cancelGrace = cancelGrace;
    this.approvalTimeout = approvalTimeout;
    this.replica = replica;
  }

  /** The runner is built with this service as its listener, so it is attached after both exist. */
  public void attach(Runner runner) {
    this.runner = runner;
  }

  /**
   * The redactor a goal and a follow-up question pass through before they are stored, logged, shown
   * or sent to a model: the standard one, with this server's own secrets once it knows them.
   */
  public void redactWith(dev.oats.redact.Redactor redactor) {
    this.redactor = redactor;
  }

  /**
   * A text a person or an alert wrote, as it may be kept: a secret pasted into a goal or a question
   * (a model key, a token in an alert's annotation) is not stored, shown in the UI or the events,
   * logged, handed to a Job or sent to the model.
   */
  public String redact(String text) {
    return text == null ? null : redactor.redact(text);
  }

  /** Adds a listener told of each event this process stores (notifications, say). */
  public void listen(StoredEventListener listener) {
    listeners.add(listener);
  }

  public String runnerName() {
    return runner.name();
  }

  /** The seed's {@code command_to_check_logs} for this investigation. */
  public String logsCommand(InvestigationRecord record, String serverUrl) {
    return runner.logsCommand(record, serverUrl);
  }

  /**
   * Stores a new investigation and starts it when a slot is free; otherwise it waits as pending.
   *
   * @throws RunnerException when it was started at once and the runner could not start it; it is
   *     then stored as failed with the reason
   */
  public InvestigationRecord submit(String goal, String namespace) throws RunnerException {
    return submitBy(null, goal, namespace);
  }

  /**
   * As {@link #submit(String, String)}, kept as started by the API key named {@code startedBy}
   * (null: nobody) in the same write that stores it.
   */
  public InvestigationRecord submitBy(String startedBy, String goal, String namespace)
      throws RunnerException {
    return submitOnce(startedBy, goal, namespace, null).investigation();
  }

  /** How long an {@code Idempotency-Key} names the investigation its submit started. */
  public static final Duration SUBMIT_KEY_LIFETIME = Duration.ofHours(24);

  /** A submit's investigation, and whether an earlier submit under the same key started it. */
  public record Submitted(InvestigationRecord investigation, boolean replayed) {}

  /** A caller's {@code Idempotency-Key} sent again with another goal or namespace. */
  public static final class SubmitKeyReusedException extends RuntimeException {
    public SubmitKeyReusedException(String message) {
      super(message);
    }
  }

  /**
   * As {@link #submitBy}, under the caller's {@code idempotencyKey} (null: none): a submit retried
   * under a key that started an investigation in the last {@link #SUBMIT_KEY_LIFETIME} returns that
   * investigation, starting nothing; under a key that started one for another goal or namespace it
   * is refused with {@link SubmitKeyReusedException}.
   */
  public Submitted submitOnce(
      String startedBy, String typed, String namespace, String idempotencyKey)
      throws RunnerException {
    String goal = redact(typed);
    InvestigationRecord created =
        withJobName(
            InvestigationRecord.pending(goal, namespace, runner.name(), maxTurns, clock.instant()));
    // The goal as typed, not as stored: two goals that differ only in a secret the redactor hides
    // are two requests, and the keyed hash keeps that secret from anyone reading the database.
    SubmitKey key =
        idempotencyKey == null
            ? null
            : new SubmitKey(
                startedBy == null ? "" : startedBy,
                idempotencyKey,
                requestDigest(typed, namespace));
    if (runner.startsRemotely() && key == null) {
      InvestigationRecord stored = storedByClaimRound(created, startedBy);
      log.info("Investigation {} submitted: {}", created.id(), goal);
      return new Submitted(stored, false);
    }
    if (runner.startsRemotely()) {
      // Before the row exists: any round that claims it, even one under way, finds it here.
      awaitingClaim.put(created.id(), Optional.empty());
    }
    Optional<KeyedInvestigation> held = Optional.empty();
    try {
      if (key == null) {
        store.create(created, startedBy);
      } else {
        held =
            store.createUnlessKeyed(
                created, startedBy, key, clock.instant().minus(SUBMIT_KEY_LIFETIME));
      }
    } catch (RuntimeException e) {
      awaitingClaim.remove(created.id());
      throw e;
    }
    if (held.isPresent()) {
      awaitingClaim.remove(created.id());
      String id = held.get().investigationId();
      if (!held.get().requestDigest().equals(key.requestDigest())) {
        throw new SubmitKeyReusedException(
            ("Idempotency-Key \"%s\" already started investigation %s for another goal or"
                    + " namespace in the last %d hours: send a new key for a new investigation,"
                    + " or the same goal and namespace to get that one back.")
                .formatted(idempotencyKey, id, SUBMIT_KEY_LIFETIME.toHours()));
      }
      log.info("Investigation {} submitted again under its Idempotency-Key: nothing started", id);
      return new Submitted(
          store
              .find(id)
              .orElseThrow(() -> new IllegalStateException("investigation " + id + " is gone")),
          true);
    }
    log.info("Investigation {} submitted: {}", created.id(), goal);
    RunnerException failure;
    Optional<InvestigationRecord> claimed;
    try {
      failure = dispatch(created.id());
    } finally {
      claimed = awaitingClaim.remove(created.id());
    }
    if (failure != null) {
      throw failure;
    }
    // Claimed in the round it waited for: as the claim left it (running, its start under way).
    return new Submitted(
        claimed != null && claimed.isPresent()
            ? claimed.get()
            : store.find(created.id()).orElseThrow(),
        false);
  }

  /**
   * What tells a retried submit from another: its goal as typed and its namespace, hashed with
   * HMAC-SHA256 under {@link #digestRequestsWith the server's key}. The goal is hashed before
   * redaction, so goals that differ only in a secret are not taken for the same request, and keyed,
   * so the stored digest cannot be used to guess that secret.
   */
  String requestDigest(String typedGoal, String namespace) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(requestKey, "HmacSHA256"));
      byte[] digest = mac.doFinal((typedGoal + '\0' + namespace).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Keys the digests of submits with {@code secret}, which every replica sharing the database must
   * use alike (else a retry reaching another replica is refused as another request). Until it is
   * called, a random key of this process alone.
   */
  public void digestRequestsWith(String secret) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("the submit digest key is empty");
    }
    this.requestKey = secret.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Stores a new investigation, lets {@code created} record what started it (its first events, the
   * alert kept on it) before anything runs, and then starts it as {@link #submit(String, String)}
   * does. Unlike that, a start failure is not thrown: the investigation is returned, stored as
   * failed with the reason.
   */
  public InvestigationRecord submit(
      String written, String namespace, Consumer<InvestigationRecord> created) {
    String goal = redact(written);
    InvestigationRecord record =
        withJobName(
            InvestigationRecord.pending(goal, namespace, runner.name(), maxTurns, clock.instant()));
    store.create(record);
    log.info("Investigation {} submitted: {}", record.id(), goal.lines().findFirst().orElse(""));
    try {
      created.accept(record);
    } catch (RuntimeException e) {
      // Never left pending without what started it: it ends, with the reason.
      ended(
          record.id(),
          InvestigationStatus.FAILED,
          "could not record what started it: " + e.getMessage());
      throw e;
    }
    dispatch(record.id());
    return store.find(record.id()).orElseThrow();
  }

  static InvestigationRecord withJobName(InvestigationRecord r) {
    return r.withJobName(JobNames.of(r.id()));
  }

  /** Starts pending investigations, oldest first, while slots are free. */
  public void dispatch() {
    dispatch(null);
  }

  /**
   * Claims pending investigations for the free slots in one short transaction (the cap holds across
   * every replica on the database), at most as many as can be started now, then starts them outside
   * it. A remote start (a Kubernetes Job's API round trips) is made on a starter thread, so that a
   * submit is answered once its investigation is claimed and stored as running; if the start then
   * fails, the investigation ends as failed with the reason. A local start is made here. Returns
   * the start failure of {@code watched}, if it was started here and failed.
   */
  private RunnerException dispatch(String watched) {
    if (runner.startsRemotely()) {
      long seen = claimRounds.begun();
      claimForStarters();
      if (watched != null) {
        awaitClaimRound(seen);
      }
      return null;
    }
    return claimAndStart(watched);
  }

  /**
   * One claim at a time for the starters: a submit that finds a claim under way leaves its
   * investigation to it (or to the claim that follows) rather than queueing behind it, so that
   * concurrent submits cost one claim transaction between them, not one each in turn.
   */
  private void claimForStarters() {
    claimWanted = true;
    while (claimWanted && !closing && claiming.compareAndSet(false, true)) {
      claimRound();
    }
  }

  /** One claim round; the caller has set {@link #claiming}, which the round clears. */
  private void claimRound() {
    claimRounds.begin();
    try {
      claimWanted = false;
      claimAndStart(null);
    } finally {
      claimRounds.end();
      claiming.set(false);
    }
  }

  /** A submit waiting for the claim round that stores it. */
  private record Arrival(
      InvestigationRecord investigation,
      String startedBy,
      CompletableFuture<InvestigationRecord> answer) {}

  /** At most this many new investigations in one claim round's transaction. */
  static final int MAX_ARRIVALS_PER_ROUND = 256;

  // Submits whose investigation the next claim round stores, in the claim's own transaction.
  private final ConcurrentLinkedQueue<Arrival> arrivals = new ConcurrentLinkedQueue<>();

  /**
   * How many submits wait for a claim round to store them (with a remote runner and no {@code
   * Idempotency-Key}; none otherwise): not yet stored, and not yet answered.
   */
  public int submitsAwaitingARound() {
    return arrivals.size();
  }

  // Claim rounds a submit asked for run here, never on the submit's own request thread: a request
  // that ran the rounds for everyone who came after it would wait for all of them.
  private static final Executor ROUNDS =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("oats-claim-round-", 0).factory());

  /**
   * Stores a submit's investigation in the next claim round, in one commit with the claim, and
   * returns it as that commit left it: running (its Job is made right after, by a starter) when a
   * slot and a starter were free, else pending. A submit is answered only once its investigation is
   * durable: a claimed one that the server stops before its Job exists is claimed again by the
   * recovery of this replica's leases (running, no token: queued again), a pending one by any
   * claim.
   */
  private InvestigationRecord storedByClaimRound(InvestigationRecord created, String startedBy) {
    if (closing) {
      throw new IllegalStateException("the server is stopping: investigation not stored");
    }
    Arrival mine = new Arrival(created, startedBy, new CompletableFuture<>());
    arrivals.add(mine);
    claimWanted = true;
    if (claiming.compareAndSet(false, true)) {
      ROUNDS.execute(this::roundsForArrivals);
    }
    while (true) {
      try {
        return mine.answer().get(1, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // A round takes it; unless the server stopped first, and then it is never stored.
        if (closing && arrivals.remove(mine)) {
          throw new IllegalStateException("the server is stopping: investigation not stored");
        }
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while storing an investigation", e);
      }
    }
  }

  /**
   * Claim rounds, the first one already ours ({@link #claiming} set), until none is wanted; a round
   * that fails has answered its submits with the error, and the next ones still run.
   */
  private void roundsForArrivals() {
    do {
      try {
        claimRound();
      } catch (RuntimeException e) {
        log.warn("Claim round failed: {}", e.toString());
      }
    } while ((claimWanted || !arrivals.isEmpty())
        && !closing
        && claiming.compareAndSet(false, true));
  }

  private void awaitClaimRound(long seen) {
    try {
      if (!closing) {
        claimRounds.awaitRoundAfter(seen, CLAIM_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RunnerException claimAndStart(String watched) {
    List<Arrival> arriving = new ArrayList<>();
    Arrival arrival;
    while (arriving.size() < MAX_ARRIVALS_PER_ROUND && (arrival = arrivals.poll()) != null) {
      arriving.add(arrival);
    }
    if (arriving.size() == MAX_ARRIVALS_PER_ROUND) {
      claimWanted = true;
    }
    int permits = 0;
    while (permits < STARTERS && starting.tryAcquire()) {
      permits++;
    }
    if (permits == 0 && arriving.isEmpty()) {
      backlog = true;
      return null;
    }
    List<InvestigationRecord> claimed = List.of();
    // The event token hashes the starters of earlier rounds are waiting to keep ride in this
    // round's commit rather than in one of their own.
    TokenHashCommits.Taken tokens = tokenHashes.takeForRound();
    try {
      // The JVM lock only spares this process's threads a wait on the database's lock row (and
      // H2, with WRITE_DELAY=0, was seen to need it for row locks to hold); the cap is the
      // database's.
      synchronized (queue) {
        if (arriving.isEmpty() && tokens == null) {
          claimed =
              store.claimPending(
                  maxConcurrent, permits, runner.name(), lease(), clock.instant(), JobNames::of);
        } else {
          InvestigationStore.Round round =
              store.keepTokensCreateAndClaim(
                  tokens == null ? Map.of() : tokens.hashes(),
                  arriving.stream()
                      .map(a -> new NewInvestigation(a.investigation(), a.startedBy()))
                      .toList(),
                  maxConcurrent,
                  permits,
                  runner.name(),
                  lease(),
                  clock.instant(),
                  JobNames::of);
          claimed = round.claimed();
          if (tokens != null) {
            tokens.committed(round.tokensNotKept());
            tokens = null;
          }
        }
      }
    } catch (RuntimeException e) {
      // Nothing of the round was stored: its submits are answered with the error, and the token
      // hashes it carried are kept by a commit of their own (below).
      arriving.forEach(a -> a.answer().completeExceptionally(e));
      throw e;
    } finally {
      if (tokens != null) {
        tokens.notCommitted();
      }
      starting.release(permits - claimed.size());
    }
    if (permits == 0 || claimed.size() == permits) {
      backlog = true;
    }
    if (!arriving.isEmpty()) {
      Map<String, InvestigationRecord> byId = new HashMap<>();
      claimed.forEach(c -> byId.put(c.id(), c));
      for (Arrival a : arriving) {
        // Claimed: as the claim left it (running, its start under way); else as stored, pending.
        a.answer().complete(byId.getOrDefault(a.investigation().id(), a.investigation()));
      }
    }
    RunnerException watchedFailure = null;
    for (InvestigationRecord next : claimed) {
      awaitingClaim.computeIfPresent(next.id(), (id, none) -> Optional.of(next));
      if (runner.startsRemotely()) {
        STARTER.execute(() -> startClaimed(next, true));
      } else {
        RunnerException failure = startClaimed(next, false);
        if (failure != null && next.id().equals(watched)) {
          watchedFailure = failure;
        }
      }
    }
    return watchedFailure;
  }

  /** Starts a claimed investigation; then the next pending ones, if some were left waiting. */
  private RunnerException startClaimed(InvestigationRecord next, boolean remote) {
    RunnerException failure = null;
    try {
      runner.start(next);
      // Ended while its Job was being made (the token was issued once the Job existed, and not
      // kept): the cancel found no Job to delete. A cancel after the token finds the Job.
      if (remote && endedBeforeToken.remove(next.id())) {
        runner.cancel(next.id());
      }
    } catch (RunnerException e) {
      failure = e;
      startFailed(next, e.getMessage());
    } catch (RuntimeException e) {
      log.error("Could not start investigation {}", next.id(), e);
      startFailed(next, e.toString());
    } finally {
      endedBeforeToken.remove(next.id());
      starting.release();
    }
    if (backlog && !closing) {
      backlog = false;
      step("dispatch", this::dispatch);
    }
    return failure;
  }

  private void startFailed(InvestigationRecord next, String reason) {
    if (closing) {
      // Cut short by this server stopping: still claimed with no token, it is queued again when a
      // server recovers this replica's work.
      log.warn("Investigation {} was not started before the server stopped: {}", next.id(), reason);
      return;
    }
    log.error("Could not start investigation {}: {}", next.id(), reason);
    ended(next.id(), InvestigationStatus.FAILED, "could not start: " + reason);
  }

  /**
   * At start: recovers the investigations whose replica is gone (on a database only this process
   * opens, every one left running; on a shared one, those whose lease has expired), moves the
   * queue, and starts this replica's tick.
   */
  public void recover() {
    recoverLeases(!replica.sharedStore());
    dispatch();
    timer.scheduleWithFixedDelay(
        this::tick, replica.tick().toMillis(), replica.tick().toMillis(), TimeUnit.MILLISECONDS);
    long renewMillis = replica.renewEvery().toMillis();
    renewer.scheduleAtFixedRate(
        () -> step("renew leases", () -> store.renewLeases(lease())),
        renewMillis,
        renewMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * What every replica does every tick, whoever's events caused the work: recovers expired leases,
   * settles due timers and approvals, passes on cancels of its runs asked on other replicas, and
   * claims pending work. One step failing does not stop the others.
   */
  void tick() {
    step("recover expired leases", () -> recoverLeases(false));
    step("settle due timers", this::settleTimers);
    step("pass on cancels", this::passOnCancels);
    step("deny approvals that timed out", this::expireApprovals);
    step("dispatch", this::dispatch);
    step("drop expired submit keys", this::dropExpiredSubmitKeys);
  }

  /**
   * When this replica last dropped expired submit keys (an hourly chore; a key expires in a day).
   */
  private volatile Instant submitKeysDropped = Instant.MIN;

  private void dropExpiredSubmitKeys() {
    Instant now = clock.instant();
    if (submitKeysDropped.isBefore(now.minus(Duration.ofHours(1)))) {
      submitKeysDropped = now;
      store.dropSubmitKeys(now.minus(SUBMIT_KEY_LIFETIME));
    }
  }

  private static void step(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      log.warn("Replica tick: could not {}: {}", what, e.toString());
    }
  }

  /** This replica's claim on what it starts or takes over, from now. */
  private Lease lease() {
    return new Lease(replica.id(), clock.instant().plus(replica.lease()));
  }

  /** The configuration this replica runs with. */
  public ReplicaConfig replica() {
    return replica;
  }

  @Override
  public String replicaId() {
    return replica.id();
  }

  /**
   * Takes over the investigations whose owner stopped renewing its lease. A run parked for an
   * approval holds nothing and waits on; a local run died with its replica and fails with the
   * reason; the runner settles the rest (a Job is reconciled with what Kubernetes reports).
   *
   * @param everyOther take every lease not this process's: the database is this process's alone, so
   *     whoever held them has stopped
   */
  private void recoverLeases(boolean everyOther) {
    List<Lease.Expired> taken;
    do {
      taken = store.claimExpiredLeases(lease(), clock.instant(), everyOther, 100);
      List<InvestigationRecord> toRunner = new ArrayList<>();
      for (Lease.Expired expired : taken) {
        InvestigationRecord record = expired.investigation();
        if (record.status() == InvestigationStatus.WAITING_FOR_APPROVAL
            && progress(record.id()).parked()) {
          continue;
        }
        if (neverStarted(record)) {
          log.warn("Investigation {} was claimed but not started; it is queued again", record.id());
          store.moveStatus(record.id(), InvestigationStatus.RUNNING, InvestigationStatus.PENDING);
          continue;
        }
        if (replica.sharedStore() && "local".equals(record.runner())) {
          log.warn(
              "Investigation {} ran on replica {}, which stopped renewing its lease",
              record.id(),
              expired.lostOwner());
          ended(record.id(), InvestigationStatus.FAILED, replicaLost(expired));
        } else {
          toRunner.add(record);
        }
      }
      if (!toRunner.isEmpty()) {
        log.warn(
            "{} investigation(s) were running on a server that stopped: {}",
            toRunner.size(),
            toRunner.stream().map(InvestigationRecord::id).toList());
        runner.recover(toRunner);
      }
    } while (taken.size() == 100);
  }

  /** A remote start issues the run's token once done; a claimed run without one never started. */
  private boolean neverStarted(InvestigationRecord record) {
    return record.status() == InvestigationStatus.RUNNING
        && runner.startsRemotely()
        && runner.name().equals(record.runner())
        && store.eventTokenHash(record.id()).isEmpty();
  }

  static String replicaLost(Lease.Expired expired) {
    return expired.lostOwner() == null
        ? "replica lost: no server replica held it"
        : "replica lost: server replica %s stopped renewing its lease (expired %s)"
            .formatted(expired.lostOwner(), expired.expiredAt());
  }

  /** Ends the cancelled investigations that have not stopped within their grace period. */
  private void settleTimers() {
    for (Timer due : store.claimDueTimers(clock.instant(), 100)) {
      switch (due.kind()) {
        case CANCEL_GRACE ->
            ended(due.investigationId(), InvestigationStatus.CANCELLED, due.reason());
      }
    }
  }

  /** A cancel asked on another replica reaches the run here, where it runs. */
  private void passOnCancels() {
    List<String> asked = store.cancelRequested(replica.id());
    cancelsPassedOn.retainAll(asked);
    for (String id : asked) {
      if (cancelsPassedOn.add(id)) {
        runner.cancel(id);
      }
    }
  }

  @Override
  public void event(String investigationId, String runId, RecordedEvent event) {
    append(investigationId, runId + ":" + event.seq(), event.at(), event.event());
  }

  @Override
  public List<RecordedEvent> history(String investigationId) {
    return store.events(investigationId, 0);
  }

  /**
   * Stores an event under the next number of the log and acts on it.
   *
   * @param deliveryKey the sender's key for the event, or null for the server's own events
   */
  public AppendResult append(String id, String deliveryKey, Instant at, AgentEvent event) {
    return outOfReachOfInterrupts(() -> appendHere(id, deliveryKey, at, event));
  }

  /**
   * Runs a store write on a thread of its own and waits for it without being interruptible. The
   * caller is often an agent's thread, which a cancel interrupts: an interrupt that lands in the
   * database's file I/O closes the file channel, and H2 then closes the whole database (with {@code
   * WRITE_DELAY=0} the committing thread writes the file itself).
   */
  private static <T> T outOfReachOfInterrupts(Supplier<T> write) {
    try {
      return CompletableFuture.supplyAsync(write, STORE_WRITER).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  private AppendResult appendHere(String id, String deliveryKey, Instant at, AgentEvent event) {
    AppendResult result = store.appendEvent(id, deliveryKey, at, event);
    switch (result) {
      case AppendResult.Appended appended -> stored(id, appended.event());
      case AppendResult.AlreadyEnded ended -> {
        log.info(
            "Investigation {}: its run already ended (event {}); a second end is not stored",
            id,
            ended.terminal().seq());
        // The row may not say so yet, when whoever stored the end stopped before updating it.
        finish(id, ended.terminal().event());
      }
      case AppendResult.Conflict conflict ->
          log.warn(
              "Investigation {}: event {} differs from the one stored as event {}; kept the first",
              id,
              deliveryKey,
              conflict.stored().seq());
      default -> {}
    }
    return result;
  }

  private void stored(String id, RecordedEvent event) {
    Progress now = fold(id, event);
    metrics.record(event.event(), now);
    bus.publish(id, event);
    switch (event.event()) {
      case AgentEvent.Started s -> store.updateProgress(id, now.turns(), now.usage(), s.model());
      case AgentEvent.TurnStarted t -> store.updateProgress(id, now.turns(), now.usage(), null);
      case AgentEvent.ModelUsage u -> store.updateProgress(id, now.turns(), now.usage(), null);
      case AgentEvent.Finished f -> store.updateProgress(id, now.turns(), now.usage(), null);
      case AgentEvent.Failed f -> store.updateProgress(id, now.turns(), now.usage(), null);
      case AgentEvent.ApprovalRequired a -> held(id, event, a, now);
      case AgentEvent.Paused p -> resumeIfDecided(id, now);
      case AgentEvent.ApprovalDecided d -> {
        resumeIfDecided(id, now);
        // An agent that waits for the decision itself (a Job's) goes on at once.
        if (!now.parked() && now.waiting().isEmpty()) {
          store.moveStatus(
              id, InvestigationStatus.WAITING_FOR_APPROVAL, InvestigationStatus.RUNNING);
        }
      }
      default -> {}
    }
    if (event.event().isTerminal()) {
      finish(id, event.event());
      dispatch();
    }
    listeners.forEach(listener -> listener.stored(id, event, now));
  }

  /**
   * The fold after this event. Events of one investigation may be stored by two threads at once (an
   * agent and a settlement); when this one is not the next of the fold, it is rebuilt.
   */
  private Progress fold(String id, RecordedEvent event) {
    return progress
        .compute(
            id,
            (key, folded) ->
                folded != null && folded.seq() == event.seq() - 1
                    ? new Folded(event.seq(), folded.progress().with(event))
                    : rebuilt(id, event.seq()))
        .progress();
  }

  private Folded rebuilt(String id, long atLeast) {
    List<RecordedEvent> events = store.events(id, 0);
    long last = events.isEmpty() ? 0 : events.getLast().seq();
    return new Folded(Math.max(last, atLeast), Progress.of(events));
  }

  /** The fold of an investigation's whole log, from memory or from the store. */
  public Progress progress(String id) {
    Folded folded = progress.get(id);
    return folded != null && folded.seq() == store.lastSeq(id)
        ? folded.progress()
        : progress.compute(id, (key, old) -> rebuilt(id, 0)).progress();
  }

  private void held(String id, RecordedEvent event, AgentEvent.ApprovalRequired a, Progress now) {
    store.requestApproval(
        Approval.waiting(
            id,
            a.callId(),
            Math.max(1, now.runs()),
            a.tool(),
            EventJson.write(a.arguments()),
            a.sideEffect(),
            a.reason(),
            event.at(),
            event.at().plus(approvalTimeout)));
    store.moveStatus(id, InvestigationStatus.RUNNING, InvestigationStatus.WAITING_FOR_APPROVAL);
  }

  /**
   * A parked run whose calls are all decided goes back to the queue, to resume. Its status may
   * already be running again when the decision came before the run had parked.
   */
  private void resumeIfDecided(String id, Progress now) {
    if (now.parked()
        && now.waiting().isEmpty()
        && (store.moveStatus(
                id, InvestigationStatus.WAITING_FOR_APPROVAL, InvestigationStatus.PENDING)
            || store.moveStatus(id, InvestigationStatus.RUNNING, InvestigationStatus.PENDING))) {
      log.info("Investigation {} resumes: its held calls are decided", id);
      dispatch();
    }
  }

  /** What a decision on an approval found. */
  public enum DecisionOutcome {
    DECIDED,
    NOT_WAITING,
    NOT_FOUND
  }

  /**
   * Approves or denies a held call. The decision is stored (the first one wins), recorded as an
   * event with who made it, and a parked run whose calls are all decided is queued to resume.
   *
   * @param decidedBy the name of the API key that decided
   */
  public DecisionOutcome decide(
      String id, String callId, boolean approve, String decidedBy, String reason) {
    if (store.find(id).isEmpty()) {
      return DecisionOutcome.NOT_FOUND;
    }
    String why = reason == null || reason.isBlank() ? (approve ? "approved" : "denied") : reason;
    return decided(
            id, callId, approve ? Approval.Status.APPROVED : Approval.Status.DENIED, decidedBy, why)
        ? DecisionOutcome.DECIDED
        : DecisionOutcome.NOT_WAITING;
  }

  private boolean decided(
      String id, String callId, Approval.Status status, String decidedBy, String reason) {
    Optional<Approval> decided =
        store.decideApproval(id, callId, status, decidedBy, reason, clock.instant());
    if (decided.isEmpty()) {
      return false;
    }
    log.info("Call {} of investigation {}: {} by {}", callId, id, status, decidedBy);
    append(
        id,
        null,
        clock.instant(),
        new AgentEvent.ApprovalDecided(callId, status.approved(), decidedBy, reason));
    return true;
  }

  /** Denies the approvals nobody decided in time; the model is told in the resumed run. */
  void expireApprovals() {
    try {
      for (Approval late : store.expiredApprovals(clock.instant())) {
        decided(
            late.investigationId(),
            late.callId(),
            Approval.Status.TIMED_OUT,
            "oats",
            "nobody decided within %d s".formatted(approvalTimeout.toSeconds()));
      }
    } catch (RuntimeException e) {
      log.warn("Could not deny the approvals that timed out: {}", e.toString());
    }
  }

  /** The investigation's held calls, waiting or decided. */
  public List<Approval> approvals(String id) {
    return store.approvals(id);
  }

  /** What a follow-up question found. */
  public sealed interface FollowUp {
    /**
     * @param seq the question's place in the log; the answer's events follow it
     */
    record Asked(InvestigationRecord investigation, int run, long seq) implements FollowUp {}

    record StillRunning(InvestigationRecord investigation) implements FollowUp {}

    record NotFound() implements FollowUp {}
  }

  /**
   * Asks a follow-up question: an ended investigation is reopened with the question in its log, and
   * its next run, which continues the conversation, starts when a slot is free.
   */
  public FollowUp ask(String id, String typed) {
    String message = redact(typed);
    Optional<InvestigationRecord> record = store.find(id);
    if (record.isEmpty()) {
      return new FollowUp.NotFound();
    }
    int run = progress(id).runs() + 1;
    Optional<RecordedEvent> question =
        store.reopen(id, clock.instant(), new AgentEvent.FollowUpAsked(run, message));
    if (question.isEmpty()) {
      return new FollowUp.StillRunning(store.find(id).orElseThrow());
    }
    log.info("Investigation {} reopened for a follow-up (run {})", id, run);
    stored(id, question.get());
    dispatch();
    return new FollowUp.Asked(store.find(id).orElseThrow(), run, question.get().seq());
  }

  private void finish(String id, AgentEvent terminal) {
    boolean changed =
        switch (terminal) {
          case AgentEvent.Finished f ->
              store.finish(id, InvestigationStatus.SUCCEEDED, f.result(), null, clock.instant());
          case AgentEvent.Failed f ->
              store.finish(
                  id,
                  f.kind() == AgentEvent.FailureKind.CANCELLED
                      ? InvestigationStatus.CANCELLED
                      : InvestigationStatus.FAILED,
                  null,
                  f.reason(),
                  clock.instant());
          default -> false;
        };
    if (changed) {
      log.info("Investigation {} ended: {}", id, terminal.getClass().getSimpleName().toLowerCase());
    }
  }

  @Override
  public void ended(String investigationId, InvestigationStatus status, String reason) {
    Optional<InvestigationRecord> record = store.find(investigationId);
    if (record.isEmpty() || record.get().status().isTerminal()) {
      return;
    }
    Progress sofar = progress(investigationId);
    if (status != InvestigationStatus.CANCELLED && sofar.parked()) {
      // The agent parked its run for an approval and exited, as it should.
      return;
    }
    if (status == InvestigationStatus.CANCELLED) {
      for (AgentEvent.ApprovalRequired waiting : sofar.waiting()) {
        store.decideApproval(
            investigationId,
            waiting.callId(),
            Approval.Status.CANCELLED,
            "oats",
            reason,
            clock.instant());
      }
    }
    AgentEvent.FailureKind kind =
        status == InvestigationStatus.CANCELLED
            ? AgentEvent.FailureKind.CANCELLED
            : AgentEvent.FailureKind.AGENT_ERROR;
    append(
        investigationId,
        null,
        clock.instant(),
        new AgentEvent.Failed(kind, reason, sofar.runTurns(), sofar.runUsage()));
  }

  /** Running investigations, and those waiting for approval whose run has not parked. */
  @Override
  public List<InvestigationRecord> active() {
    List<InvestigationRecord> active = new ArrayList<>();
    for (InvestigationRecord record :
        store.findByStatus(InvestigationStatus.RUNNING, InvestigationStatus.WAITING_FOR_APPROVAL)) {
      if (record.status() == InvestigationStatus.RUNNING || !progress(record.id()).parked()) {
        active.add(record);
      }
    }
    return active;
  }

  /** What a cancel request found. */
  public enum CancelOutcome {
    CANCELLED,
    CANCELLING,
    ALREADY_ENDED,
    NOT_FOUND
  }

  /**
   * Cancels a pending investigation at once, or asks the runner to stop a running one; if the
   * runner has not reported its end within the grace period, it is ended as cancelled anyway.
   */
  public CancelOutcome cancel(String id) {
    Optional<InvestigationRecord> record = store.find(id);
    if (record.isEmpty()) {
      return CancelOutcome.NOT_FOUND;
    }
    return switch (record.get().status()) {
      case PENDING -> {
        ended(id, InvestigationStatus.CANCELLED, "Cancelled before it started.");
        yield CancelOutcome.CANCELLED;
      }
      case RUNNING -> {
        // Stored first: any replica ends it when the grace period is over, and the replica that
        // runs it learns of the cancel from the same row.
        store.scheduleTimer(
            new Timer(
                id,
                Timer.Kind.CANCEL_GRACE,
                clock.instant().plus(cancelGrace),
                "Cancelled by a user."));
        cancelsPassedOn.add(id);
        runner.cancel(id);
        yield CancelOutcome.CANCELLING;
      }
      case WAITING_FOR_APPROVAL -> {
        // A parked run holds nothing to stop; one still asking is stopped by the runner.
        runner.cancel(id);
        ended(id, InvestigationStatus.CANCELLED, "Cancelled by a user.");
        yield CancelOutcome.CANCELLED;
      }
      default -> CancelOutcome.ALREADY_ENDED;
    };
  }

  /**
   * A fresh token that lets an agent deliver this investigation's events, and nothing else. The
   * store keeps it only while the investigation has not ended; one that ended first (cancelled
   * while its Job was being made) is remembered, and its start is undone once done.
   */
  @Override
  public String issueEventToken(String id) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    if (!tokenHashes.set(id, sha256(token))) {
      endedBeforeToken.add(id);
    }
    return token;
  }

  /**
   * Whether the token is the one issued for this investigation (constant-time compare), or one the
   * runner vouches for (see {@link Runner#authorisesAgent}).
   */
  public boolean eventTokenValid(String id, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    Optional<String> hash = store.eventTokenHash(id);
    if (hash.isEmpty()) {
      // No token issued, or the investigation has ended: nothing may deliver to it.
      return false;
    }
    boolean issued =
        MessageDigest.isEqual(
            hash.get().getBytes(StandardCharsets.US_ASCII),
            sha256(token).getBytes(StandardCharsets.US_ASCII));
    // Else a credential of the runner's own (a pod's projected token, checked by a TokenReview).
    return issued || (runner != null && runner.authorisesAgent(id, token));
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  public InvestigationStore store() {
    return store;
  }

  /** Stops this replica's tick. */
  public void close() {
    closing = true;
    // A tick is let finish rather than interrupted: an interrupt in H2's file I/O closes the
    // database (see outOfReachOfInterrupts).
    for (ScheduledExecutorService thread : List.of(timer, renewer)) {
      thread.shutdown();
    }
    for (ScheduledExecutorService thread : List.of(timer, renewer)) {
      try {
        if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
          thread.shutdownNow();
        }
      } catch (InterruptedException e) {
        thread.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
