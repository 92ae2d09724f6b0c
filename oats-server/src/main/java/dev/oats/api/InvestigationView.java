package dev.oats.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.event.EventJson;
import dev.oats.event.Progress;
import dev.oats.model.Usage;
import dev.oats.store.Approval;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * An investigation as the API shows it. Field names become snake_case on the wire; the report, the
 * command to follow its logs, the run count, the last tool and the calls waiting for approval are
 * left out of listings.
 *
 * @param status where the latest run is ({@code pending}, {@code running}, {@code
 *     waiting_for_approval}, {@code succeeded}, {@code failed}, {@code cancelled})
 * @param state where the conversation is: {@code running}, {@code waiting_for_user} (for an
 *     approval, or for a follow-up after a report) or {@code ended} (failed or cancelled; a
 *     follow-up reopens it)
 * @param replay true when no live model answered: {@code oats demo} replays a recorded model side
 *     against a simulated cluster
 */
record InvestigationView(
    String id,
    String goal,
    String targetNamespace,
    String status,
    String state,
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
    @JsonInclude(JsonInclude.Include.NON_NULL) String commandToCheckLogs,
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer runs,
    @JsonInclude(JsonInclude.Include.NON_NULL) String lastTool,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<WaitingApproval> waitingApprovals,
    @JsonInclude(JsonInclude.Include.NON_NULL) String startedBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) String cancelledBy,
    @JsonInclude(JsonInclude.Include.NON_NULL) List<Decision> decisions,
    boolean replay) {

  /**
   * A held call that was decided: who decided (the API key's name, or {@code oats} for a timeout or
   * a cancel), how and why.
   *
   * @param status {@code approved}, {@code denied}, {@code timed_out} or {@code cancelled}
   */
  record Decision(
      String callId,
      String tool,
      String command,
      String status,
      String decidedBy,
      Instant decidedAt,
      String reason) {

    static Decision of(Approval a) {
      return new Decision(
          a.callId(),
          a.tool(),
          WaitingApproval.commandOf(a),
          a.status().name().toLowerCase(Locale.ROOT),
          a.decidedBy(),
          a.decidedAt(),
          a.decisionReason());
    }
  }

  /** The runner of {@code oats demo}, whose model side is a recording. */
  static final String REPLAY_RUNNER = "demo";

  /**
   * A call held for approval, as the banner shows it.
   *
   * @param command what would run: the command line, or every argument by name as {@link
   *     ApprovalGate.Request#readable} writes them
   * @param secondsLeft until it is denied for want of a decision
   * @param heldFor the parts of the call that made it need an approval ({@code kubectl delete},
   *     {@code a redirect (> out.txt)}), when the tool could name them
   */
  record WaitingApproval(
      String callId,
      int run,
      String tool,
      String command,
      JsonNode arguments,
      String sideEffect,
      String reason,
      Instant requestedAt,
      Instant deadline,
      long secondsLeft,
      List<String> heldFor) {

    /** How the executor's reason lists the parts: "…; held for: kubectl delete, rm". */
    private static final String HELD_FOR = "; held for: ";

    private static JsonNode argumentsOf(Approval a) {
      try {
        return EventJson.MAPPER.readTree(a.argumentsJson());
      } catch (java.io.IOException e) {
        return EventJson.MAPPER.createObjectNode();
      }
    }

    /** The command line, or every argument by name (a script line by line): never escaped JSON. */
    static String commandOf(Approval a) {
      return ApprovalGate.Request.readable(argumentsOf(a));
    }

    static List<String> heldFor(String reason) {
      int at = reason == null ? -1 : reason.indexOf(HELD_FOR);
      return at < 0 ? List.of() : List.of(reason.substring(at + HELD_FOR.length()).split(", "));
    }

    static WaitingApproval of(Approval a, Instant now) {
      JsonNode arguments = argumentsOf(a);
      String command = commandOf(a);
      return new WaitingApproval(
          a.callId(),
          a.run(),
          a.tool(),
          command,
          arguments,
          a.sideEffect(),
          a.reason(),
          a.requestedAt(),
          a.deadline(),
          Math.max(0, Duration.between(now, a.deadline()).toSeconds()),
          heldFor(a.reason()));
    }
  }

  /** The listing's view: no report, no logs command. */
  static InvestigationView summary(InvestigationRecord r) {
    return of(r, null, false, null, List.of(), null);
  }

  /**
   * The full view, with the report, the command that follows the investigation's logs, and what the
   * fold of its events says (runs, last tool) and the calls still waiting for a decision.
   */
  static InvestigationView full(
      InvestigationRecord r,
      String commandToCheckLogs,
      Progress progress,
      List<Approval> approvals,
      dev.oats.store.InvestigationStore.People people) {
    return of(r, commandToCheckLogs, true, progress, approvals, people);
  }

  static String state(InvestigationStatus status) {
    return switch (status) {
      case PENDING, RUNNING -> "running";
      case WAITING_FOR_APPROVAL, SUCCEEDED -> "waiting_for_user";
      case FAILED, CANCELLED -> "ended";
    };
  }

  private static InvestigationView of(
      InvestigationRecord r,
      String commandToCheckLogs,
      boolean withReport,
      Progress progress,
      List<Approval> approvals,
      dev.oats.store.InvestigationStore.People people) {
    Instant now = Instant.now();
    Instant end = r.finishedAt();
    Long duration =
        r.startedAt() == null
            ? null
            : (end == null ? now : end).toEpochMilli() - r.startedAt().toEpochMilli();
    return new InvestigationView(
        r.id(),
        r.goal(),
        r.targetNamespace(),
        r.status().name().toLowerCase(Locale.ROOT),
        state(r.status()),
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
        commandToCheckLogs,
        progress == null ? null : progress.runs(),
        progress == null ? null : progress.lastTool(),
        progress == null
            ? null
            : approvals.stream()
                .filter(a -> a.status() == Approval.Status.WAITING)
                .map(a -> WaitingApproval.of(a, now))
                .toList(),
        people == null ? null : people.startedBy(),
        people == null ? null : people.cancelledBy(),
        people == null
            ? null
            : approvals.stream()
                .filter(a -> a.status() != Approval.Status.WAITING)
                .map(Decision::of)
                .toList(),
        REPLAY_RUNNER.equals(r.runner()));
  }
}
