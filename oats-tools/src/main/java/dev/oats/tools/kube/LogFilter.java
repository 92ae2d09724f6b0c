package dev.oats.tools.kube;

import java.util.List;
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

  /** The last {@code keep} lines that match. */
  static List<String> lastMatching(List<String> lines, String grep, int keep) {
    List<String> matching = lines.stream().filter(matcher(grep)).toList();
    return matching.subList(Math.max(0, matching.size() - keep), matching.size());
  }
}
