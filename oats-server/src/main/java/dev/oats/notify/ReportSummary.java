package dev.oats.notify;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The part of a report a notification shows: its root cause, briefly. */
final class ReportSummary {

  private static final Pattern ROOT_CAUSE =
      Pattern.compile("(?im)^\\s{0,3}#{1,6}\\s*root[ _-]?cause\\b[^\\n]*\\n");
  private static final Pattern NEXT_HEADING = Pattern.compile("(?m)^\\s{0,3}#{1,6}\\s");

  private ReportSummary() {}

  /**
   * The text under the report's "Root cause" heading, else its first paragraph, cut to at most
   * {@code limit} characters at a word.
   */
  static String rootCause(String report, int limit) {
    if (report == null || report.isBlank()) {
      return "";
    }
    Matcher heading = ROOT_CAUSE.matcher(report);
    String section;
    if (heading.find()) {
      String rest = report.substring(heading.end());
      Matcher next = NEXT_HEADING.matcher(rest);
      section = next.find() ? rest.substring(0, next.start()) : rest;
    } else {
      section = firstParagraph(report);
    }
    return cut(section.strip(), limit);
  }

  private static String firstParagraph(String report) {
    StringBuilder out = new StringBuilder();
    for (String line : report.strip().split("\n")) {
      if (line.isBlank()) {
        if (!out.isEmpty()) {
          break;
        }
        continue;
      }
      if (NEXT_HEADING.matcher(line).lookingAt() && out.isEmpty()) {
        continue;
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /**
   * At most {@code limit} characters, ending at a word with an ellipsis when cut. The text is
   * redacted after the cut, so the cut never runs through a token: a piece of a secret is not what
   * the redactor looks for ({@link dev.oats.redact.SafeCut}).
   */
  static String cut(String text, int limit) {
    if (text == null || text.length() <= limit) {
      return text;
    }
    int end = text.lastIndexOf(' ', limit - 1);
    if (end < limit / 2) {
      return dev.oats.redact.SafeCut.head(text, limit - 1).stripTrailing() + "…";
    }
    return text.substring(0, end).stripTrailing() + "…";
  }
}
