package dev.oats.store;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The durable record of investigations and their event logs; the server's one source of truth, so
 * an investigation survives a server restart and its transcript survives the deletion of the pod
 * that ran it.
 *
 * <p>Status changes are conditional updates, so two parties racing (a runner finishing while a user
 * cancels, a Job watcher reporting a crash the agent already reported) settle on the first terminal
 * state without a lock. Every method is safe to call from many threads. Infrastructure failures
 * surface as {@link StoreException} or the underlying JDBI exception; outcomes the caller must
 * handle are return values.
 */
public interface InvestigationStore {

  /**
   * Stores a new investigation.
   *
   * @throws IllegalArgumentException when an investigation with that id already exists
   */
  void create(InvestigationRecord investigation);

  /**
   * Stores a new investigation started by the API key named {@code startedBy} (null: nobody), in
   * the same write, as {@link #create(InvestigationRecord)} then {@link #setStartedBy} would.
   *
   * @throws IllegalArgumentException when an investigation with that id already exists
   */
  void create(InvestigationRecord investigation, String startedBy);

  /**
   * Stores a new investigation as {@link #create(InvestigationRecord, String)} does and, in the
   * same transaction, the caller's {@code key} naming it; unless that caller's key is already held,
   * by a submit stored at or after {@code notBefore}: then nothing is stored and the holder is
   * returned. A key stored before {@code notBefore} is dropped in the same transaction. Two submits
   * racing under one key store one investigation: the other returns it.
   *
   * @return empty when {@code investigation} was stored; else what holds the key
   */
  Optional<KeyedInvestigation> createUnlessKeyed(
      InvestigationRecord investigation, String startedBy, SubmitKey key, Instant notBefore);

  /** Drops the submit keys stored before {@code before}; returns how many. */
  int dropSubmitKeys(Instant before);

  /** The investigation with that id, if there is one. */
  Optional<InvestigationRecord> find(String id);

  /** One page of the investigations that match the query, newest first, with the total count. */
  Page list(ListQuery query);

  /** How many investigations are in each status; every status is present, zero when none. */
  Map<InvestigationStatus, Long> countByStatus();

  /**
   * Moves a pending investigation to {@link InvestigationStatus#RUNNING}.
   *
   * @param jobName the Kubernetes Job that runs it, or null for the local runner
   * @return true if it was pending and is now running; false if it does not exist or had already
   *     left {@code PENDING} (another runner took it, or it was cancelled first)
   */
  boolean markRunning(String id, String runner, String jobName, Instant startedAt);

  /**
   * Moves an investigation from one status to another, if it is still in the first: how a run parks
   * for an approval ({@code RUNNING → WAITING_FOR_APPROVAL}) and is queued to resume ({@code
   * WAITING_FOR_APPROVAL → PENDING}).
   *
   * @return whether it was in {@code from} and is now in {@code to}
   */
  boolean moveStatus(String id, InvestigationStatus from, InvestigationStatus to);

  /**
   * Takes an ended investigation back to {@code PENDING} for a follow-up question, and appends the
   * question to its log, in one transaction: two questions racing cannot both reopen it.
   *
   * @return the stored question, or empty when the investigation does not exist or has not ended
   */
  Optional<RecordedEvent> reopen(String id, Instant at, AgentEvent.FollowUpAsked question);

  /**
   * Ends an investigation. The first terminal state wins: once an investigation has ended, later
   * calls change nothing.
   *
   * @param terminalStatus {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
   * @param report the final report, or null
   * @param failureReason why it failed or was cancelled, or null
   * @return true if this call ended it; false if it does not exist or had already ended
   * @throws IllegalArgumentException when {@code terminalStatus} is not terminal
   */
  boolean finish(
      String id,
      InvestigationStatus terminalStatus,
      String report,
      String failureReason,
      Instant finishedAt);

  /**
   * Records how far an investigation has got: turns taken and tokens spent, both as running totals
   * that replace the previous ones.
   *
   * @param model the model answering it, or null to keep the one already stored
   */
  void updateProgress(String id, int turns, Usage usage, String model);

  /**
   * The investigations in any of these statuses, oldest first: what a restarted server must pick up
   * again, in the order they were asked.
   */
  List<InvestigationRecord> findByStatus(InvestigationStatus... statuses);

  /**
   * Appends one event to an investigation's log under the next sequence number, which the store
   * assigns in the transaction that stores the event, so concurrent appenders get one dense
   * sequence.
   *
   * @param deliveryKey what identifies the event at its sender (an agent's run id and its local
   *     number), so that a resent event is recognised; null for events that are never resent
   * @return appended with its number; a duplicate when the key is stored with the same event; a
   *     conflict when the key is stored with a different one (nothing is overwritten or dropped
   *     silently); or an unknown investigation
   */
  AppendResult appendEvent(String id, String deliveryKey, Instant at, AgentEvent event);

  /**
   * The investigation's events with a sequence number above {@code afterSeq}, in order; {@code 0}
   * for all of them. Empty for an unknown investigation.
   */
  List<RecordedEvent> events(String id, long afterSeq);

  /** The highest stored sequence number of the investigation's events; 0 when it has none. */
  long lastSeq(String id);

  /** Stores a call held for approval; storing the same call again changes nothing. */
  void requestApproval(Approval approval);

  /** The investigation's approvals, oldest first. */
  List<Approval> approvals(String id);

  /**
   * Decides a waiting approval; the first decision wins.
   *
   * @param status anything but {@code WAITING}
   * @return the decided approval, or empty when it does not exist or was no longer waiting
   */
  Optional<Approval> decideApproval(
      String id,
      String callId,
      Approval.Status status,
      String decidedBy,
      String reason,
      Instant decidedAt);

