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
   * How long the pattern may take on one line: one that backtracks without end, such as {@code
   * (.*.){25}q}, stops with {@link TimedText.TimeUp} instead of holding the tool's thread after the
   * call was abandoned.
   */
  static final Duration LINE_TIME = Duration.ofSeconds(1);

  private LogFilter() {}

  static Predicate<String> matcher(String grep) {
    try {
      Pattern pattern = TimedText.compile(grep, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      return line ->
          line != null && TimedText.find(pattern, line, System.nanoTime() + LINE_TIME.toNanos());
    } catch (PatternSyntaxException e) {
      String needle = grep.toLowerCase(Locale.ROOT);
      return line -> line != null && line.toLowerCase(Locale.ROOT).contains(needle);
    }
  }

  /** What the model is told when its pattern took too long. */
  static String tooSlow(String grep, String why) {
    return ("grep '%s' was stopped on one line (%s, %d s a line at most): a pattern with nested"
            + " repeats backtracks without end; use a plainer one, such as error|refused")
        .formatted(grep, why, LINE_TIME.toSeconds());
  }
}
