package dev.oats.logs;

/**
 * A <em>key row</em> (rule 31): after the level, a name ending in a colon followed by one token and
 * the end of the line, {@code Name: n1} or {@code banTime: 600}, is a row of a settings or banner
 * dump (one log call per key, the value its parameter), not a logger name and a one-word message.
 * Taking the key for a logger left every row of the dump the template {@code <*>}, so rows of
 * different keys merged, and a row whose value is a name became a template per value.
 */
final class KeyRows {

  private KeyRows() {}

  /**
   * Whether text, after the {@code key:} that ends at {@code keyEnd}, is one token that is not a
   * plain word, and then the end.
   */
  static boolean isKeyRow(String text, int keyEnd) {
    int start = CharRanges.skipSpaces(text, keyEnd);
    if (start == keyEnd || start >= text.length()) {
      return false;
    }
    int end = start;
    boolean word = true;
    while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
      word &= Character.isLetter(text.charAt(end));
      end++;
    }
    return !word && CharRanges.skipSpaces(text, end) >= text.length();
  }
}
