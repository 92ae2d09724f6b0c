package dev.oats.agent;

import java.util.List;

/**
 * Cuts a long text to a size while keeping what an engineer would look at: the first lines (what
 * was run, headers), the last lines (the verdict, the newest log lines) and, from the middle, the
 * lines that look like trouble. Says how much was cut and how to see it.
 */
final class Excerpt {

  /**
   * Words of lines that look like trouble, matched anywhere in a line, ignoring ASCII case. Plain
   * substring searches of the lower-cased line: a case-insensitive regular expression of these
   * alternatives tried every word at every position, and cost most of the time of a turn whose tool
   * printed a few thousand lines.
   */
  private static final List<String> TROUBLE =
      List.of(
          "error",
          "warn",
          "fail",
          "fatal",
          "exception",
          "panic",
          "denied",
          "forbidden",
          "killed",
          "oom",
          "refused",
          "timeout",
          "timed out",
          "crash",
          "backoff",
          "unhealthy",
          "not found",
          "evict",
          "unschedulable",
          "exit code");

  private static final int MAX_LINE_CHARS = 400;

  private Excerpt() {}

  /**
   * The text itself when it fits, else an excerpt of at most about {@code maxChars} characters.
   *
   * @param why what to say about the cut, such as "to fit the output limit"
   */
  static String of(String text, int maxChars, String why) {
    if (text.length() <= maxChars) {
      return text;
    }
    List<String> lines = text.lines().map(Excerpt::clip).toList();
    int headBudget = maxChars * 2 / 5;
    int tailBudget = maxChars * 3 / 10;
    boolean[] keep = new boolean[lines.size()];
    int used = takeFromStart(lines, keep, headBudget);
    used += takeFromEnd(lines, keep, tailBudget);
    used += takeTrouble(lines, keep, maxChars - used);
    return render(lines, keep, text.length(), why);
  }

  private static int takeFromStart(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = 0; i < lines.size() && used + lines.get(i).length() + 1 <= budget; i++) {
      keep[i] = true;
      used += lines.get(i).length() + 1;
    }
    return used;
  }

  private static int takeFromEnd(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = lines.size() - 1; i >= 0 && !keep[i]; i--) {
      if (used + lines.get(i).length() + 1 > budget) {
        break;
      }
      keep[i] = true;
      used += lines.get(i).length() + 1;
    }
    return used;
  }

  private static int takeTrouble(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!keep[i] && used + line.length() + 1 <= budget && looksLikeTrouble(line)) {
        keep[i] = true;
        used += line.length() + 1;
      }
    }
    return used;
  }

  static boolean looksLikeTrouble(String line) {
    String lower = asciiLowerCase(line);
    for (String word : TROUBLE) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Only A-Z change, as in a case-insensitive match without Unicode case folding. */
  private static String asciiLowerCase(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  private static String render(List<String> lines, boolean[] keep, int originalChars, String why) {
    StringBuilder out = new StringBuilder();
    int keptLines = 0;
    int skipped = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!keep[i]) {
        skipped++;
        continue;
      }
      if (skipped > 0) {
        out.append("[... ").append(skipped).append(" lines cut ...]\n");
        skipped = 0;
      }
      out.append(lines.get(i)).append('\n');
      keptLines++;
    }
    if (skipped > 0) {
      out.append("[... ").append(skipped).append(" lines cut ...]\n");
    }
    out.append(
        "[%d of %d lines (%,d characters) kept %s; narrow the query (a filter, fewer lines, a"
                .formatted(keptLines, lines.size(), originalChars, why)
            + " shorter time range) to see the rest]");
    return out.toString();
  }

  private static String clip(String line) {
    return line.length() <= MAX_LINE_CHARS
        ? line
        : line.substring(0, MAX_LINE_CHARS) + "... [line cut]";
  }
}
