package dev.oats.logs;

/**
 * Forms of words: {@code starting}/{@code started} and {@code stopping}/{@code stopped} share a
 * stem (two inflections of one verb). Words that take such forms are states and actions, the words
 * that tell events apart ({@code starting remote peer}, {@code stopped remote peer}), while the
 * values of a parameter with a small domain (user names, command words) rarely pair up so. Rule 27
 * reads them this way (issue 15).
 */
final class WordForms {

  private WordForms() {}

  /**
   * Whether two different words of letters share a stem of four letters or more: forms of one verb
   * ({@code starting}/{@code started}, {@code stopping}/{@code stopped}).
   */
  static boolean sameStem(String a, String b) {
    return a.length() > 4 && b.length() > 4 && !a.equals(b) && a.regionMatches(true, 0, b, 0, 4);
  }

  /**
   * Rule 27: whether the values seen at a position, with {@code next}, are all words of letters of
   * which each shares its stem with another: forms of a few verbs, each its own event. Names and
   * other values of a parameter rarely come so ({@code mailer}, {@code indexer} only end alike).
   */
  static boolean allPaired(String[] values, int size, String next) {
    String[] all = java.util.Arrays.copyOf(values, size + 1);
    all[size] = next;
    for (String word : all) {
      if (!isLetters(word)) {
        return false;
      }
    }
    for (int a = 0; a < all.length; a++) {
      boolean paired = false;
      for (int b = 0; b < all.length && !paired; b++) {
        paired = a != b && sameStem(all[a], all[b]);
      }
      if (!paired) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a word of letters is a participle or gerund ({@code started}, {@code Sending}, {@code
   * LOOKING}): the form of a verb, an event's word.
   */
  static boolean isVerbForm(String token) {
    int n = token.length();
    if (n < 5 || !isLetters(token)) {
      return false;
    }
    return token.regionMatches(true, n - 2, "ed", 0, 2)
        || token.regionMatches(true, n - 3, "ing", 0, 3);
  }

  /**
   * Whether a word is capitalised: a capital letter, then at least one small one ({@code Client},
   * {@code Route}; not {@code GET} nor {@code root}).
   */
  static boolean isCapitalised(String token) {
    if (token.length() < 2 || !Character.isUpperCase(token.charAt(0))) {
      return false;
    }
    for (int i = 1; i < token.length(); i++) {
      if (Character.isLowerCase(token.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isLetters(String token) {
    if (token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      if (!Character.isLetter(token.charAt(i))) {
        return false;
      }
    }
    return true;
  }
}
