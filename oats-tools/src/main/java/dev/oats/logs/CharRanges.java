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

  // Character's tests with an ASCII fast path: the same answers, without the lookup through
  // Character's data tables for the characters most log text is made of.

  /** {@link Character#isLetterOrDigit(char)}. */
  static boolean isLetterOrDigit(char c) {
    if (c < 128) {
      char folded = (char) (c | 0x20);
      return (folded >= 'a' && folded <= 'z') || (c >= '0' && c <= '9');
    }
    return Character.isLetterOrDigit(c);
  }

  /** {@link Character#isLetter(char)}. */
  static boolean isLetter(char c) {
    if (c < 128) {
      char folded = (char) (c | 0x20);
      return folded >= 'a' && folded <= 'z';
    }
    return Character.isLetter(c);
  }

  /** {@link Character#isLowerCase(char)}. */
  static boolean isLowerCase(char c) {
    return c < 128 ? c >= 'a' && c <= 'z' : Character.isLowerCase(c);
  }

  /** {@link Character#isUpperCase(char)}. */
  static boolean isUpperCase(char c) {
    return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
  }

  /** {@link Character#isDigit(char)}. */
  static boolean isDigit(char c) {
    return c < 128 ? c >= '0' && c <= '9' : Character.isDigit(c);
  }
}
