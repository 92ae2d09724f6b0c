package dev.oats.alerts;

import dev.oats.event.AgentEvent;
import dev.oats.server.InvestigationService;
import dev.oats.store.AlertStore;
import dev.oats.store.AlertStore.StoredAlert;
import dev.oats.store.AppendResult;
import dev.oats.store.InvestigationRecord;
import dev.oats.tools.runbooks.AlertGoal;
import dev.oats.tools.runbooks.Runbook;
import dev.oats.tools.runbooks.RunbookLibrary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each alert of an Alertmanager notification does. A firing alert starts an investigation
 * unless one for its fingerprint is open or ended within the dedup window (then it is recorded on
 * that one), the filters refuse it, or the hourly cap is reached. A resolved alert is recorded on
 * its investigation. The decision and the start are one step under the store's intake lock, so
 * concurrent identical deliveries start one investigation, on one server or several.
 */
public final class AlertIntake {

  private static final Logger log = LoggerFactory.getLogger(AlertIntake.class);
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Duration HOUR = Duration.ofHours(1);

  private final InvestigationService service;
  private final AlertStore alerts;
  private final Supplier<RunbookLibrary> runbooks;
  private final Settings settings;
  private final Consumer<String> counted;
  private final Clock clock;
  private final AtomicReference<Instant> capLogged = new AtomicReference<>(Instant.EPOCH);

  /**
   * How alerts are taken in.
   *
   * @param maxPerHour investigations alerts may start in any hour
   * @param dedupWindow how long after its investigation ended an alert is still recorded on it
   */
  public record Settings(AlertFilter filter, int maxPerHour, Duration dedupWindow) {}

  /** What became of one alert of a notification. */
  public enum Outcome {
    /** It started an investigation. */
    STARTED,
    /** An investigation for it is open or ended recently: it was recorded there. */
    DEDUPLICATED,
    /** Its resolution was recorded on its investigation. */
    RESOLVED,
    /** The filters do not let it start an investigation. */
    FILTERED,
    /** The hourly cap is reached. */
    CAPPED,
    /** A resolved alert with no investigation to record it on. */
    IGNORED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One alert's outcome.
   *
   * @param investigationId the investigation it started or was recorded on, or null
   * @param reason why, for people
   */
  public record Result(
      int index,
      String alertname,
      String fingerprint,
      String status,
      Outcome outcome,
      String investigationId,
      String reason) {}

  /**
   * @param counted told each alert's outcome, for the metric {@code oats_alerts_total}
   */
  public AlertIntake(
      InvestigationService service,
      AlertStore alerts,
      Supplier<RunbookLibrary> runbooks,
      Settings settings,
      Consumer<String> counted,
      Clock clock) {
    this.service = service;
    this.alerts = alerts;
    this.runbooks = runbooks;
    this.settings = settings;
    this.counted = counted;
    this.clock = clock;
  }

  /** Takes in every alert of the notification, in order. */
  public List<Result> receive(AlertmanagerPayload notification) {
    if (notification.truncatedAlerts() > 0) {
      log.warn(
          "Alertmanager left {} alert(s) out of a notification to {} (max_alerts)",
          notification.truncatedAlerts(),
          notification.receiver());
    }
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < notification.alerts().size(); i++) {
      int index = i;
      AlertmanagerPayload.Alert alert = notification.alerts().get(i);
      Instant now = clock.instant();
      Result result = alerts.underIntakeLock(now, () -> take(index, alert, notification, now));
      counted.accept(result.outcome().wire());
      results.add(result);
    }
    return results;
  }

  private Result take(
      int index, AlertmanagerPayload.Alert alert, AlertmanagerPayload notification, Instant now) {
    Optional<StoredAlert> latest = alerts.latest(alert.fingerprint());
    if (!alert.firing()) {
      return latest
          .map(known -> resolved(index, alert, known, now))
          .orElseGet(
              () ->
                  result(
                      index,
                      alert,
                      Outcome.IGNORED,
                      null,
                      "resolved, and no investigation was started for it"));
    }
    Optional<StoredAlert> current = latest.filter(known -> stillCurrent(known, now));
    if (current.isPresent()) {
      return refired(index, alert, current.get(), now);
    }
    Optional<String> refused = settings.filter().refuses(alert.labels());
    if (refused.isPresent()) {
      return result(index, alert, Outcome.FILTERED, null, refused.get());
    }
    long started = alerts.startedSince(now.minus(HOUR));
    if (started >= settings.maxPerHour()) {
      return capped(index, alert, started, now);
    }
    return start(index, alert, notification, now);
  }

  /** Whether the investigation is open, or ended within the dedup window. */
  private boolean stillCurrent(StoredAlert known, Instant now) {
    return service
        .store()
        .find(known.investigationId())
        .map(
            inv ->
                !inv.status().isTerminal()
                    || inv.finishedAt() == null
                    || !inv.finishedAt().plus(settings.dedupWindow()).isBefore(now))
        .orElse(false);
  }

