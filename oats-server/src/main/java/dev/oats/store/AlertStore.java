package dev.oats.store;

import static dev.oats.store.SqlTime.instant;
import static dev.oats.store.SqlTime.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.oats.event.EventJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The Alertmanager alerts that started investigations (table {@code investigation_alerts}), and the
 * intake lock that makes deciding and starting one step across threads and replicas.
 */
public final class AlertStore {

  private static final String COLUMNS =
      """
      investigation_id, fingerprint, alertname, status, labels_json, annotations_json, starts_at,
      ends_at, generator_url, external_url, receiver, runbook, received_at, last_received_at,
      deliveries, resolved_at""";

  private static final TypeReference<TreeMap<String, String>> STRINGS = new TypeReference<>() {};

  private final Jdbi jdbi;

  // In this process the intake also queues here, so the database lock is only ever contended by
  // another replica (and H2 is never asked to wait on its own row lock).
  private final ReentrantLock local = new ReentrantLock(true);

  public AlertStore(Jdbi jdbi) {
    this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
  }

  /**
   * The alert kept on an investigation.
   *
   * @param status {@code firing} or {@code resolved}: the last notification's
   * @param runbook the runbook put in its first prompt, or null
   * @param receivedAt when the notification that started it arrived
   * @param deliveries how many notifications about it arrived, the first included
   * @param resolvedAt when Alertmanager said it was resolved (its {@code endsAt}), or null
   */
  public record StoredAlert(
      String investigationId,
      String fingerprint,
      String alertname,
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      Instant startsAt,
      Instant endsAt,
      String generatorUrl,
      String externalUrl,
      String receiver,
      String runbook,
      Instant receivedAt,
      Instant lastReceivedAt,
      int deliveries,
      Instant resolvedAt) {}

  /**
   * Runs {@code work} holding the intake lock: a row lock ({@code SELECT ... FOR UPDATE}) held in
   * an open transaction until it returns, plus a lock in this process. {@code work} uses its own
   * connections; nothing else ever takes this lock.
   */
  public <T> T underIntakeLock(Instant now, Supplier<T> work) {
    local.lock();
    // A handle of its own, not Jdbi.inTransaction: inside that callback every Jdbi call of this
    // thread would join the locking transaction, and the investigation it creates would stay
    // invisible to the agent's thread until the intake ends.
    try (Handle h = jdbi.open()) {
      h.begin();
      try {
        h.createQuery("SELECT id FROM alert_intake_lock WHERE id = 1 FOR UPDATE")
            .mapTo(Integer.class)
            .one();
        h.createUpdate("UPDATE alert_intake_lock SET locked_at = :now WHERE id = 1")
            .bind("now", timestamp(now))
            .execute();
        T result = work.get();
        h.commit();
        return result;
      } finally {
        if (h.isInTransaction()) {
          h.rollback();
        }
      }
    } finally {
      local.unlock();
    }
  }

  /** Keeps the alert that started an investigation. */
  public void insert(StoredAlert a) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    INSERT INTO investigation_alerts (%s) VALUES (
                      :id, :fingerprint, :alertname, :status, :labels, :annotations, :startsAt,
                      :endsAt, :generatorUrl, :externalUrl, :receiver, :runbook, :receivedAt,
                      :lastReceivedAt, :deliveries, :resolvedAt)"""
                        .formatted(COLUMNS))
                .bind("id", a.investigationId())
                .bind("fingerprint", a.fingerprint())
                .bind("alertname", a.alertname())
                .bind("status", a.status())
                .bind("labels", json(a.labels()))
                .bind("annotations", json(a.annotations()))
                .bind("startsAt", timestamp(a.startsAt()))
                .bind("endsAt", timestamp(a.endsAt()))
                .bind("generatorUrl", a.generatorUrl())
                .bind("externalUrl", a.externalUrl())
                .bind("receiver", a.receiver())
                .bind("runbook", a.runbook())
                .bind("receivedAt", timestamp(a.receivedAt()))
                .bind("lastReceivedAt", timestamp(a.lastReceivedAt()))
                .bind("deliveries", a.deliveries())
                .bind("resolvedAt", timestamp(a.resolvedAt()))
                .execute());
  }

  /** The alert that started this investigation, if an alert did. */
  public Optional<StoredAlert> forInvestigation(String investigationId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM investigation_alerts WHERE investigation_id = :id")
                .bind("id", investigationId)
                .map(AlertStore::toAlert)
                .findOne());
  }

  /** The latest investigation this alert started, if any. */
  public Optional<StoredAlert> latest(String fingerprint) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM investigation_alerts WHERE fingerprint = :fingerprint"
                        + " ORDER BY received_at DESC, investigation_id DESC")
                .bind("fingerprint", fingerprint)
                .setMaxRows(1)
                .map(AlertStore::toAlert)
                .findFirst());
  }

  /** How many investigations alerts started since then. */
  public long startedSince(Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM investigation_alerts WHERE received_at > :since")
                .bind("since", timestamp(since))
                .mapTo(Long.class)
                .one());
  }

  /** The first start by an alert after then, if any: when the hourly cap frees a place. */
  public Optional<Instant> firstStartSince(Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT MIN(received_at) AS first FROM investigation_alerts"
                        + " WHERE received_at > :since")
                .bind("since", timestamp(since))
                .map((rs, ctx) -> Optional.ofNullable(instant(rs, "first")))
                .one());
  }

  /**
   * Records another notification about the alert of an investigation.
   *
   * @param resolvedAt the alert's end when resolved; null when it is firing (again)
   */
  public void received(String investigationId, String status, Instant at, Instant resolvedAt) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
                    UPDATE investigation_alerts SET status = :status, deliveries = deliveries + 1,
                      last_received_at = :at, resolved_at = :resolvedAt, ends_at = :resolvedAt
                    WHERE investigation_id = :id""")
                .bind("id", investigationId)
                .bind("status", status)
                .bind("at", timestamp(at))
                .bind("resolvedAt", timestamp(resolvedAt))
                .execute());
  }

  private static StoredAlert toAlert(ResultSet rs, StatementContext ctx) throws SQLException {
    return new StoredAlert(
        rs.getString("investigation_id"),
        rs.getString("fingerprint"),
        rs.getString("alertname"),
        rs.getString("status"),
        strings(rs.getString("labels_json")),
        strings(rs.getString("annotations_json")),
        instant(rs, "starts_at"),
        instant(rs, "ends_at"),
        rs.getString("generator_url"),
        rs.getString("external_url"),
        rs.getString("receiver"),
        rs.getString("runbook"),
        instant(rs, "received_at"),
        instant(rs, "last_received_at"),
        rs.getInt("deliveries"),
        instant(rs, "resolved_at"));
  }

  private static String json(Map<String, String> map) {
    try {
      return EventJson.MAPPER.writeValueAsString(new TreeMap<>(map));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  private static Map<String, String> strings(String json) {
    try {
      return java.util.Collections.unmodifiableMap(EventJson.MAPPER.readValue(json, STRINGS));
    } catch (JsonProcessingException e) {
      throw new StoreException("a stored alert's labels are not JSON: " + e.getMessage(), e);
    }
  }
}
