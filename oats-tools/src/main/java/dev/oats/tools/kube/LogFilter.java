package dev.oats.tools.kube;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The {@code grep} argument: a case-insensitive regex, or a plain substring when not a regex. */
final class LogFilter {

  private LogFilter() {}

  static Predicate<String> matcher(String grep) {
    try {
      Pattern pattern = Pattern.compile(grep, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
      return line -> line != null && pattern.matcher(line).find();
    } catch (PatternSyntaxException e) {
      String needle = grep.toLowerCase(Locale.ROOT);
      return line -> line != null && line.toLowerCase(Locale.ROOT).contains(needle);
    }
  }
}
