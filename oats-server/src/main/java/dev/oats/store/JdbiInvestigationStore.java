package dev.oats.store;

import static dev.oats.store.SqlTime.instant;
import static dev.oats.store.SqlTime.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The {@link InvestigationStore} over JDBC with JDBI, in SQL that H2 and PostgreSQL both run (the
 * schema is {@code db/migration}). Each call is one short statement on a pooled connection in
 * auto-commit, or one short transaction where two statements must agree (an append takes its number
 * and stores the event; a follow-up reopens and appends), so nothing is held between calls.
 */
public final class JdbiInvestigationStore implements InvestigationStore {

  /** Unique violation, the same code in PostgreSQL and H2. */
  private static final String UNIQUE_VIOLATION = "23505";

  /** A missing parent row: the standard code (PostgreSQL) and H2's own "parent missing". */
  private static final Set<String> FOREIGN_KEY_VIOLATION = Set.of("23503", "23506");

  private static final String COLUMNS =
      """
      id, goal, target_namespace, status, runner, job_name, created_at, started_at, finished_at,
      turns, max_turns, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
      model, report, failure_reason""";

  private static final String NOT_TERMINAL =
      "status IN ('PENDING', 'RUNNING', 'WAITING_FOR_APPROVAL')";

  private static final String TERMINAL = "status IN ('SUCCEEDED', 'FAILED', 'CANCELLED')";

  private static final String APPROVAL_COLUMNS =
      """
      investigation_id, call_id, run_no, tool, arguments_json, side_effect, reason, requested_at,
      deadline, status, decided_by, decided_at, decision_reason""";

  private final Jdbi jdbi;

  /** Whether each append also announces itself ({@code NOTIFY}) to the other replicas. */
  private final boolean notifies;

