package dev.oats.logs;

/**
 * A list that is the value of a key (rule 33): {@code voters=(1216 1442)}, {@code peers=[a b c]},
 * {@code voters=()}. Rule 18 folds values side by side inside a bracket the run of values opened,
 * {@code (4 9 12)}; a bracket opened right after a key's {@code =} opens such a run as well, so the
 * list's length no longer splits its event, and an empty bracket there is the same list with no
 * items ({@code key=(<*>)}); so is an empty bracket standing alone, {@code [peers: [], term: 0]}
 * against {@code [peers: [a b], term: 2]} ({@code [<*>],}), while one glued to a name is a call
 * ({@code flush()}). Stateless; used by {@link Masker#maskJoined}.
 */
final class KeyedLists {

  private KeyedLists() {}

  /**
   * Where the wildcard of a masked {@code key=(<*>} token is (openings only after the {@code =},
   * nothing after the wildcard), or -1.
   */
  static int openingWildcard(String token) {
    int eq = keyEnd(token, 0, token.length());
    if (eq < 0) {
      return -1;
    }
    int at = eq + 1;
    while (at < token.length() && isBracket(token.charAt(at))) {
      at++;
    }
    if (at == eq + 1 || !token.startsWith(Masker.WILDCARD, at)) {
      return -1;
    }
    return at + Masker.WILDCARD.length() == token.length() ? at : -1;
  }

  /** The brackets opened after the key of an {@link #openingWildcard} token. */
  static int openings(String token, int wildcard) {
    return wildcard - keyEnd(token, 0, token.length()) - 1;
  }

  /**
   * {@code key=()} or {@code key=[]} in s[start, end): the same key with {@code (<*>)}; or null.
   */
  static String emptyList(String s, int start, int end) {
    int eq = keyEnd(s, start, end);
    if (eq < 0 || end - eq != 3) {
      return null;
    }
    char open = s.charAt(eq + 1);
    char close = s.charAt(eq + 2);
    if (!((open == '(' && close == ')') || (open == '[' && close == ']'))) {
      return null;
    }
    return s.substring(start, eq + 2) + Masker.WILDCARD + close;
  }

  /** {@code []} or {@code ()}, with punctuation after: {@code [<*>]}; or null. */
  static String bareEmptyList(String s, int start, int end) {
    if (end - start < 2) {
      return null;
    }
    char open = s.charAt(start);
    char close = s.charAt(start + 1);
    if (!((open == '(' && close == ')') || (open == '[' && close == ']'))) {
      return null;
    }
    for (int i = start + 2; i < end; i++) {
      char c = s.charAt(i);
      if (c != ',' && c != ';' && c != ')' && c != ']') {
        return null;
      }
    }
    return open + Masker.WILDCARD + s.substring(start + 1, end);
  }

  /** The index of the {@code =} ending a key that starts s[start, end), or -1. */
  private static int keyEnd(String s, int start, int end) {
    if (start >= end || !Character.isLetter(s.charAt(start))) {
      return -1;
    }
    for (int i = start + 1; i < end; i++) {
      char c = s.charAt(i);
      if (c == '=') {
        return i;
      }
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.')) {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isBracket(char c) {
    return c == '(' || c == '[';
  }
}
