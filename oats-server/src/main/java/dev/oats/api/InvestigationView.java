package dev.oats.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.oats.model.Usage;
import dev.oats.store.InvestigationRecord;
import java.time.Instant;
import java.util.Locale;

/**
 * An investigation as the API shows it. Field names become snake_case on the wire; the report and
 * the command to follow its logs are left out of listings.
 */
record InvestigationView(
    String id,
    String goal,
    String targetNamespace,
    String status,
    String runner,
    String jobName,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Long durationMs,
    int turns,
    int maxTurns,
    Usage tokens,
    long totalTokens,
    String model,
    @JsonInclude(JsonInclude.Include.NON_NULL) String report,
    String failureReason,
    @JsonInclude(JsonInclude.Include.NON_NULL) String commandToCheckLogs) {

  /** The listing's view: no report, no logs command. */
  static InvestigationView summary(InvestigationRecord r) {
    return of(r, null, false);
  }

  /** The full view, with the report and the command that follows the investigation's logs. */
  static InvestigationView full(InvestigationRecord r, String commandToCheckLogs) {
    return of(r, commandToCheckLogs, true);
  }

  private static InvestigationView of(
      InvestigationRecord r, String commandToCheckLogs, boolean withReport) {
    Instant end = r.finishedAt();
    Long duration =
        r.startedAt() == null
            ? null
            : (end == null ? Instant.now() : end).toEpochMilli() - r.startedAt().toEpochMilli();
    return new InvestigationView(
        r.id(),
        r.goal(),
        r.targetNamespace(),
        r.status().name().toLowerCase(Locale.ROOT),
        r.runner(),
        r.jobName(),
        r.createdAt(),
        r.startedAt(),
        r.finishedAt(),
        duration,
        r.turns(),
        r.maxTurns(),
        r.usage(),
        r.usage().total(),
        r.model(),
        withReport ? r.report() : null,
        r.failureReason(),
        commandToCheckLogs);
  }
}