  private Result start(
      int index, AlertmanagerPayload.Alert alert, AlertmanagerPayload notification, Instant now) {
    Optional<Runbook> runbook = runbooks.get().forAlert(alert.labels());
    String goal = AlertGoal.write(alert.labels(), alert.annotations(), alert.startsAt(), runbook);
    String namespace = alert.labels().getOrDefault("namespace", "default");
    if (!NAMESPACE.matcher(namespace).matches()) {
      namespace = "default";
    }
    InvestigationRecord record =
        service.submit(
            goal,
            namespace,
            created -> {
              alerts.insert(
                  new StoredAlert(
                      created.id(),
                      alert.fingerprint(),
                      alert.alertname(),
                      alert.status(),
                      redacted(alert.labels()),
                      redacted(alert.annotations()),
                      alert.startsAt(),
                      alert.endsAt(),
                      alert.generatorUrl(),
                      notification.externalUrl(),
                      notification.receiver(),
                      runbook.map(Runbook::name).orElse(null),
                      now,
                      now,
                      1,
                      null));
              record(
                  created.id(),
                  alert,
                  "firing",
                  "started this investigation (firing since %s)".formatted(since(alert)));
              runbook.ifPresent(
                  r ->
                      service.append(
                          created.id(),
                          "runbook:" + r.name(),
                          now,
                          new AgentEvent.RunbookAttached(
                              r.name(), r.description(), r.file().getFileName().toString())));
            });
    log.info(
        "Alert {} ({}) started investigation {}{}",
        alert.alertname(),
        alert.fingerprint(),
        record.id(),
        runbook.map(r -> " with runbook " + r.name()).orElse(""));
    return result(
        index,
        alert,
        Outcome.STARTED,
        record.id(),
        runbook.map(r -> "started with runbook " + r.name()).orElse("started"));
  }

  /**
   * An alert's labels or annotations as they are kept and shown: a secret an annotation carries (a
   * template that quoted a log line, a connection string) is hidden as in the goal written from it.
   */
  private Map<String, String> redacted(Map<String, String> values) {
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    values.forEach((name, value) -> kept.put(name, service.redact(value)));
    return kept;
  }

  private Result refired(
      int index, AlertmanagerPayload.Alert alert, StoredAlert known, Instant now) {
    alerts.received(known.investigationId(), "firing", now, null);
    // The notification that started it, sent again, is already recorded as the start.
    boolean sameAsStart = java.util.Objects.equals(known.startsAt(), alert.startsAt());
    boolean newEpisode =
        !sameAsStart
            && record(
                known.investigationId(),
                alert,
                "firing",
                "re-fired at %s (Alertmanager sent it again)".formatted(since(alert)));
    return result(
        index,
        alert,
        Outcome.DEDUPLICATED,
        known.investigationId(),
        newEpisode
            ? "fired again; recorded on the investigation it started"
            : "already recorded on the investigation it started");
  }

  private Result resolved(
      int index, AlertmanagerPayload.Alert alert, StoredAlert known, Instant now) {
    Instant end = alert.endsAt() != null ? alert.endsAt() : now;
    alerts.received(known.investigationId(), "resolved", now, end);
    record(
        known.investigationId(),
        alert,
        "resolved",
        alert.endsAt() != null ? "resolved at " + end : "resolved (no endsAt was sent)");
    return result(
        index,
        alert,
        Outcome.RESOLVED,
        known.investigationId(),
        "resolved at %s; recorded on its investigation".formatted(end));
  }

  private Result capped(int index, AlertmanagerPayload.Alert alert, long started, Instant now) {
    Instant freed =
        alerts.firstStartSince(now.minus(HOUR)).map(first -> first.plus(HOUR)).orElse(now);
    String reason =
        ("the hourly cap is reached: alerts started %d investigations in the last hour"
                + " (OATS_ALERT_MAX_PER_HOUR=%d); the next can start after %s")
            .formatted(started, settings.maxPerHour(), freed);
    Instant last = capLogged.get();
    if (last.plus(Duration.ofMinutes(5)).isBefore(now) && capLogged.compareAndSet(last, now)) {
      log.warn("Alert {} refused: {}", alert.alertname(), reason);
    }
    return result(index, alert, Outcome.CAPPED, null, reason);
  }

  /**
   * Appends an {@code alert_received} event, once per status and episode (the alert's {@code
   * startsAt}): Alertmanager's repeats and retries of one notification add nothing.
   *
   * @return whether it was new
   */
  private boolean record(
      String investigationId, AlertmanagerPayload.Alert alert, String status, String note) {
    String key = "alert:" + digest(alert.fingerprint() + "|" + status + "|" + alert.startsAt());
    AppendResult appended =
        service.append(
            investigationId,
            key,
            clock.instant(),
            new AgentEvent.AlertReceived(status, alert.alertname(), alert.fingerprint(), note));
    return appended instanceof AppendResult.Appended;
  }

  private static String since(AlertmanagerPayload.Alert alert) {
    return alert.startsAt() == null ? "an unknown time" : alert.startsAt().toString();
  }

  private static Result result(
      int index,
      AlertmanagerPayload.Alert alert,
      Outcome outcome,
      String investigationId,
      String reason) {
    return new Result(
        index,
        alert.alertname(),
        alert.fingerprint(),
        alert.status(),
        outcome,
        investigationId,
        reason);
  }

  private static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
