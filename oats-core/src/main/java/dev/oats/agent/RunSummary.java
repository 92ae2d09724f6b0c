package dev.oats.agent;

import dev.oats.event.AgentEvent;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An investigation summed up from its events: the same view for the CLI's {@code EXECUTION
 * SUMMARY}, the server and the UI, so nothing is counted twice in two places.
 *
 * @param goal what was asked
 * @param succeeded whether {@code finish} was called
 * @param failureKind why it failed, or null
 * @param result the report, or the failure reason
 * @param turns turns used
 * @param maxTurns turns allowed
 * @param toolsUsed calls per tool, in order of first use, {@code finish} excluded
 * @param usage tokens summed over every model call
 * @param duration from the first event to the last
 */
public record RunSummary(
    String goal,
    boolean succeeded,
    AgentEvent.FailureKind failureKind,
    String result,
    int turns,
    int maxTurns,
    Map<String, Long> toolsUsed,
    Usage usage,
    Duration duration) {

  /** The summary of the latest run of these events, from their one fold ({@link Progress}). */
  public static RunSummary of(List<RecordedEvent> events) {
    Progress progress = Progress.of(events);
    Duration duration =
        progress.firstAt() == null
            ? Duration.ZERO
            : Duration.between(progress.firstAt(), progress.lastAt());
    String goal = progress.goal();
    int maxTurns = progress.maxTurns();
    Map<String, Long> tools = progress.runTools();
    return switch (progress.end()) {
      case AgentEvent.Finished f ->
          new RunSummary(
              goal,
              true,
              null,
              f.result(),
              f.turns(),
              maxTurns,
              tools,
              progress.runUsage(),
              duration);
      case AgentEvent.Failed f ->
          new RunSummary(
              goal,
              false,
              f.kind(),
              f.reason(),
              f.turns(),
              maxTurns,
              tools,
              progress.runUsage(),
              duration);
      case null, default ->
          new RunSummary(
              goal,
              false,
              progress.parked() ? null : AgentEvent.FailureKind.AGENT_ERROR,
              progress.parked()
                  ? "Waiting for approval; the investigation resumes once the call is decided."
                  : "The investigation ended without a final event.",
              progress.runTurns(),
              maxTurns,
              tools,
              progress.runUsage(),
              duration);
    };
  }

  /** Whether the run stopped to wait for an approval rather than ending. */
  public boolean paused() {
    return !succeeded && failureKind == null;
  }

  /** One line: how it ended. */
  public String status() {
    if (succeeded) {
      return "Goal achieved in %d turn%s.".formatted(turns, turns == 1 ? "" : "s");
    }
    if (paused()) {
      return "Paused after %d turn%s: %s".formatted(turns, turns == 1 ? "" : "s", result);
    }
    if (failureKind == AgentEvent.FailureKind.MAX_TURNS) {
      return "Max turns reached (%d) without a result.".formatted(maxTurns);
    }
    return "Failed after %d turn%s: %s".formatted(turns, turns == 1 ? "" : "s", result);
  }

  /** The seed's {@code EXECUTION SUMMARY} block. */
  public String render() {
    String rule = "=".repeat(72);
    String toolLine =
        toolsUsed.isEmpty()
            ? "none"
            : toolsUsed.entrySet().stream()
                .map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(", "));
    StringBuilder text = new StringBuilder();
    text.append(rule).append('\n').append("EXECUTION SUMMARY\n").append(rule).append('\n');
    text.append("Goal:     ").append(goal).append('\n');
    text.append("Status:   ").append(status()).append('\n');
    text.append("Turns:    ").append(turns).append(" of ").append(maxTurns).append('\n');
    text.append("Tools:    ").append(toolLine).append('\n');
    text.append(
        "Tokens:   %,d in, %,d out, %,d cache read, %,d cache write (%,d total)\n"
            .formatted(
                usage.inputTokens(),
                usage.outputTokens(),
                usage.cacheReadTokens(),
                usage.cacheWriteTokens(),
                usage.total()));
    text.append("Duration: %.1f s\n".formatted(duration.toMillis() / 1000.0));
    if (succeeded) {
      text.append(rule).append('\n').append("RESULT\n").append(rule).append('\n');
      text.append(result.strip()).append('\n');
    }
    text.append(rule).append('\n');
    return text.toString();
  }
}
