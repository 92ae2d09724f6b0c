package dev.oats.logs;

/**
 * Removes ANSI escape sequences (terminal colours and cursor moves), which many programs write into
 * their logs when they believe a terminal is listening, and which would otherwise hide headers and
 * split templates.
 */
final class AnsiCodes {

  private static final char ESCAPE = '\u001b';

  private AnsiCodes() {}

  /** The line without its escape sequences; the same string when it has none. */
  static String strip(String line) {
    int escape = line.indexOf(ESCAPE);
    if (escape < 0) {
      return line;
    }
    StringBuilder out = new StringBuilder(line.length());
    int i = 0;
    while (escape >= 0) {
      out.append(line, i, escape);
      i = sequenceEnd(line, escape);
      escape = line.indexOf(ESCAPE, i);
    }
    return out.append(line, i, line.length()).toString();
  }

  /**
   * The index after the sequence starting at {@code escape}: a CSI sequence ({@code ESC [} then
   * parameters then a final letter), or the escape and the one character after it.
   */
  private static int sequenceEnd(String line, int escape) {
    int i = escape + 1;
    if (i < line.length() && line.charAt(i) == '[') {
      i++;
      while (i < line.length() && (line.charAt(i) < '@' || line.charAt(i) > '~')) {
        i++;
      }
      return Math.min(i + 1, line.length());
    }
    return Math.min(i + 1, line.length());
  }
}
