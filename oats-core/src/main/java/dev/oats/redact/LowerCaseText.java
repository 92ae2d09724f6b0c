package dev.oats.redact;

import java.nio.charset.StandardCharsets;

/**
 * A text with its ASCII letters in lower case ({@link Redactor#asciiLowerCase}), and which pairs of
 * adjacent characters it holds, so that a search for a word the text cannot hold is answered
 * without searching.
 *
 * <p>The redactor's detectors each look for a few words (a vendor's prefix, {@code bearer}, {@code
 * data:}) before running their expression, and the excerpts of a tool output look for some twenty
 * words of trouble: thirty and more searches of the same 16 KB output each turn of the agent loop,
 * most of them for a word that is not there. A word is in the text only if every pair of adjacent
 * characters in it is, so one pass that marks the pairs found lets most searches stop at once; a
 * word whose pairs are all there is still searched for, so nothing is found that a search would not
 * find, and nothing a search would find is missed.
 *
 * <p>The same pass notes where the text's line feeds are, and whether it breaks lines any other
 * way: the redactor's search for line-number gutters, its view of base64 lines and the output cap
 * each walked the 16 KB output's lines with a search per line, after scans for the other line
 * breaks.
 *
 * <p>The last text made is remembered by identity: the redactor and then the output cap read the
 * same tool output, lower-cased once. Instances are immutable and thread-safe.
 */
public final class LowerCaseText {

  /** The last text made, found again by identity (not by equality, which would compare it all). */
  private static volatile LowerCaseText last;

  private final String original;
  private final String lower;

  /** One bit per pair of characters, each character folded to a byte (see {@link #pair}). */
  private final long[] pairs = new long[1 << 10];

  /** Where the text's line feeds are, in order: the first {@link #newlineCount} entries. */
  private int[] newlines;

  private int newlineCount;

  /** Whether the text holds a line break other than a line feed: CR, NEL, U+2028 or U+2029. */
  private boolean otherBreaks;

  /** Whether every character of the text is below U+0100, as the lowering pass found. */
  private boolean latin1;

  private LowerCaseText(String original) {
    this.original = original;
    this.newlines = new int[Math.max(16, original.length() >>> 6)];
    this.lower = lowerAndMark(original);
    findLineBreaks(original);
  }

  /**
   * Notes the line feeds, by the vectorised search for one character, and whether there is any
   * other line break (four such searches; the last two end at once on a Latin-1 text). Noting them
   * in the pass that lowers and marks the text made that pass half as slow again.
   */
  private void findLineBreaks(String text) {
    for (int at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      newlineAt(at);
    }
    otherBreaks =
        text.indexOf('\r') >= 0
            || text.indexOf('\u0085') >= 0
            || text.indexOf('\u2028') >= 0
            || text.indexOf('\u2029') >= 0;
  }

  private void newlineAt(int index) {
    if (newlineCount == newlines.length) {
      newlines = java.util.Arrays.copyOf(newlines, newlineCount * 2);
    }
    newlines[newlineCount++] = index;
  }

  /**
   * {@link Redactor#asciiLowerCase} of the text, marking its pairs on the way: a text of Latin-1
   * characters (most tool output) is lowered and marked in one pass over its bytes, any other
   * through its characters.
   */
  private String lowerAndMark(String text) {
    int length = text.length();
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length != length) {
      return markChars(Redactor.asciiLowerCaseOfChars(text));
    }
    boolean changed = false;
    int previous = -1;
    for (int i = 0; i < length; i++) {
      int b = bytes[i] & 0xFF;
      if (b >= 'A' && b <= 'Z') {
        b += 'a' - 'A';
        bytes[i] = (byte) b;
        changed = true;
      } else if (b == '?' && text.charAt(i) != '?') {
        // An unmappable character became '?': read the text through its characters instead.
        java.util.Arrays.fill(pairs, 0L);
        return markChars(Redactor.asciiLowerCaseOfChars(text));
      }
      if (previous >= 0) {
        int pair = previous << 8 | b;
        pairs[pair >>> 6] |= 1L << pair;
      }
      previous = b;
    }
    latin1 = true;
    return changed ? new String(bytes, StandardCharsets.ISO_8859_1) : text;
  }

  private String markChars(String lowerCase) {
    for (int i = 1; i < lowerCase.length(); i++) {
      int pair = pair(lowerCase.charAt(i - 1), lowerCase.charAt(i));
      pairs[pair >>> 6] |= 1L << pair;
    }
    return lowerCase;
  }

  /** The text lower-cased, with its pairs marked; the same object for the same text in a row. */
  public static LowerCaseText of(String text) {
    LowerCaseText known = last;
    if (known != null && known.original == text) {
      return known;
    }
    LowerCaseText made = new LowerCaseText(text);
    last = made;
    return made;
  }

  /** Whether this is the pre-scan of this very text (not of an equal one). */
  public boolean isOf(String text) {
    return original == text;
  }

  /**
   * Whether every character of the text is below U+0100, so that a byte a character holds it (false
   * may also mean the text was read through its characters for another reason).
   */
  boolean isLatin1() {
    return latin1;
  }

  /** How many line feeds ({@code \n}) the text holds. */
  public int newlineCount() {
    return newlineCount;
  }

  /** Where the text's {@code k}-th line feed is, from 0: {@code text.indexOf('\n')} for 0. */
  public int newline(int k) {
    if (k < 0 || k >= newlineCount) {
      throw new IndexOutOfBoundsException("line feed " + k + " of " + newlineCount);
    }
    return newlines[k];
  }

  /**
   * Whether the text breaks lines only with line feeds: it holds no carriage return, NEL ({@code
   * \u0085}), line separator ({@code \u2028}) or paragraph separator ({@code \u2029}).
   */
  public boolean breaksOnlyAtNewlines() {
    return !otherBreaks;
  }

  /** The text with its ASCII letters in lower case, as {@link Redactor#asciiLowerCase} makes it. */
  public String text() {
    return lower;
  }

  /**
   * Whether the lower-cased text contains {@code word}, exactly as {@code text().contains(word)}:
   * the search only runs when every pair of adjacent characters of the word is in the text.
   */
  public boolean contains(String word) {
    return mayContain(word) && lower.contains(word);
  }

  /**
   * False when the lower-cased text cannot contain {@code word}: a pair of its adjacent characters
   * is nowhere in the text. True says only that it may (pairs of characters beyond Latin-1 share
   * bits, and the pairs may be found apart).
   */
  public boolean mayContain(String word) {
    for (int i = 1; i < word.length(); i++) {
      int pair = pair(word.charAt(i - 1), word.charAt(i));
      if ((pairs[pair >>> 6] & (1L << pair)) == 0) {
        return false;
      }
    }
    return word.length() <= lower.length();
  }

  /**
   * A pair of characters as a number below 2^16: each character folded to a byte (exact for
   * Latin-1), so characters beyond it share a bit with one in it, which can only make a word look
   * possible, never impossible.
   */
  private static int pair(char first, char second) {
    int a = (first ^ (first >>> 8)) & 0xFF;
    int b = (second ^ (second >>> 8)) & 0xFF;
    return a << 8 | b;
  }
}
