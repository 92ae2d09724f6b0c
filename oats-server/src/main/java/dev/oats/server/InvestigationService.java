package dev.oats.server;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import dev.oats.runner.RunListener;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerException;
import dev.oats.store.AppendResult;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.store.InvestigationStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of an investigation: stored as pending, started when a slot is free, its events stored
 * in order and published live, and ended — by the agent's own last event, or by the runner when the
 * agent could not say. Whatever happens, an investigation ends in a terminal state with a reason.
 */
public final class InvestigationService implements RunListener {

  private static final Logger log = LoggerFactory.getLogger(InvestigationService.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final InvestigationStore store;
  private final EventBus bus;
  private final ServerMetrics metrics;
  private final Clock clock;
  private final int maxConcurrent;
  private final int maxTurns;
  private final Duration cancelGrace;
  private final Map<String, Progress> progress = new ConcurrentHashMap<>();
  private volatile Runner runner;

  // The slots: investigations this server started that have not ended. Claiming one is a
  // compare-and-set, so submits never wait on each other; only draining the queue takes a lock.
  private final AtomicInteger running = new AtomicInteger();
  private final Set<String> started = ConcurrentHashMap.newKeySet();
  private final Object queue = new Object();
  // Whether pending investigations may be waiting; true at first, for those of a previous run.
  private volatile boolean backlog = true;

  /** What the events of a running investigation add up to so far. */
  private record Progress(int turns, Usage usage, String model) {
    Progress with(AgentEvent event) {
      return switch (event) {
        case AgentEvent.Started s -> new Progress(turns, usage, s.model());
        case AgentEvent.TurnStarted t -> new Progress(t.turn(), usage, model);
        case AgentEvent.ModelUsage u -> new Progress(turns, usage.plus(u.usage()), model);
        default -> this;
      };
    }
  }

  public InvestigationService(
      InvestigationStore store,
      EventBus bus,
      ServerMetrics metrics,
      Clock clock,
      int maxConcurrent,
      int maxTurns,
      Duration cancelGrace) {
    this.store = store;
    this.bus = bus;
    this.metrics = metrics;
    this.clock = clock;
    this.maxConcurrent = maxConcurrent;
    this.maxTurns = maxTurns;
    this.cancelGrace = cancelGrace;
  }

  /** The runner is built with this service as its listener, so it is attached after both exist. */
  public void attach(Runner runner) {
    this.runner = runner;
  }

  public String runnerName() {
    return runner.name();
  }

  /** The seed's {@code command_to_check_logs} for this investigation. */
  public String logsCommand(InvestigationRecord record, String serverUrl) {
    return runner.logsCommand(record, serverUrl);
  }

  /**
   * Stores a new investigation and starts it when a slot is free and nothing older waits; otherwise
   * it waits as pending. Submits run in parallel: nothing is locked while the runner starts it (a
   * Kubernetes Job takes four API round trips).
   *
   * @throws RunnerException when it was started at once and the runner could not start it; it is
   *     then stored as failed with the reason
   */
  public InvestigationRecord submit(String goal, String namespace) throws RunnerException {
    InvestigationRecord created =
        withJobName(
            InvestigationRecord.pending(goal, namespace, runner.name(), maxTurns, clock.instant()));
    store.create(created);
    log.info("Investigation {} submitted: {}", created.id(), goal);
    RunnerException failure;
    if (!backlog && claim(created)) {
      failure = start(created.id());
    } else {
      backlog = true;
      failure = dispatch(created.id());
    }
    if (failure != null) {
      throw failure;
    }
    return store.find(created.id()).orElseThrow();
  }

  private static InvestigationRecord withJobName(InvestigationRecord r) {
    return new InvestigationRecord(
        r.id(),
        r.goal(),
        r.targetNamespace(),
        r.status(),
        r.runner(),
        JobNames.of(r.id()),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        r.turns(),
        r.maxTurns(),
        r.usage(),
        r.model(),
        r.report(),
        r.failureReason());
  }

  /** Takes a free slot for a pending investigation and marks it running; false if none is free. */
  private boolean claim(InvestigationRecord next) {
    if (running.incrementAndGet() > maxConcurrent) {
      running.decrementAndGet();
      return false;
    }
    if (!store.markRunning(next.id(), runner.name(), next.jobName(), clock.instant())) {
      running.decrementAndGet();
      return false;
    }
    started.add(next.id());
    return true;
  }

  /** Starts a claimed investigation; returns the runner's failure after ending it as failed. */
  private RunnerException start(String id) {
    try {
      runner.start(store.find(id).orElseThrow());
      return null;
    } catch (RunnerException e) {
      log.error("Could not start investigation {}: {}", id, e.getMessage());
      ended(id, InvestigationStatus.FAILED, "could not start: " + e.getMessage());
      return e;
    }
  }

  /** Starts pending investigations, oldest first, while slots are free. */
  public void dispatch() {
    dispatch(null);
  }

  /**
   * Claims waiting investigations under the lock, then starts them outside it; reads the pending
   * rows only when some are known to wait. Returns the start failure of {@code watched}, if it was
   * started here and failed.
   */
  private RunnerException dispatch(String watched) {
    List<InvestigationRecord> claimed = new ArrayList<>();
    synchronized (queue) {
      if (!backlog) {
        return null;
      }
      // Cleared before reading: a submit that queues after this read sets it again and comes here.
      backlog = false;
      for (InvestigationRecord next : store.findByStatus(InvestigationStatus.PENDING)) {
        if (running.get() >= maxConcurrent) {
          backlog = true;
          break;
        }
        if (claim(next)) {
          claimed.add(next);
        }
      }
    }
    RunnerException watchedFailure = null;
    for (InvestigationRecord next : claimed) {
      RunnerException failure = start(next.id());
      if (next.id().equals(watched)) {
        watchedFailure = failure;
      }
    }
    return watchedFailure;
  }

  /** After a restart: the runner settles what was running, then the queue moves again. */
  public void recover() {
    List<InvestigationRecord> running = store.findByStatus(InvestigationStatus.RUNNING);
    if (!running.isEmpty()) {
      log.warn("{} investigation(s) were running when the server stopped", running.size());
      running.forEach(r -> started.add(r.id()));
      this.running.addAndGet(running.size());
      runner.recover(running);
    }
    dispatch();
  }

  @Override
  public void event(String investigationId, RecordedEvent event) {
    AppendResult result = store.appendEvent(investigationId, event);
    if (result != AppendResult.APPENDED) {
      return;
    }
    metrics.record(event.event());
    bus.publish(investigationId, event);
    track(investigationId, event.event());
    if (event.event().isTerminal()) {
      finish(investigationId, event.event());
      dispatch();
    }
  }

  private void track(String id, AgentEvent event) {
    if (event instanceof AgentEvent.Started
        || event instanceof AgentEvent.TurnStarted
        || event instanceof AgentEvent.ModelUsage) {
      Progress now =
          progress.merge(
              id, new Progress(0, Usage.ZERO, null).with(event), (a, b) -> a.with(event));
      store.updateProgress(id, now.turns(), now.usage(), now.model());
    }
  }

  private void finish(String id, AgentEvent terminal) {
    progress.remove(id);
    if (started.remove(id)) {
      running.decrementAndGet();
    }
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
    AgentEvent.FailureKind kind =
        status == InvestigationStatus.CANCELLED
            ? AgentEvent.FailureKind.CANCELLED
            : AgentEvent.FailureKind.AGENT_ERROR;
    Progress sofar = progress.getOrDefault(investigationId, new Progress(0, Usage.ZERO, null));
    AgentEvent failed = new AgentEvent.Failed(kind, reason, sofar.turns(), sofar.usage());
    // The agent may still be appending; a lost race on the sequence number just takes the next.
    for (int attempt = 0; attempt < 5; attempt++) {
      RecordedEvent recorded =
          new RecordedEvent(store.lastSeq(investigationId) + 1, clock.instant(), failed);
      if (store.appendEvent(investigationId, recorded) == AppendResult.APPENDED) {
        metrics.record(failed);
        bus.publish(investigationId, recorded);
        break;
      }
    }
    finish(investigationId, failed);
    dispatch();
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
        runner.cancel(id);
        Thread.ofVirtual().start(() -> endIfStillRunning(id));
        yield CancelOutcome.CANCELLING;
      }
      default -> CancelOutcome.ALREADY_ENDED;
    };
  }

  private void endIfStillRunning(String id) {
    try {
      Thread.sleep(cancelGrace);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ended(id, InvestigationStatus.CANCELLED, "Cancelled by a user.");
  }

  /** A fresh token that lets an agent deliver this investigation's events, and nothing else. */
  public String issueEventToken(String id) {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    store.setEventTokenHash(id, sha256(token));
    return token;
  }

  /** Whether the token is the one issued for this investigation (constant-time compare). */
  public boolean eventTokenValid(String id, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    return store
        .eventTokenHash(id)
        .map(
            expected ->
                MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    sha256(token).getBytes(StandardCharsets.US_ASCII)))
        .orElse(false);
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
}
