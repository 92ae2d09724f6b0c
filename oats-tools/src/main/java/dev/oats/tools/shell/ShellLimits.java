package dev.oats.tools.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import java.time.Duration;
import java.time.Instant;

/** The time limit of one shell call: what the model asked for, within the call's deadline. */
final class ShellLimits {

  static final int DEFAULT_TIMEOUT_SECONDS = 30;
  static final int MAX_TIMEOUT_SECONDS = 300;

  /** Kept back from the deadline so the tool, not the executor, stops the processes and reports. */
  private static final Duration MARGIN = Duration.ofMillis(500);

  private static final Duration SHORTEST = Duration.ofSeconds(1);

  private ShellLimits() {}

  /** The tool's own timeout, a little above the longest a command may ask for. */
  static Duration toolTimeout() {
    return Duration.ofSeconds(MAX_TIMEOUT_SECONDS + 10);
  }

  static Duration limit(ObjectNode arguments, Instant deadline, Instant now) {
    int requested = arguments.path("timeout").asInt(DEFAULT_TIMEOUT_SECONDS);
    return within(Duration.ofSeconds(Math.clamp(requested, 1, MAX_TIMEOUT_SECONDS)), deadline, now);
  }

  /** The time a process may run: what was asked, but ending a little before the call's deadline. */
  static Duration within(Duration asked, Instant deadline, Instant now) {
    Duration left = Duration.between(now, deadline).minus(MARGIN);
    Duration limit = asked.compareTo(left) <= 0 ? asked : left;
    return limit.compareTo(SHORTEST) < 0 ? SHORTEST : limit;
  }

  /** The JSON Schema of the {@code timeout} parameter, shared by both tools. */
  static void timeout(ParameterSchema.Property timeout) {
    timeout
        .minimum(1)
        .maximum(MAX_TIMEOUT_SECONDS)
        .defaultValue(DEFAULT_TIMEOUT_SECONDS)
        .description(
            ("Seconds before the process and everything it started are killed (default %d, at"
                    + " most %d).")
                .formatted(DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS));
  }
}