  /** The approvals still waiting whose deadline has passed, oldest first. */
  List<Approval> expiredApprovals(Instant now);

  /**
   * Keeps the SHA-256 (hex) of the token an agent uses to deliver this investigation's events,
   * unless the investigation has ended (or does not exist).
   *
   * @return whether it was kept: false when the investigation had already ended
   */
  boolean setEventTokenHash(String id, String sha256Hex);

  /**
   * {@link #setEventTokenHash} for several investigations in one commit (the starters of a claim
   * round each keep one, at about the same time).
   *
   * @param hashes investigation id → SHA-256 (hex)
   * @return the ids whose hash was not kept: they had ended
   */
  default Set<String> setEventTokenHashes(Map<String, String> hashes) {
    Set<String> ended = new java.util.HashSet<>();
    hashes.forEach(
        (id, hash) -> {
          if (!setEventTokenHash(id, hash)) {
            ended.add(id);
          }
        });
    return ended;
  }

  /** The SHA-256 (hex) of the investigation's event token, when it has one. */
  Optional<String> eventTokenHash(String id);

  /**
   * Who started an investigation and who cancelled it, as the names of their API keys; null where
   * nobody did (or it was started before the store kept it).
   */
  record People(String startedBy, String cancelledBy) {}

  /** Keeps the name of the API key that started the investigation. */
  void setStartedBy(String id, String keyName);

  /** Keeps the name of the API key that cancelled it; the first cancel wins. */
  void setCancelledBy(String id, String keyName);

  /** Who started and cancelled it; both null when the investigation does not exist. */
  People people(String id);

  /**
   * Claims pending investigations, oldest first, for the slots that are free under a cap that holds
   * across every replica sharing the database: counting what runs and claiming is one transaction,
   * and claims from all replicas queue on one lock row. Rows another transaction holds are skipped
   * ({@code FOR UPDATE SKIP LOCKED}), not waited for. Each claimed one is marked running under the
   * lease.
   *
   * @param maxRunning how many investigations may run at once, in all replicas together
   * @param jobName the Job name for an investigation, given its id and its last event's number
   * @return the claimed investigations, as they are now stored
   */
  default List<InvestigationRecord> claimPending(
      int maxRunning,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName) {
    return claimPending(maxRunning, Integer.MAX_VALUE, runner, lease, startedAt, jobName);
  }

  /**
   * As {@link #claimPending(int, String, Lease, Instant, BiFunction)}, claiming at most {@code
   * atMost} (what the caller can start now), so a long queue is never read whole. A claimed
   * investigation's event token is cleared: its run's token is issued once its start is done.
   */
  List<InvestigationRecord> claimPending(
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName);

  /** A new investigation to store, and the name of the API key that started it (null: none). */
  record NewInvestigation(InvestigationRecord investigation, String startedBy) {}

  /**
   * Stores new investigations and then claims pending ones as {@link #claimPending(int, int,
   * String, Lease, Instant, BiFunction)} does, in one transaction: the new ones are durable, and
   * those claimed are running under the lease, at the same commit, or none of it is stored. The
   * claim sees the new rows (oldest first, so they come after the ones already waiting); with
   * {@code atMost} 0 nothing is claimed and the lock row is not taken.
   *
   * @throws IllegalArgumentException when one of them already exists (then none is stored)
   */
  List<InvestigationRecord> createAndClaimPending(
      List<NewInvestigation> created,
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName);

  /**
   * What {@link #keepTokensCreateAndClaim} did: the investigations claimed, and the ids whose event
   * token hash was not kept (they had ended).
   */
  record Round(List<InvestigationRecord> claimed, Set<String> tokensNotKept) {}

  /**
   * Keeps event token hashes as {@link #setEventTokenHashes} does, then stores and claims as {@link
   * #createAndClaimPending} does, all in one transaction: a claim round that also carries the token
   * hashes of the runs its earlier rounds started saves their commit. The hashes are of runs
   * already claimed (running), so they never touch the rows this claim takes. All of it is
   * committed, or none.
   *
   * @param tokenHashes investigation id → SHA-256 (hex), may be empty
   * @throws IllegalArgumentException when one of the new investigations already exists (then
   *     nothing is stored, no hash kept)
   */
  Round keepTokensCreateAndClaim(
      Map<String, String> tokenHashes,
      List<NewInvestigation> created,
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName);

  /**
   * Extends every lease the owner holds on a running or waiting investigation, by writing the
   * owner's heartbeat: one row however many it holds, and no investigation's row written or locked.
   * A lease runs until the later of the expiry it was claimed or taken over with and its owner's
   * last heartbeat.
   */
  void renewLeases(Lease lease);

  /**
   * Takes over running or waiting investigations whose lease has expired (or that have none),
   * oldest first; rows another replica is taking over at the same moment are skipped, so each is
   * taken by one replica.
   *
   * <p>Every owner of a running row has a heartbeat row (a claim or takeover writes it when it is
   * missing), so while no other replica's heartbeat has run out and every running row has an owner,
   * this reads and locks no investigation (issue 14).
   *
   * @param anyOtherOwner take every lease not held by this owner, expired or not: what a server
   *     does at start on a database only one process can open
   */
  List<Lease.Expired> claimExpiredLeases(
      Lease lease, Instant now, boolean anyOtherOwner, int limit);

  /** Stores a timer; a timer of the same kind already set for the investigation is kept. */
  void scheduleTimer(Timer timer);

  /**
   * Removes and returns the timers due by {@code now}, earliest first. A timer is returned to one
   * caller only, however many replicas ask at once.
   */
  List<Timer> claimDueTimers(Instant now, int limit);

  /** The running investigations this owner holds that someone asked to cancel. */
  List<String> cancelRequested(String owner);
}
