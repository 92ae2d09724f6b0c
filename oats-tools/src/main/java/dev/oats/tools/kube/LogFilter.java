package dev.oats.tools.kube;

import dev.oats.tool.TimedText;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code grep} argument: a case-insensitive regex, or a plain substring when not a regex. */
final class LogFilter {

  /**
   * How long the pattern may spend matching, summed over every line one filter reads: one that
   * backtracks without end, such as {@code (.*.){25}q}, stops with {@link TimedText.TimeUp} instead
   * of holding the tool's thread after the call was abandoned, and so does one that takes a little
   * under any per-line limit on each of a long log's lines. Time spent reading the log between
   * lines does not count.
   */
  static final Duration MATCH_TIME = Duration.ofSeconds(2);

  private LogFilter() {}

  /** A fresh filter for {@code grep}, with {@link #MATCH_TIME} to spend over all its lines. */
  static Predicate<String> matcher(String grep) {
    return matcher(grep, MATCH_TIME);
  }

  static Predicate<String> matcher(String grep, Duration matchTime) {
    try {
      Pattern pattern = TimedText.compile(grep, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      long[] left = {matchTime.toNanos()};
      return line -> {
        if (line == null) {
          return false;
        }
        long start = System.nanoTime();
        try {
          return TimedText.find(pattern, line, start + left[0]);
        } finally {
          left[0] -= System.nanoTime() - start;
        }
      };
    } catch (PatternSyntaxException e) {
      String needle = grep.toLowerCase(Locale.ROOT);
      return line -> line != null && line.toLowerCase(Locale.ROOT).contains(needle);
    }
  }

  /** What the model is told when its pattern took too long. */
  static String tooSlow(String grep, String why) {
    return ("grep '%s' was stopped (%s, %d s of matching per call at most): a pattern with"
            + " nested repeats backtracks without end; use a plainer one, such as error|refused")
        .formatted(grep, why, MATCH_TIME.toSeconds());
  }
}
