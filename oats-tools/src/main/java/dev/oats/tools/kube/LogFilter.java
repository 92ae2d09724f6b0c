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
      Pattern pattern = Pattern.compile(grep, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      return line ->
          line != null
              && pattern
                  .matcher(TimedText.of(line, System.nanoTime() + LINE_TIME.toNanos()))
                  .find();
    } catch (PatternSyntaxException e) {
      String needle = grep.toLowerCase(Locale.ROOT);
      return line -> line != null && line.toLowerCase(Locale.ROOT).contains(needle);
    }
  }

  /** What the model is told when its pattern took too long. */
  static String tooSlow(String grep) {
    return ("grep '%s' was still matching one line after %d s: a pattern with nested repeats"
            + " backtracks without end; use a plainer one, such as error|refused")
        .formatted(grep, LINE_TIME.toSeconds());
  }
}
