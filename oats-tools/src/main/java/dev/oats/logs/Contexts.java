package dev.oats.logs;

/**
 * Folds the <em>context</em> a program prints before its message into one value, so that the
 * context's length does not split an event: fields of values set off by lone dashes at the start
 * ({@code cid:<*> - "<*>" - msg}, where the quoted client name is there only when the client gave
 * one; a quoted string is a value too) and a bracket holding nothing but values and empty-field
 * dashes ({@code [req-<*> <*> <*> - - -]}, {@code [req-<*> - - - - -]}, {@code [-]}, as
 * request-scoped services print them). Works on {@link Masker#maskJoined} strings; stateless.
 */
final class Contexts {

  private static final char SEP = Masker.SEPARATOR;

  /** How far into the message a bracketed context may open. */
  private static final int MAX_BRACKET_START = 3;

  /** The most tokens a bracketed context spans. */
  private static final int MAX_BRACKET_TOKENS = 12;

  private Contexts() {}

  /** The masked message with its leading contexts folded; the same string when there are none. */
  static String fold(String joined) {
    String folded = foldBracket(joined);
    return foldDashedFields(folded);
  }

  /**
   * {@code V1 - V2 - ... Vk - rest}, each V one token holding a value: keeps V1 and its dash, so
   * that a field present on some lines only (a client's name) leaves the message as it was.
   */
  private static String foldDashedFields(String joined) {
    int first = joined.indexOf(SEP);
    if (first < 0 || !isDash(joined, first + 1) || !holdsValue(joined, 0, first)) {
      return joined;
    }
    int keepEnd = first + 2; // after "V1<SEP>-"
    int cut = keepEnd;
    int at = keepEnd;
    while (at < joined.length() && joined.charAt(at) == SEP) {
      int start = at + 1;
      int end = tokenEnd(joined, start);
      if (end >= joined.length()
          || !isDash(joined, end + 1)
          || !(holdsValue(joined, start, end) || isQuoted(joined, start, end))) {
        break;
      }
      // Another field of values, then a dash: fold it away, as long as a message follows.
      int next = end + 2;
      if (next >= joined.length()) {
        break;
      }
      cut = next;
      at = next;
    }
    return cut == keepEnd ? joined : joined.substring(0, keepEnd) + joined.substring(cut);
  }

  /**
   * A bracket in the first tokens that holds only values and lone dashes (empty fields), over two
   * tokens or more, or a bracket of dashes alone ({@code [-]}): one {@code [<*>]}.
   */
  private static String foldBracket(String joined) {
    int start = 0;
    for (int t = 0; t <= MAX_BRACKET_START && start < joined.length(); t++) {
      int end = tokenEnd(joined, start);
      if (joined.charAt(start) == '[') {
        int close = bracketEnd(joined, start, end);
        if (close > 0) {
          return joined.substring(0, start) + "[" + Masker.WILDCARD + "]" + joined.substring(close);
        }
        return joined;
      }
      start = end + 1;
    }
    return joined;
  }

  /**
   * Where the bracketed context opened at {@code start} ends (after its {@code ]}, and any
   * punctuation after it is dropped with it), or -1 when it is not one.
   */
  private static int bracketEnd(String joined, int start, int firstEnd) {
    int tokenStart = start;
    int end = firstEnd;
    boolean value = false;
    for (int t = 0; t < MAX_BRACKET_TOKENS; t++) {
      int innerStart = tokenStart == start ? start + 1 : tokenStart;
      // Searches bounded by the token: a line's other tokens are never read.
      int close = CharRanges.indexOf(joined, ']', innerStart, end);
      boolean last = close >= 0;
      int innerEnd = last ? close : end;
      if (CharRanges.indexOf(joined, '[', innerStart, innerEnd) >= 0) {
        return -1;
      }
      if (innerEnd - innerStart == 1 && joined.charAt(innerStart) == '-') {
        // An empty field.
      } else if (holdsValue(joined, innerStart, innerEnd)) {
        value = true;
      } else {
        return -1;
      }
      if (last) {
        if (close + 1 != end) {
          return -1;
        }
        return (value && t >= 1) || !value ? end : -1;
      }
      if (end >= joined.length()) {
        return -1;
      }
      tokenStart = end + 1;
      end = tokenEnd(joined, tokenStart);
    }
    return -1;
  }

  private static int tokenEnd(String joined, int start) {
    int end = joined.indexOf(SEP, start);
    return end < 0 ? joined.length() : end;
  }

  /** Whether the token at {@code at} is a lone dash. */
  private static boolean isDash(String joined, int at) {
    return at < joined.length()
        && joined.charAt(at) == '-'
        && (at + 1 == joined.length() || joined.charAt(at + 1) == SEP);
  }

  /** A quoted string, which the message's syntax marks as a parameter (a name, a reason). */
  private static boolean isQuoted(String joined, int start, int end) {
    if (end - start < 2) {
      return false;
    }
    char open = joined.charAt(start);
    return (open == '"' || open == '\'') && joined.charAt(end - 1) == open;
  }

  private static boolean holdsValue(String joined, int start, int end) {
    for (int i = CharRanges.indexOf(joined, '<', start, end);
        i >= 0 && i + 2 < end;
        i = CharRanges.indexOf(joined, '<', i + 1, end)) {
      if (joined.charAt(i + 1) == '*' && joined.charAt(i + 2) == '>') {
        return true;
      }
    }
    return false;
  }
}
