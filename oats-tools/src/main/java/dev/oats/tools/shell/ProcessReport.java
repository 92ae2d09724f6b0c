package dev.oats.tools.shell;

import dev.oats.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Turns a finished run into the observation a model reads: how it ended, then its output. */
final class ProcessReport {

  private ProcessReport() {}

  /**
   * @param outcome the run
   * @param what what ran, for messages: "command" or "script"
   * @param limit the time limit it ran under
   */
  static ToolResult toResult(ProcessRunner.Outcome outcome, String what, Duration limit) {
    return toResult(
        outcome,
        what,
        limit,
        "Make it finish sooner (a narrower query, --tail, head, a bounded watch) or raise timeout"
            + " (at most %d s).".formatted(ShellLimits.MAX_TIMEOUT_SECONDS));
  }

  /**
   * @param outcome the run
   * @param what what ran, for messages
   * @param limit the time limit it ran under
   * @param timeoutAdvice what to do when it was killed at the limit
   */
  static ToolResult toResult(
      ProcessRunner.Outcome outcome, String what, Duration limit, String timeoutAdvice) {
    String output = output(outcome);
    return switch (outcome.ending()) {
      case EXITED ->
          outcome.exitCode() == 0
              ? ToolResult.success(output)
              : ToolResult.error(exitMessage(what, outcome.exitCode()), output);
      case TIMED_OUT ->
          ToolResult.error(
              "The %s did not finish within %d s and was killed, with every process it started. %s"
                  .formatted(what, limit.toSeconds(), timeoutAdvice),
              output);
      case CANCELLED ->
          ToolResult.error(
              "The investigation was cancelled, so the %s was killed.".formatted(what), output);
    };
  }

  private static String exitMessage(String what, int code) {
    String message = "The %s exited with code %d".formatted(what, code);
    if (code == 127) {
      return message
          + ": a command was not found. Check its spelling, or whether it is installed on the"
          + " machine OATS runs on.";
    }
    if (code == 126) {
      return message + ": a command could not be executed (not executable, or a directory).";
    }
    if (code > 128 && code < 160) {
      return message + ": a process was killed by signal " + (code - 128) + ".";
    }
    return message + "; its output is below.";
  }

  private static String output(ProcessRunner.Outcome outcome) {
    StringBuilder text = new StringBuilder();
    text.append(
        outcome.ending() == ProcessRunner.Ending.EXITED
            ? "exit code %d, ran %s".formatted(outcome.exitCode(), seconds(outcome.elapsed()))
            : "killed after %s".formatted(seconds(outcome.elapsed())));
    if (!outcome.note().isEmpty()) {
      text.append("; ").append(outcome.note());
    }
    if (outcome.stdout().isEmpty() && outcome.stderr().isEmpty()) {
      text.append(", no output");
    }
    for (OutputCapture.Captured stream : List.of(outcome.stdout(), outcome.stderr())) {
      if (!stream.isEmpty()) {
        text.append('\n').append(stream.render().stripTrailing());
      }
    }
    if (outcome.outputHeldOpen()) {
      text.append(
          "\n[processes it started in the background still hold its output open and were left"
              + " running; what they print later is not shown]");
    }
    return text.toString();
  }

  private static String seconds(Duration elapsed) {
    return String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0);
  }
}
