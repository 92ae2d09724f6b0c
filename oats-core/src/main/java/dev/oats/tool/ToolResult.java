package dev.oats.tool;

import java.util.Objects;

/**
 * The outcome of one tool call, as a value. Tools create it with the static factories.
 *
 * @param status what happened
 * @param output what the tool found, written for an engineer; may be empty
 * @param error what went wrong and what to do about it, when the status is {@link Status#ERROR}
 */
public record ToolResult(Status status, String output, String error) {

  /** The outcome of a call. Names are the seed's wire values, lower-cased. */
  public enum Status {
    SUCCESS,
    /** The call worked but found nothing (no pods match, no series, an empty log). */
    NO_DATA,
    ERROR,
    /** The call was not run: it needed an approval that was not given. */
    DENIED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ToolResult {
    Objects.requireNonNull(status, "status");
    output = output == null ? "" : output;
    error = error == null ? "" : error;
  }

  public static ToolResult success(String output) {
    return new ToolResult(Status.SUCCESS, output, "");
  }

  public static ToolResult noData(String explanation) {
    return new ToolResult(Status.NO_DATA, explanation, "");
  }

  public static ToolResult error(String error) {
    return new ToolResult(Status.ERROR, "", error);
  }

  /** An error that still carries what the call printed, such as a command's output. */
  public static ToolResult error(String error, String output) {
    return new ToolResult(Status.ERROR, output, error);
  }

  public static ToolResult denied(String reason) {
    return new ToolResult(Status.DENIED, "", reason);
  }

  public boolean isError() {
    return status == Status.ERROR || status == Status.DENIED;
  }
}