  public JdbiInvestigationStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
    this.notifies = EventNotifications.supportedBy(jdbi);
  }

  @Override
  public void create(InvestigationRecord inv) {
    create(inv, null);
  }

  @Override
  public void create(InvestigationRecord inv, String startedBy) {
    try {
      jdbi.useTransaction(h -> insert(h, inv, startedBy));
    } catch (UnableToExecuteStatementException e) {
      if (UNIQUE_VIOLATION.equals(sqlState(e))) {
        throw new IllegalArgumentException("investigation " + inv.id() + " already exists", e);
      }
      throw e;
    }
  }

  @Override
  public Optional<KeyedInvestigation> createUnlessKeyed(
      InvestigationRecord inv, String startedBy, SubmitKey key, Instant notBefore) {
    // Two tries: a submit racing this one under the same key may store it between the look and
    // the insert; the loser's insert fails on the key, rolls its investigation back with it, and
    // the second try's look finds the winner's.
    for (int attempt = 0; ; attempt++) {
      try {
        return jdbi.inTransaction(
            h -> {
              // This key's row only: a delete of every expired row here would have concurrent
              // submits lock the same rows in their own orders.
              h.createUpdate(
                      """
                      DELETE FROM submit_keys
                      WHERE caller = :caller AND idempotency_key = :key AND created_at < :notBefore""")
                  .bind("caller", key.caller())
                  .bind("key", key.key())
                  .bind("notBefore", timestamp(notBefore))
                  .execute();
              Optional<KeyedInvestigation> held = keyed(h, key);
              if (held.isPresent()) {
                return held;
              }
              insert(h, inv, startedBy);
              h.createUpdate(
                      """
                      INSERT INTO submit_keys (caller, idempotency_key, request_digest,
                        investigation_id, created_at)
                      VALUES (:caller, :key, :digest, :id, :createdAt)""")
                  .bind("caller", key.caller())
                  .bind("key", key.key())
                  .bind("digest", key.requestDigest())
                  .bind("id", inv.id())
                  .bind("createdAt", timestamp(inv.createdAt()))
                  .execute();
              return Optional.<KeyedInvestigation>empty();
            });
      } catch (UnableToExecuteStatementException e) {
        if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
          throw e;
        }
        if (attempt > 0) {
          throw new IllegalArgumentException("investigation " + inv.id() + " already exists", e);
        }
      }
    }
  }

  @Override
  public int dropSubmitKeys(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM submit_keys WHERE created_at < :before")
                .bind("before", timestamp(before))
                .execute());
  }

  private static Optional<KeyedInvestigation> keyed(Handle h, SubmitKey key) {
    return h.createQuery(
            """
            SELECT investigation_id, request_digest FROM submit_keys
            WHERE caller = :caller AND idempotency_key = :key""")
        .bind("caller", key.caller())
        .bind("key", key.key())
        .map((rs, ctx) -> new KeyedInvestigation(rs.getString(1), rs.getString(2)))
        .findOne();
  }

  /** Inserts the investigation's row, in the caller's transaction. */
  private static void insert(Handle h, InvestigationRecord inv, String startedBy) {
    // One transaction: the raised bound and the running row are seen together (a claim's lock on
    // the bound waits for both), or the claim could count before the row and set the bound one
    // low.
    if (inv.status() == InvestigationStatus.RUNNING) {
      raiseRunningBound(h);
    }
    h.createUpdate(INSERT)
        .bind("id", inv.id())
        .bind("goal", inv.goal())
        .bind("namespace", inv.targetNamespace())
        .bind("status", inv.status().name())
        .bind("runner", inv.runner())
        .bind("jobName", inv.jobName())
        .bind("createdAt", timestamp(inv.createdAt()))
        .bind("startedAt", timestamp(inv.startedAt()))
        .bind("finishedAt", timestamp(inv.finishedAt()))
        .bind("turns", inv.turns())
        .bind("maxTurns", inv.maxTurns())
        .bind("input", inv.usage().inputTokens())
        .bind("output", inv.usage().outputTokens())
        .bind("cacheRead", inv.usage().cacheReadTokens())
        .bind("cacheWrite", inv.usage().cacheWriteTokens())
        .bind("model", inv.model())
        .bind("report", inv.report())
        .bind("failureReason", inv.failureReason())
        .bind("startedBy", startedBy)
        .execute();
  }

  private static final String INSERT =
      """
      INSERT INTO investigations (%s, started_by) VALUES (
        :id, :goal, :namespace, :status, :runner, :jobName, :createdAt, :startedAt,
        :finishedAt, :turns, :maxTurns, :input, :output, :cacheRead, :cacheWrite,
        :model, :report, :failureReason, :startedBy)"""
          .formatted(COLUMNS);

  @Override
  public Optional<InvestigationRecord> find(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM investigations WHERE id = :id")
                .bind("id", id)
                .map(JdbiInvestigationStore::toRecord)
                .findOne());
  }

  @Override
  public Page list(ListQuery query) {
    Filter filter = Filter.of(query);
    String page =
        "SELECT %s FROM investigations%s ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset"
            .formatted(COLUMNS, filter.where());
    // One snapshot for the page and the count, so "showing 1-50 of N" agrees with itself.
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          List<InvestigationRecord> items =
              h.createQuery(page)
                  .bindMap(filter.params())
                  .bind("limit", query.limit())
                  .bind("offset", query.offset())
                  .map(JdbiInvestigationStore::toRecord)
                  .list();
          long total =
              h.createQuery("SELECT COUNT(*) FROM investigations" + filter.where())
                  .bindMap(filter.params())
                  .mapTo(Long.class)
                  .one();
          return new Page(items, total);
        });
  }

  @Override
  public Map<InvestigationStatus, Long> countByStatus() {
    Map<InvestigationStatus, Long> counts = new EnumMap<>(InvestigationStatus.class);
    for (InvestigationStatus status : InvestigationStatus.values()) {
      counts.put(status, 0L);
    }
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT status, COUNT(*) AS n FROM investigations GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(InvestigationStatus.valueOf(e.getKey()), e.getValue())));
    return counts;
  }

  @Override
  public boolean markRunning(String id, String runner, String jobName, Instant startedAt) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(startedAt, "startedAt");
    String sql =
        "UPDATE investigations SET status = 'RUNNING', runner = :runner, job_name = :jobName,"
            + " started_at = COALESCE(started_at, :startedAt) WHERE id = :id AND status = 'PENDING'";
    return jdbi.inTransaction(
            h -> {
              raiseRunningBound(h);
              return h.createUpdate(sql)
                  .bind("id", id)
                  .bind("runner", runner)
                  .bind("jobName", jobName)
                  .bind("startedAt", timestamp(startedAt))
                  .execute();
            })
        == 1;
  }

  @Override
  public boolean finish(
      String id,
      InvestigationStatus terminalStatus,
      String report,
      String failureReason,
      Instant finishedAt) {
    if (!terminalStatus.isTerminal()) {
      throw new IllegalArgumentException(terminalStatus + " is not a terminal status");
    }
    Objects.requireNonNull(finishedAt, "finishedAt");
    String sql =
        "UPDATE investigations SET status = :status, report = :report,"
            + " failure_reason = :failureReason, finished_at = :finishedAt"
            + " WHERE id = :id AND "
            + NOT_TERMINAL;
    return jdbi.inTransaction(
        h -> {
          int ended =
              h.createUpdate(sql)
                  .bind("id", id)
                  .bind("status", terminalStatus.name())
                  .bind("report", report)
                  .bind("failureReason", failureReason)
                  .bind("finishedAt", timestamp(finishedAt))
                  .execute();
          if (ended == 1) {
            // A cancel's grace timer ends with the investigation: left, it would cancel the run
            // of a follow-up question asked before it was due.
            h.createUpdate("DELETE FROM timers WHERE investigation_id = :id")
                .bind("id", id)
                .execute();
          }
          return ended == 1;
        });
  }

  @Override
  public void updateProgress(String id, int turns, Usage usage, String model) {
    String sql =
        "UPDATE investigations SET turns = :turns, input_tokens = :input,"
            + " output_tokens = :output, cache_read_tokens = :cacheRead,"
            + " cache_write_tokens = :cacheWrite, model = COALESCE(:model, model) WHERE id = :id";
    jdbi.useHandle(
        h ->
            h.createUpdate(sql)
                .bind("id", id)
                .bind("turns", turns)
                .bind("input", usage.inputTokens())
                .bind("output", usage.outputTokens())
                .bind("cacheRead", usage.cacheReadTokens())
                .bind("cacheWrite", usage.cacheWriteTokens())
                .bind("model", model)
                .execute());
  }

  @Override
  public List<InvestigationRecord> findByStatus(InvestigationStatus... statuses) {
    if (statuses.length == 0) {
      return List.of();
    }
    Filter filter = Filter.ofStatuses(List.of(statuses));
    String sql =
        "SELECT %s FROM investigations%s ORDER BY created_at, id"
            .formatted(COLUMNS, filter.where());
    return jdbi.withHandle(
        h ->
            h.createQuery(sql)
                .bindMap(filter.params())
                .map(JdbiInvestigationStore::toRecord)
                .list());
  }

  // H2 opened with WRITE_DELAY=0 (as Database opens it, for durability) was seen to give two
  // concurrent appends the same number despite the row lock on the counter. Appends to one
  // investigation from this JVM therefore also queue on a lock of their own; replicas sharing a
  // PostgreSQL database still order theirs by the row lock.
  private final ReentrantLock[] appendLocks = new ReentrantLock[64];

  {
    Arrays.setAll(appendLocks, i -> new ReentrantLock());
  }

  private <T> T queued(String id, Supplier<T> append) {
    ReentrantLock lock = appendLocks[Math.floorMod(id.hashCode(), appendLocks.length)];
    lock.lock();
    try {
      return append.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public AppendResult appendEvent(String id, String deliveryKey, Instant at, AgentEvent event) {
    try {
      return queued(id, () -> jdbi.inTransaction(h -> append(h, id, deliveryKey, at, event)));
    } catch (AlreadyStored stored) {
      return stored.result;
    } catch (UnableToExecuteStatementException e) {
      // A concurrent append of the same key committed between our check and our insert.
      if (deliveryKey != null && UNIQUE_VIOLATION.equals(sqlState(e))) {
        return jdbi.withHandle(h -> existing(h, id, deliveryKey, event)).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /**
   * Takes the next number by incrementing the investigation's counter, which also locks its row
   * until the transaction ends: appends to one investigation queue there, in any database and from
   * any replica, and each gets the next number.
   */
  private AppendResult append(
      Handle h, String id, String deliveryKey, Instant at, AgentEvent event) {
    int updated =
        h.createUpdate("UPDATE investigations SET last_seq = last_seq + 1 WHERE id = :id")
            .bind("id", id)
            .execute();
    if (updated == 0) {
      return new AppendResult.UnknownInvestigation();
    }
    if (deliveryKey != null) {
      Optional<AppendResult> stored = existing(h, id, deliveryKey, event);
      if (stored.isPresent()) {
        // Rolls the counter back: nothing was appended.
        throw new AlreadyStored(stored.get());
      }
    }
    if (event.isTerminal()) {
      Optional<RecordedEvent> ended = runEnd(h, id);
      if (ended.isPresent()) {
        throw new AlreadyStored(new AppendResult.AlreadyEnded(ended.get()));
      }
    }
    long seq =
        h.createQuery("SELECT last_seq FROM investigations WHERE id = :id")
            .bind("id", id)
            .mapTo(Long.class)
            .one();
    RecordedEvent recorded = new RecordedEvent(seq, at.truncatedTo(ChronoUnit.MICROS), event);
    String json = EventJson.write(recorded);
    h.createUpdate(
            "INSERT INTO investigation_events (investigation_id, seq, event_type, emitted_at,"
                + " event_json, delivery_key) VALUES (:id, :seq, :type, :at, :json, :key)")
        .bind("id", id)
        .bind("seq", seq)
        .bind("type", eventType(json))
        .bind("at", timestamp(recorded.at()))
        .bind("json", json)
        .bind("key", deliveryKey)
        .execute();
    if (notifies) {
      EventNotifications.announce(h, id, seq);
    }
    return new AppendResult.Appended(recorded);
  }

  /**
   * The terminal event of the investigation's current run, if it has one: a terminal event after
   * the last follow-up question (a run resumed after an approval continues the same run).
   */
  private static Optional<RecordedEvent> runEnd(Handle h, String id) {
    return h.createQuery(
            "SELECT seq, event_json FROM investigation_events WHERE investigation_id = :id"
                + " AND event_type IN ('finished', 'failed') AND seq > (SELECT COALESCE(MAX(seq), 0)"
                + " FROM investigation_events WHERE investigation_id = :id"
                + " AND event_type = 'follow_up_asked') ORDER BY seq LIMIT 1")
        .bind("id", id)
        .map((rs, ctx) -> readEvent(id, rs.getLong("seq"), rs.getString("event_json")))
        .findOne();
  }

  /** The event stored under this key, as a duplicate of this one or a conflict with it. */
  private static Optional<AppendResult> existing(
      Handle h, String id, String deliveryKey, AgentEvent event) {
    return h.createQuery(
            "SELECT seq, event_json FROM investigation_events"
                + " WHERE investigation_id = :id AND delivery_key = :key")
        .bind("id", id)
        .bind("key", deliveryKey)
        .map((rs, ctx) -> readEvent(id, rs.getLong("seq"), rs.getString("event_json")))
        .findOne()
        .map(
            stored ->
                EventJson.MAPPER
                        .valueToTree(stored.event())
                        .equals(EventJson.MAPPER.valueToTree(event))
                    ? new AppendResult.Duplicate(stored)
                    : new AppendResult.Conflict(stored));
  }

  /** Ends an append transaction without a change, carrying what was found instead. */
  private static final class AlreadyStored extends RuntimeException {
    final transient AppendResult result;

    AlreadyStored(AppendResult result) {
      super(null, null, false, false);
      this.result = result;
    }
  }

  @Override
  public boolean moveStatus(String id, InvestigationStatus from, InvestigationStatus to) {
    return jdbi.inTransaction(
            h -> {
              if (to == InvestigationStatus.RUNNING && from != InvestigationStatus.RUNNING) {
                raiseRunningBound(h);
              }
              return h.createUpdate(
                      "UPDATE investigations SET status = :to WHERE id = :id AND status = :from")
                  .bind("id", id)
                  .bind("from", from.name())
                  .bind("to", to.name())
                  .execute();
            })
        == 1;
  }

  @Override
  public Optional<RecordedEvent> reopen(String id, Instant at, AgentEvent.FollowUpAsked question) {
    return queued(
        id,
        () ->
            jdbi.inTransaction(
                h -> {
                  int reopened =
                      h.createUpdate(
                              "UPDATE investigations SET status = 'PENDING', finished_at = NULL,"
                                  + " failure_reason = NULL WHERE id = :id AND "
                                  + TERMINAL)
                          .bind("id", id)
                          .execute();
                  if (reopened == 0) {
                    return Optional.empty();
                  }
                  return Optional.of(
                      ((AppendResult.Appended) append(h, id, null, at, question)).event());
                }));
  }

  @Override
  public void requestApproval(Approval a) {
    String sql =
        "INSERT INTO approvals (%s) VALUES (:investigationId, :callId, :run, :tool, :arguments,"
                .formatted(APPROVAL_COLUMNS)
            + " :sideEffect, :reason, :requestedAt, :deadline, :status, NULL, NULL, NULL)";
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(sql)
                  .bind("investigationId", a.investigationId())
                  .bind("callId", a.callId())
                  .bind("run", a.run())
                  .bind("tool", a.tool())
                  .bind("arguments", a.argumentsJson())
                  .bind("sideEffect", a.sideEffect())
                  .bind("reason", a.reason())
                  .bind("requestedAt", timestamp(a.requestedAt()))
                  .bind("deadline", timestamp(a.deadline()))
                  .bind("status", a.status().name())
                  .execute());
    } catch (UnableToExecuteStatementException e) {
      if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
        throw e;
      }
    }
  }

  @Override
  public List<Approval> approvals(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT %s FROM approvals WHERE investigation_id = :id ORDER BY requested_at, call_id"
                        .formatted(APPROVAL_COLUMNS))
                .bind("id", id)
                .map(JdbiInvestigationStore::toApproval)
                .list());
  }

  @Override
  public Optional<Approval> decideApproval(
      String id,
      String callId,
      Approval.Status status,
      String decidedBy,
      String reason,
      Instant decidedAt) {
    if (status == Approval.Status.WAITING) {
      throw new IllegalArgumentException("a decision cannot be WAITING");
    }
    return jdbi.inTransaction(
        h -> {
          int decided =
              h.createUpdate(
                      "UPDATE approvals SET status = :status, decided_by = :by, decided_at = :at,"
                          + " decision_reason = :reason WHERE investigation_id = :id"
                          + " AND call_id = :callId AND status = 'WAITING'")
                  .bind("id", id)
                  .bind("callId", callId)
                  .bind("status", status.name())
                  .bind("by", decidedBy)
                  .bind("at", timestamp(decidedAt))
                  .bind("reason", reason)
                  .execute();
          if (decided == 0) {
            return Optional.<Approval>empty();
          }
          return h.createQuery(
                  "SELECT %s FROM approvals WHERE investigation_id = :id AND call_id = :callId"
                      .formatted(APPROVAL_COLUMNS))
              .bind("id", id)
              .bind("callId", callId)
              .map(JdbiInvestigationStore::toApproval)
              .findOne();
        });
  }

  @Override
  public List<Approval> expiredApprovals(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT %s FROM approvals WHERE status = 'WAITING' AND deadline < :now"
                            .formatted(APPROVAL_COLUMNS)
                        + " ORDER BY deadline, investigation_id, call_id")
                .bind("now", timestamp(now))
                .map(JdbiInvestigationStore::toApproval)
                .list());
  }

  private static Approval toApproval(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Approval(
        rs.getString("investigation_id"),
        rs.getString("call_id"),
        rs.getInt("run_no"),
        rs.getString("tool"),
        rs.getString("arguments_json"),
        rs.getString("side_effect"),
        rs.getString("reason"),
        instant(rs, "requested_at"),
        instant(rs, "deadline"),
        Approval.Status.valueOf(rs.getString("status")),
        rs.getString("decided_by"),
        instant(rs, "decided_at"),
        rs.getString("decision_reason"));
  }

  @Override
  public List<RecordedEvent> events(String id, long afterSeq) {
    String sql =
        "SELECT seq, event_json FROM investigation_events"
            + " WHERE investigation_id = :id AND seq > :after ORDER BY seq";
    return jdbi.withHandle(
        h ->
            h.createQuery(sql)
                .bind("id", id)
                .bind("after", afterSeq)
                .map((rs, ctx) -> readEvent(id, rs.getLong("seq"), rs.getString("event_json")))
                .list());
  }

  @Override
  public long lastSeq(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(MAX(seq), 0) FROM investigation_events"
                        + " WHERE investigation_id = :id")
                .bind("id", id)
                .mapTo(Long.class)
                .one());
  }

  private static InvestigationRecord toRecord(ResultSet rs, StatementContext ctx)
      throws SQLException {
    return new InvestigationRecord(
        rs.getString("id"),
        rs.getString("goal"),
        rs.getString("target_namespace"),
        InvestigationStatus.valueOf(rs.getString("status")),
        rs.getString("runner"),
        rs.getString("job_name"),
        instant(rs, "created_at"),
        instant(rs, "started_at"),
        instant(rs, "finished_at"),
        rs.getInt("turns"),
        rs.getInt("max_turns"),
        new Usage(
            rs.getLong("input_tokens"),
            rs.getLong("output_tokens"),
            rs.getLong("cache_read_tokens"),
            rs.getLong("cache_write_tokens")),
        rs.getString("model"),
        rs.getString("report"),
        rs.getString("failure_reason"));
  }

  /** The event's {@code type} as written in its JSON, so the column and the log always agree. */
  private static String eventType(String json) {
    try {
      return EventJson.MAPPER.readTree(json).path("event").path("type").asText();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("EventJson wrote JSON it cannot read: " + json, e);
    }
  }

  private static RecordedEvent readEvent(String id, long seq, String json) {
    try {
      return EventJson.readRecorded(json);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "event %d of investigation %s cannot be read: %s".formatted(seq, id, e.getMessage()), e);
    }
  }

  private static String sqlState(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  /** A WHERE clause and its named parameters, built from only the filters a query sets. */
  private record Filter(String where, Map<String, Object> params) {

    static Filter of(ListQuery query) {
      StringJoiner conditions = new StringJoiner(" AND ");
      Map<String, Object> params = new LinkedHashMap<>();
      addStatuses(query.statuses(), conditions, params);
      if (query.namespace() != null) {
        conditions.add("target_namespace = :namespace");
        params.put("namespace", query.namespace());
      }
      if (query.namespacePrefix() != null) {
        conditions.add("target_namespace LIKE :namespacePattern ESCAPE '\\'");
        params.put("namespacePattern", escapeLike(query.namespacePrefix()) + "%");
      }
      if (query.goalContains() != null) {
        conditions.add("LOWER(goal) LIKE :goalPattern ESCAPE '\\'");
        params.put(
            "goalPattern", "%" + escapeLike(query.goalContains().toLowerCase(Locale.ROOT)) + "%");
      }
      return new Filter(conditions.length() == 0 ? "" : " WHERE " + conditions, params);
    }

    static Filter ofStatuses(Collection<InvestigationStatus> statuses) {
      StringJoiner conditions = new StringJoiner(" AND ");
      Map<String, Object> params = new LinkedHashMap<>();
      addStatuses(statuses, conditions, params);
      return new Filter(" WHERE " + conditions, params);
    }

    private static void addStatuses(
        Collection<InvestigationStatus> statuses,
        StringJoiner conditions,
        Map<String, Object> params) {
      if (statuses.isEmpty()) {
        return;
      }
      List<String> names = new ArrayList<>();
      for (InvestigationStatus status : statuses) {
        String name = "status" + names.size();
        names.add(":" + name);
        params.put(name, status.name());
      }
      conditions.add("status IN (" + String.join(", ", names) + ")");
    }

    /** Makes {@code %}, {@code _} and the escape character itself match literally. */
    private static String escapeLike(String text) {
      return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
  }

  @Override
  public boolean setEventTokenHash(String id, String sha256Hex) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE investigations SET event_token_sha256 = :hash WHERE id = :id AND "
                            + NOT_TERMINAL)
                    .bind("id", id)
                    .bind("hash", sha256Hex)
                    .execute())
        == 1;
  }

  @Override
  public Set<String> setEventTokenHashes(Map<String, String> hashes) {
    if (hashes.size() == 1) {
      Map.Entry<String, String> only = hashes.entrySet().iterator().next();
      return setEventTokenHash(only.getKey(), only.getValue()) ? Set.of() : Set.of(only.getKey());
    }
    return jdbi.inTransaction(h -> keepTokenHashes(h, hashes));
  }

  /** The token hashes' UPDATEs of {@link #setEventTokenHashes}, in {@code h}: the ids not kept. */
  private static Set<String> keepTokenHashes(Handle h, Map<String, String> hashes) {
    if (hashes.isEmpty()) {
      return Set.of();
    }
    List<String> ids = new ArrayList<>(hashes.keySet());
    PreparedBatch batch =
        h.prepareBatch(
            "UPDATE investigations SET event_token_sha256 = :hash WHERE id = :id AND "
                + NOT_TERMINAL);
    for (String id : ids) {
      batch.bind("id", id).bind("hash", hashes.get(id)).add();
    }
    int[] kept = batch.execute();
    Set<String> ended = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      if (kept[i] != 1) {
        ended.add(ids.get(i));
      }
    }
    return ended;
  }

  @Override
  public Optional<String> eventTokenHash(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT event_token_sha256 FROM investigations WHERE id = :id")
                .bind("id", id)
                .mapTo(String.class)
                .findOne());
  }

  @Override
  public void setStartedBy(String id, String keyName) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE investigations SET started_by = :name WHERE id = :id")
                .bind("id", id)
                .bind("name", keyName)
                .execute());
  }

  @Override
  public void setCancelledBy(String id, String keyName) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE investigations SET cancelled_by = :name"
                        + " WHERE id = :id AND cancelled_by IS NULL")
                .bind("id", id)
                .bind("name", keyName)
                .execute());
  }

  @Override
  public People people(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT started_by, cancelled_by FROM investigations WHERE id = :id")
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        new People(rs.getString("started_by"), rs.getString("cancelled_by")))
                .findOne()
                .orElse(new People(null, null)));
  }

  @Override
  public List<InvestigationRecord> claimPending(
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(startedAt, "startedAt");
    return jdbi.inTransaction(h -> claim(h, maxRunning, atMost, runner, lease, startedAt, jobName));
  }

  @Override
  public List<InvestigationRecord> createAndClaimPending(
      List<NewInvestigation> created,
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName) {
    return keepTokensCreateAndClaim(
            Map.of(), created, maxRunning, atMost, runner, lease, startedAt, jobName)
        .claimed();
  }

  @Override
  public Round keepTokensCreateAndClaim(
      Map<String, String> tokenHashes,
      List<NewInvestigation> created,
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(startedAt, "startedAt");
    try {
      return jdbi.inTransaction(
          h -> {
            // First: these rows are running already, the claim below takes pending ones only.
            Set<String> notKept = keepTokenHashes(h, tokenHashes);
            // One INSERT each (not a batch): each shows as a jdbi.statement event of its own.
            for (NewInvestigation n : created) {
              insert(h, n.investigation(), n.startedBy());
            }
            return new Round(
                atMost > 0
                    ? claim(h, maxRunning, atMost, runner, lease, startedAt, jobName)
                    : List.<InvestigationRecord>of(),
                notKept);
          });
    } catch (UnableToExecuteStatementException e) {
      if (UNIQUE_VIOLATION.equals(sqlState(e))) {
        throw new IllegalArgumentException(
            "one of investigations "
                + created.stream().map(n -> n.investigation().id()).toList()
                + " already exists; none was stored",
            e);
      }
      throw e;
    }
  }

  /**
   * The claim of {@link #claimPending(int, int, String, Lease, Instant, BiFunction)}, in {@code h}.
   */
  private static List<InvestigationRecord> claim(
      Handle h,
      int maxRunning,
      int atMost,
      String runner,
      Lease lease,
      Instant startedAt,
      BiFunction<String, Long, String> jobName) {
    // Every replica's claim queues here, so the count below cannot go stale before the
    // claims it allows are made. The row's bound is never below the running count (see
    // V10): while it leaves room for all that is asked, the rows need not be counted.
    Long bound =
        h.createQuery("SELECT running_bound FROM dispatch_lock WHERE id = 1 FOR UPDATE")
            .mapTo(Long.class)
            .one();
    long running =
        bound != null && bound + atMost <= maxRunning
            ? bound
            : h.createQuery("SELECT COUNT(*) FROM investigations WHERE status = 'RUNNING'")
                .mapTo(Long.class)
                .one();
    long free = Math.min(maxRunning - running, atMost);
    List<InvestigationRecord> claimed = new ArrayList<>();
    if (free > 0) {
      List<Map.Entry<InvestigationRecord, Long>> next =
          h.createQuery(
                  "SELECT "
                      + COLUMNS
                      + ", last_seq FROM investigations WHERE status = 'PENDING'"
                      + " ORDER BY created_at, id LIMIT :free FOR UPDATE SKIP LOCKED")
              .bind("free", free)
              .map((rs, ctx) -> Map.entry(toRecord(rs, ctx), rs.getLong("last_seq")))
              .list();
      Instant started = startedAt.truncatedTo(ChronoUnit.MICROS);
      if (!next.isEmpty()) {
        // One batch of the same UPDATE for the rows taken, each counted on its own.
        PreparedBatch claim =
            h.prepareBatch(
                "UPDATE investigations SET status = 'RUNNING', runner = :runner,"
                    + " job_name = :jobName, started_at = COALESCE(started_at, :startedAt),"
                    + " lease_owner = :owner, lease_expires_at = :until,"
                    + " event_token_sha256 = NULL"
                    + " WHERE id = :id AND status = 'PENDING'");
        List<String> names = new ArrayList<>();
        for (Map.Entry<InvestigationRecord, Long> pending : next) {
          String name = jobName.apply(pending.getKey().id(), pending.getValue());
          names.add(name);
          claim
              .bind("id", pending.getKey().id())
              .bind("runner", runner)
              .bind("jobName", name)
              .bind("startedAt", timestamp(startedAt))
              .bind("owner", lease.owner())
              .bind("until", timestamp(lease.expiresAt()))
              .add();
        }
        int[] updated = claim.execute();
        for (int i = 0; i < next.size(); i++) {
          if (updated[i] == 1) {
            InvestigationRecord was = next.get(i).getKey();
            // The row as the UPDATE left it, without reading it back: the row is locked.
            claimed.add(
                was.running(
                    runner, names.get(i), was.startedAt() != null ? was.startedAt() : started));
          }
        }
        if (!claimed.isEmpty()) {
          keepHeartbeatRow(h, lease);
        }
      }
    }
    h.createUpdate(
            "UPDATE dispatch_lock SET claimed_at = :now, running_bound = :bound WHERE id = 1")
        .bind("now", timestamp(startedAt))
        .bind("bound", running + claimed.size())
        .execute();
    return claimed;
  }

  /**
   * Raises the dispatch lock row's bound on the running count by one, before a move into RUNNING
   * that is not a claim (see V10): a bound above the count only costs a claim a count.
   */
  private static void raiseRunningBound(Handle h) {
    h.createUpdate(
            "UPDATE dispatch_lock SET running_bound = running_bound + 1"
                + " WHERE id = 1 AND running_bound IS NOT NULL")
        .execute();
  }

  @Override
  public void renewLeases(Lease lease) {
    // One row per replica, whatever it holds: no running row is written or locked here (V12).
    jdbi.useTransaction(
        h -> {
          int renewed =
              h.createUpdate(
                      "UPDATE replica_heartbeats SET expires_at = :until WHERE replica_id = :owner")
                  .bind("owner", lease.owner())
                  .bind("until", timestamp(lease.expiresAt()))
                  .execute();
          if (renewed == 0) {
            // Only this replica's renewal, claims and takeovers write its row, and they take turns
            // on the row or, the first time, on the key.
            h.createUpdate(
                    "INSERT INTO replica_heartbeats (replica_id, expires_at) VALUES (:owner, :until)")
                .bind("owner", lease.owner())
                .bind("until", timestamp(lease.expiresAt()))
                .execute();
          }
        });
    dropStaleHeartbeats(lease.expiresAt().minus(STALE_HEARTBEAT));
  }

  /**
   * Drops the heartbeats that ran out before {@code longAgo} of replicas that hold nothing (every
   * restart is a new replica id). Each row is locked before its replica's runs are looked for, in a
   * statement of its own: a claim or takeover by that replica holds the row's lock until it commits
   * (see {@link #keepHeartbeatRow}), so either it is skipped here, or the claim waits for the drop
   * and writes the row again. No running row is ever left with an owner that has no heartbeat row.
   */
  private void dropStaleHeartbeats(Instant longAgo) {
    jdbi.useTransaction(
        h -> {
          List<String> stale =
              h.createQuery(
                      "SELECT replica_id FROM replica_heartbeats WHERE expires_at < :longAgo"
                          + " FOR UPDATE SKIP LOCKED")
                  .bind("longAgo", timestamp(longAgo))
                  .mapTo(String.class)
                  .list();
          for (String replica : stale) {
            h.createUpdate(
                    "DELETE FROM replica_heartbeats WHERE replica_id = :replica"
                        + " AND NOT EXISTS (SELECT 1 FROM investigations i"
                        + " WHERE i.lease_owner = :replica"
                        + " AND i.status IN ('RUNNING', 'WAITING_FOR_APPROVAL'))")
                .bind("replica", replica)
                .execute();
          }
        });
  }

  /**
   * Makes sure the owner of a lease this transaction writes on running rows has a heartbeat row
   * (V13), and holds that row's lock until the transaction ends, so that it cannot be dropped
   * before the rows it covers are committed. A missing row is written with the lease the rows get:
   * the owner holds no other row then, so no lease is lengthened.
   */
  private static void keepHeartbeatRow(Handle h, Lease lease) {
    if (lockHeartbeatRow(h, lease.owner())) {
      return;
    }
    // The replica's first renewal, or another of its rounds, may be writing the row at this
    // moment: this insert then waits on the key and fails once that one commits. Without the
    // savepoint the round's whole transaction would fail with it, its submits reported as
    // already existing.
    h.savepoint(HEARTBEAT_SAVEPOINT);
    try {
      h.createUpdate(
              "INSERT INTO replica_heartbeats (replica_id, expires_at) VALUES (:owner, :until)")
          .bind("owner", lease.owner())
          .bind("until", timestamp(lease.expiresAt()))
          .execute();
      h.releaseSavepoint(HEARTBEAT_SAVEPOINT);
    } catch (UnableToExecuteStatementException e) {
      if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
        throw e;
      }
      h.rollbackToSavepoint(HEARTBEAT_SAVEPOINT);
      if (!lockHeartbeatRow(h, lease.owner())) {
        throw new IllegalStateException(
            "the heartbeat row of " + lease.owner() + " was written and is gone", e);
      }
    }
  }

  private static final String HEARTBEAT_SAVEPOINT = "heartbeat_row";

  /** Locks the owner's heartbeat row until the transaction ends; false when it has none. */
  private static boolean lockHeartbeatRow(Handle h, String owner) {
    return h.createQuery(
            "SELECT replica_id FROM replica_heartbeats WHERE replica_id = :owner FOR UPDATE")
        .bind("owner", owner)
        .mapTo(String.class)
        .findOne()
        .isPresent();
  }

  /** How long after it ran out a heartbeat whose replica holds nothing is dropped. */
  private static final Duration STALE_HEARTBEAT = Duration.ofDays(1);

  /**
   * A running row's heartbeat: when its owner's heartbeat runs out, or null when the owner has
   * none. {@code investigations} is the outer query's table.
   */
  private static final String HEARTBEAT =
      "(SELECT hb.expires_at FROM replica_heartbeats hb"
          + " WHERE hb.replica_id = investigations.lease_owner)";

  /**
   * One recovery in this many reads every expired lease past the heartbeat gate: a running row
   * whose owner has no heartbeat row is then still recovered, late rather than never. A replica of
   * the build before V13 (during a rolling upgrade) claims without writing its heartbeat row until
   * its first renewal; were it killed in between, the gate would never find its runs. At the
   * replica tick's 500 ms, once a minute.
   */
  static final int SWEEP_EVERY = 120;

  /** Recoveries behind the gate so far, counting toward the next {@link #SWEEP_EVERY}. */
  private final AtomicLong recoveries = new AtomicLong();

  @Override
  public List<Lease.Expired> claimExpiredLeases(
      Lease lease, Instant now, boolean anyOtherOwner, int limit) {
    return jdbi.inTransaction(
        h -> {
          String whose;
          List<String> stopped = List.of();
          // A lease runs until the later of the row's own expiry and its owner's heartbeat (V12).
          String expired =
              " AND (lease_expires_at IS NULL OR lease_expires_at < :now)"
                  + " AND NOT EXISTS (SELECT 1 FROM replica_heartbeats hb"
                  + " WHERE hb.replica_id = investigations.lease_owner AND hb.expires_at >= :now)";
          if (anyOtherOwner) {
            whose = " AND (lease_owner IS NULL OR lease_owner <> :owner)";
          } else if (recoveries.incrementAndGet() % SWEEP_EVERY == 0) {
            // Past the gate below: every expired lease, whoever holds it.
            whose = " AND (lease_owner IS NULL OR lease_owner <> :owner)" + expired;
          } else {
            // Every owner of a running row has a heartbeat row (V13), so a lease can only have run
            // out where a heartbeat has, or on a row with no owner: both found without reading a
            // running row, and nothing more is read while there are none (issue 14).
            stopped =
                h.createQuery(
                        "SELECT hb.replica_id FROM replica_heartbeats hb"
                            + " WHERE hb.expires_at < :now AND hb.replica_id <> :owner"
                            + " AND ("
                            + holds("hb.replica_id", "RUNNING")
                            + " OR "
                            + holds("hb.replica_id", "WAITING_FOR_APPROVAL")
                            + ")")
                    .bind("now", timestamp(now))
                    .bind("owner", lease.owner())
                    .mapTo(String.class)
                    .list();
            boolean ownerless =
                h.createQuery(
                            "SELECT CASE WHEN "
                                + holds(null, "RUNNING")
                                + " OR "
                                + holds(null, "WAITING_FOR_APPROVAL")
                                + " THEN 1 ELSE 0 END")
                        .mapTo(Integer.class)
                        .one()
                    == 1;
            if (stopped.isEmpty() && !ownerless) {
              return List.<Lease.Expired>of();
            }
            whose =
                (stopped.isEmpty()
                        ? " AND lease_owner IS NULL"
                        : " AND (lease_owner IS NULL OR lease_owner IN (<stopped>))")
                    + expired;
          }
          var query =
              h.createQuery(
                      "SELECT "
                          + COLUMNS
                          + ", lease_owner, lease_expires_at, "
                          + HEARTBEAT
                          + " AS heartbeat_expires_at FROM investigations"
                          + " WHERE status IN ('RUNNING', 'WAITING_FOR_APPROVAL')"
                          + whose
                          + " ORDER BY created_at, id LIMIT :limit FOR UPDATE SKIP LOCKED")
                  .bind("owner", lease.owner())
                  .bind("now", timestamp(now))
                  .bind("limit", limit);
          if (!stopped.isEmpty()) {
            query.bindList("stopped", stopped);
          }
          List<Lease.Expired> found =
              query
                  .map(
                      (rs, ctx) ->
                          new Lease.Expired(
                              toRecord(rs, ctx),
                              rs.getString("lease_owner"),
                              later(
                                  instant(rs, "lease_expires_at"),
                                  instant(rs, "heartbeat_expires_at"))))
                  .list();
          if (!found.isEmpty()) {
            keepHeartbeatRow(h, lease);
          }
          for (Lease.Expired taken : found) {
            h.createUpdate(
                    "UPDATE investigations SET lease_owner = :owner, lease_expires_at = :until"
                        + " WHERE id = :id")
                .bind("id", taken.investigation().id())
                .bind("owner", lease.owner())
                .bind("until", timestamp(lease.expiresAt()))
                .execute();
          }
          return found;
        });
  }

  /**
   * Whether {@code owner} (a column, or null for no owner) holds a row in {@code status}: one seek
   * in the (lease_owner, status) index, whatever the owner's history or the pending backlog.
   */
  private static String holds(String owner, String status) {
    return "EXISTS (SELECT 1 FROM investigations i WHERE i.lease_owner "
        + (owner == null ? "IS NULL" : "= " + owner)
        + " AND i.status = '"
        + status
        + "')";
  }

  /** The later of two instants, either of which may be null. */
  private static Instant later(Instant a, Instant b) {
    if (a == null) {
      return b;
    }
    return b == null || a.isAfter(b) ? a : b;
  }

  @Override
  public void scheduleTimer(Timer timer) {
    try {
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO timers (investigation_id, kind, due_at, reason)"
                          + " VALUES (:id, :kind, :due, :reason)")
                  .bind("id", timer.investigationId())
                  .bind("kind", timer.kind().name())
                  .bind("due", timestamp(timer.dueAt()))
                  .bind("reason", timer.reason())
                  .execute());
    } catch (UnableToExecuteStatementException e) {
      if (!UNIQUE_VIOLATION.equals(sqlState(e))) {
        throw e;
      }
    }
  }

  @Override
  public List<Timer> claimDueTimers(Instant now, int limit) {
    return jdbi.inTransaction(
        h -> {
          List<Timer> due =
              h.createQuery(
                      "SELECT investigation_id, kind, due_at, reason FROM timers"
                          + " WHERE due_at <= :now ORDER BY due_at, investigation_id"
                          + " LIMIT :limit FOR UPDATE SKIP LOCKED")
                  .bind("now", timestamp(now))
                  .bind("limit", limit)
                  .map(
                      (rs, ctx) ->
                          new Timer(
                              rs.getString("investigation_id"),
                              Timer.Kind.valueOf(rs.getString("kind")),
                              instant(rs, "due_at"),
                              rs.getString("reason")))
                  .list();
          List<Timer> claimed = new ArrayList<>();
          for (Timer timer : due) {
            int removed =
                h.createUpdate("DELETE FROM timers WHERE investigation_id = :id AND kind = :kind")
                    .bind("id", timer.investigationId())
                    .bind("kind", timer.kind().name())
                    .execute();
            if (removed == 1) {
              claimed.add(timer);
            }
          }
          return claimed;
        });
  }

  @Override
  public List<String> cancelRequested(String owner) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT t.investigation_id FROM timers t JOIN investigations i"
                        + " ON i.id = t.investigation_id WHERE t.kind = 'CANCEL_GRACE'"
                        + " AND i.lease_owner = :owner AND i.status = 'RUNNING'")
                .bind("owner", owner)
                .mapTo(String.class)
                .list());
  }
}
