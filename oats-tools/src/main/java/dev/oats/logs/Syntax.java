package dev.oats.logs;

/**
 * What a message's own syntax says about two differing tokens at one position: the values of one
 * key, or two quoted strings, are parameters of one event rather than words of two.
 */
final class Syntax {

  private Syntax() {}

  /**
   * Whether both tokens are {@code key=value} with the same key and a value each: {@code
   * user=alice} and {@code user=bob}. The key is a name (letters, digits, {@code _.-}).
   */
  static boolean sameKey(String a, String b) {
    int equals = keyEnd(a);
    return equals > 0
        && equals + 1 < a.length()
        && b.length() > equals + 1
        && b.charAt(equals) == '='
        && a.regionMatches(0, b, 0, equals);
  }

  private static int keyEnd(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '=') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether both tokens are strings in the same quotes, with the same punctuation around them:
   * {@code "shop"} and {@code "analytics"}, {@code ('a')} and {@code ('b')}.
   */
  static boolean bothQuoted(String a, String b) {
    int open = quoteStart(a);
    if (open < 0 || open != quoteStart(b) || !a.regionMatches(0, b, 0, open + 1)) {
      return false;
    }
    char quote = a.charAt(open);
    int closeA = a.lastIndexOf(quote);
    int closeB = b.lastIndexOf(quote);
    return closeA > open
        && closeB > open
        && a.length() - closeA == b.length() - closeB
        && a.regionMatches(closeA, b, closeB, a.length() - closeA);
  }

  /** Where the quote opens, after brackets only; -1 when the token is not quoted. */
  private static int quoteStart(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '"' || c == '\'') {
        return i;
      }
      if (c != '(' && c != '[' && c != '{' && c != '<') {
        return -1;
      }
    }
    return -1;
  }
}
