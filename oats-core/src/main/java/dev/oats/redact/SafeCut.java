package dev.oats.redact;

/**
 * Cuts text to a length without showing part of a token: a cut that runs through a secret leaves a
 * piece that is neither the value the redactor was told about nor the pattern it matches, so the
 * piece would pass. The cut moves back to the last blank, quote, bracket or separator before it
 * (the characters no credential holds), and a window's start forward past the first, dropping the
 * token the cut ran through whole. Every excerpt of a tool's output, a log line, an HTTP body, an
 * annotation or an environment value that is cut before it is redacted goes through here.
 */
public final class SafeCut {

  private SafeCut() {}

  /**
   * The characters no secret runs across: blanks, quotes, brackets, separators of lists and
   * queries. Not those of base64, tokens, URLs or JWTs ({@code + / = - _ . : ~}).
   */
  public static boolean isDelimiter(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || "\"'`,;<>(){}[]&?@|".indexOf(c) >= 0;
  }

  /**
   * At most the first {@code max} characters of {@code text}: all of it when it fits, otherwise up
   * to and including the last delimiter within them (nothing when there is none).
   */
  public static String head(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Math.max(0, max);
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    if (end < text.length() && isDelimiter(text.charAt(end))) {
      return text.substring(0, end);
    }
    for (int i = end - 1; i >= 0; i--) {
      if (isDelimiter(text.charAt(i))) {
        return text.substring(0, i + 1);
      }
    }
    return "";
  }

  /**
   * {@code text[from, to)} with the tokens cut at either end dropped: the start moves past the
   * first delimiter at or after it unless a token starts there, the end as in {@link #head}.
   */
  public static String window(String text, int from, int to) {
    int start = Math.max(0, from);
    int end = Math.min(text.length(), to);
    if (start > 0 && start < end && !isDelimiter(text.charAt(start - 1))) {
      while (start < end && !isDelimiter(text.charAt(start))) {
        start++;
      }
    }
    if (start >= end) {
      return "";
    }
    String rest = text.substring(start);
    return head(rest, end - start);
  }
}
