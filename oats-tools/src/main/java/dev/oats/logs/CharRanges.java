package dev.oats.logs;

/** Scans over a range of characters, without cutting a substring first. */
final class CharRanges {

  private CharRanges() {}

  /** The index of {@code c} in text[from, to), or -1: a scan that stops where told. */
  static int indexOf(String text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first character at or after {@code from} that is not whitespace. */
  static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  /** Whether s[start, end) is an integer, with an optional sign. */
  static boolean isNumber(CharSequence s, int start, int end) {
    int i = start;
    if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    if (i >= end) {
      return false;
    }
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
