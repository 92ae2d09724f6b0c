package dev.oats.notify;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one notification says, already redacted: every payload is written from this.
 *
 * @param event what happened
 * @param investigationId the investigation's id
 * @param goal the goal in the user's words
 * @param namespace the target namespace
 * @param status the investigation's status as the API names it ({@code succeeded}, {@code failed},
 *     {@code cancelled}, {@code waiting_for_approval})
 * @param run the run it is about (1 for the goal, then one per follow-up question)
 * @param turns the turns that run took so far
 * @param summary the root cause from the report, the failure reason, or why a call is held
 * @param report the whole report when the run succeeded, else null
 * @param held the call that waits for approval, or null
 * @param link the investigation in the web UI, or null when no public URL is configured
 * @param labels what routes matched on
 * @param at when the event happened
 */
public record Notification(
    NotifyEvent event,
    String investigationId,
    String goal,
    String namespace,
    String status,
    int run,
    int turns,
    String summary,
    String report,
    Held held,
    String link,
    Map<String, String> labels,
    Instant at) {

  public Notification {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(investigationId, "investigationId");
    labels = Map.copyOf(labels);
  }

  /**
   * A call held for a person's decision.
   *
   * @param callId the call's id, for the approvals API
   * @param tool the tool it calls
   * @param command what it would run: the command line, or the tool's arguments as JSON
   * @param reason why it needs approval
   * @param decideBy when it is denied if nobody decides
   */
  public record Held(String callId, String tool, String command, String reason, Instant decideBy) {}

  /** One line for a title: "Investigation succeeded" or "Investigation waits for approval". */
  String title() {
    return switch (event) {
      case SUCCEEDED -> "Investigation succeeded";
      case FAILED -> "Investigation failed";
      case CANCELLED -> "Investigation cancelled";
      case WAITING_APPROVAL -> "Investigation waits for approval";
    };
  }

  /** What the summary is, as a heading. */
  String summaryHeading() {
    return switch (event) {
      case SUCCEEDED -> "Root cause";
      case FAILED -> "Why it failed";
      case CANCELLED -> "Why it stopped";
      case WAITING_APPROVAL -> "Why it needs approval";
    };
  }
}
