package dev.oats.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;

/**
 * Decides whether a call that may change things can run. The server asks the user through the UI or
 * API, the CLI asks on the terminal; with nobody to ask, the call is denied.
 */
@FunctionalInterface
public interface ApprovalGate {

  /** Denies every call: the answer when nobody can be asked. */
  ApprovalGate NOBODY_TO_ASK =
      request -> Decision.deny("no one was available to approve it (OATS_ALLOW_WRITE is off)");

  /**
   * Decides later: the run pauses, holding no thread, and the server resumes it in a new run once
   * someone has decided through the API or the UI, or the approval has timed out.
   */
  ApprovalGate LATER = request -> Decision.later("waiting for someone to decide");

  /**
   * Blocks until someone decides, or the investigation is cancelled; or answers {@link
   * Decision#later} at once to pause the run.
   */
  Decision decide(Request request) throws InterruptedException;

  /**
   * A call waiting for approval.
   *
   * @param investigationId the investigation it belongs to
   * @param callId the call's id, to approve or deny it by
   * @param tool the tool
   * @param arguments the arguments it would run with
   * @param sideEffect what the policy found it would do
   * @param reason why it needs approval, for the person deciding
   */
  record Request(
      String investigationId,
      String callId,
      String tool,
      ObjectNode arguments,
      SideEffect sideEffect,
      String reason) {

    /** What the person deciding reads: see {@link #readable(JsonNode)}. */
    public String shown() {
      return readable(arguments);
    }

    /**
     * A held call's arguments as a person deciding should read them, whole: the command line itself
     * when the call is one {@code command}; otherwise every argument by name, {@code name: value},
     * a text of several lines (a script's {@code code}) on its own lines indented by two spaces,
     * and any other value as JSON. Never one clipped line of escaped JSON.
     */
    public static String readable(JsonNode arguments) {
      if (arguments == null || !arguments.isObject() || arguments.isEmpty()) {
        return "(no arguments)";
      }
      JsonNode command = arguments.get("command");
      if (arguments.size() == 1 && command != null && command.isTextual()) {
        return command.asText();
      }
      StringBuilder text = new StringBuilder();
      if (command != null) {
        field(text, "command", command);
      }
      arguments
          .properties()
          .forEach(
              field -> {
                if (!field.getKey().equals("command")) {
                  field(text, field.getKey(), field.getValue());
                }
              });
      return text.toString().stripTrailing();
    }

    private static void field(StringBuilder text, String name, JsonNode value) {
      String shown = value.isTextual() ? value.asText() : value.toString();
      if (!value.isTextual() && shown.length() > 72) {
        shown = value.toPrettyString();
      }
      if (shown.contains("\n") || shown.contains("\r")) {
        text.append(name).append(":\n");
        for (String line : shown.split("\\R", -1)) {
          text.append("  ").append(line).append('\n');
        }
      } else {
        text.append(name).append(": ").append(shown).append('\n');
      }
    }
  }

  /**
   * The answer.
   *
   * @param approved whether the call may run
   * @param pending whether nobody has decided yet and the run should pause until someone does
   */
  record Decision(boolean approved, String reason, boolean pending) {
    public static Decision approve(String reason) {
      return new Decision(true, reason, false);
    }

    public static Decision deny(String reason) {
      return new Decision(false, reason, false);
    }

    public static Decision later(String reason) {
      return new Decision(false, reason, true);
    }
  }
}
