package dev.oats.logs;

/**
 * Forms of one kind of word: {@code started}/{@code stopped}, {@code starting}/{@code stopping},
 * {@code enabled}/{@code disabled} end alike. Words that take such forms are states and actions,
 * the words that tell events apart ({@code starting remote peer}, {@code stopped remote peer}),
 * while the values of a parameter with a small domain (user names, command words) rarely pair up
 * so. Rules 26 and 27 read them this way (issue 15).
 */
final class WordForms {

  private WordForms() {}

  /** Whether two words of more than three letters end in the same two letters. */
  static boolean endAlike(String a, String b) {
    return a.length() > 3
        && b.length() > 3
        && a.regionMatches(true, a.length() - 2, b, b.length() - 2, 2);
  }

  /**
   * Rule 27: whether the values seen at a position, with {@code next}, are all words of letters of
   * which each ends like another: forms of states or actions, each its own event, however many.
   */
  static boolean allPaired(String[] values, int size, String next) {
    String[] all = java.util.Arrays.copyOf(values, size + 1);
    all[size] = next;
    for (String word : all) {
      if (!RecurringSlots.isPlainWord(word)) {
        return false;
      }
    }
    for (int a = 0; a < all.length; a++) {
      boolean paired = false;
      for (int b = 0; b < all.length && !paired; b++) {
        paired = a != b && endAlike(all[a], all[b]);
      }
      if (!paired) {
        return false;
      }
    }
    return true;
  }
}
