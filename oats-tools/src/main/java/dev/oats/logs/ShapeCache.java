package dev.oats.logs;

/**
 * Remembers the masked key ({@link Masker#maskJoined}) of recent messages by their <em>shape</em>:
 * the message with the value of every ASCII digit forgotten, where it stands kept. Most lines of a
 * log repeat a message seen a moment ago with other numbers in it, and such a line is masked as
 * that one was, so its key is found here in one pass over its characters instead of tokenising and
 * masking it again.
 *
 * <p>Why it gives the key masking would: masking looks at where the digits of a message are, never
 * at what they are, with one exception, a {@code 0} before an {@code x} ({@code 0x1f}, a hex
 * number), which the shape keeps. Two messages of one shape therefore take the same path through
 * the masker, and their keys differ at most in digits copied from the message into the key (the
 * {@code 0} of {@code eth0}). A key with no digit is the key of every message of its shape. A key
 * holding digits is rebuilt for another message of its shape from where each of its digits was
 * copied, which is learnt once per shape by masking the message again with its digits set by the
 * bits of their index ({@link #provenance}); a key whose digits cannot all be traced so is only
 * reused for the very same message. {@code ShapeCacheTest} checks the premise against the masker on
 * real and fuzzed lines, so a masking rule that reads a digit's value shows there.
 *
 * <p>Memory is bounded: a fixed number of slots, one entry per slot, the newest shape in a slot
 * replacing the one before. Not thread-safe: one parser reads one stream.
 */
final class ShapeCache {

  /** Slots in the table: a power of two. */
  private static final int SLOTS = 1 << 12;

  /** Most digits a message may have for its key's digits to be traced. */
  private static final int MAX_TRACED_DIGITS = 64;

  /** No digit of the key copied from the message. */
  private static final int[] NONE = {};

  private final Masker masker;
  private final String[] shapes = new String[SLOTS];
  private final String[] messages = new String[SLOTS];
  private final String[] keys = new String[SLOTS];

  /** Whether the key holds a digit not traced, so that only the same message may reuse it. */
  private final boolean[] exact = new boolean[SLOTS];

  /**
   * For a key whose digits were traced to the message: pairs of (index in the key, index in the
   * message), one per digit copied; null for any other key.
   */
  private final int[][] copies = new int[SLOTS][];

  /**
   * The layout of the measured numbers of the slot's shape ({@link NumberFields.Layout}), learnt
   * the first time it is asked for; null until then.
   */
  private final NumberFields.Layout[] numberLayouts = new NumberFields.Layout[SLOTS];

  /** The slot of the message last given to {@link #maskJoined}. */
  private int lastSlot = -1;

  private String lastMessage;

  /** Where a shape is written: the message's characters and one more. */
  private char[] chars = new char[256];

  private long hits;
  private long misses;

  ShapeCache(Masker masker) {
    this.masker = masker;
  }

  /**
   * The masked key of {@code content}, as {@link Masker#maskJoined} gives it: the same string for
   * every message of one shape, so that the miner's table of recent keys finds it at once.
   */
  String maskJoined(String content) {
    String shape = shapeOf(content);
    int hash = shape.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String seen = shapes[slot];
    lastSlot = slot;
    lastMessage = content;
    if (seen != null && seen.equals(shape)) {
      int[] copied = copies[slot];
      if (copied != null) {
        hits++;
        // The slot keeps the last key given: handed on as the same instance while the copied
        // digits repeat, so that the miner's table of recent keys hashes nothing.
        String key = keys[slot];
        if (!sameCopies(key, copied, content)) {
          key = rebuilt(key, copied, content);
          keys[slot] = key;
        }
        return key;
      }
      if (!exact[slot] || messages[slot].equals(content)) {
        hits++;
        return keys[slot];
      }
    }
    misses++;
    String key = masker.maskJoined(content);
    if (seen == null || !seen.equals(shape)) {
      numberLayouts[slot] = null;
    }
    shapes[slot] = shape;
    messages[slot] = content;
    keys[slot] = key;
    // A key with no digit, or whose digits are all its own, is the key of the whole shape.
    int[] copied = holdsDigit(key) ? provenance(content, key) : NONE;
    copies[slot] = copied == null || copied.length == 0 ? null : copied;
    exact[slot] = copied == null;
    return key;
  }

  /**
   * What this cache knows of the shape of the message last given to {@link #maskJoined}, to give
   * the key of another message of that shape without its shape being made: for a caller that knows
   * the shape already (a line of a known shape whose message starts at a known place; see {@link
   * LogParser#templateId}). A copy: the slot may take another shape after.
   */
  Known known() {
    int slot = lastSlot;
    return new Known(keys[slot], copies[slot], exact[slot] ? messages[slot] : null);
  }

  /**
   * The key of every message of one shape ({@link #known}): as {@link #maskJoined} gives it, with
   * the digits it copies from the message set, or, for a key holding digits not traced, only for
   * the very same message.
   */
  static final class Known {

    /** The key last given; its copied digits are those of the message it was given for. */
    private String key;

    private final int[] copied;

    /** The only message the key is for (a key holding digits not traced), or null: any. */
    private final String message;

    private Known(String key, int[] copied, String message) {
      this.key = key;
      this.copied = copied;
      this.message = message;
    }

    /**
     * The key of the message {@code text[start, end)} of the known shape, as {@link #maskJoined}
     * gives it: the same instance while the copied digits repeat; null when only masking can tell
     * (a key for another message only).
     */
    String keyOf(String text, int start) {
      if (copied != null) {
        String last = key;
        for (int i = 0; i < copied.length; i += 2) {
          if (last.charAt(copied[i]) != text.charAt(start + copied[i + 1])) {
            char[] chars = last.toCharArray();
            for (int j = 0; j < copied.length; j += 2) {
              chars[copied[j]] = text.charAt(start + copied[j + 1]);
            }
            key = new String(chars);
            return key;
          }
        }
        return last;
      }
      if (message == null
          || (text.length() - start == message.length()
              && text.regionMatches(start, message, 0, message.length()))) {
        return key;
      }
      return null;
    }
  }

  /**
   * The measured numbers of {@code content} ({@link NumberFields#read}), which must be the message
   * last given to {@link #maskJoined}: where they lie is learnt once per shape, as it is the same
   * for every message of one shape, and only their values are read from each message.
   */
  int readNumbers(String content, NumberFields.Field[] out) {
    if (content != lastMessage) {
      throw new IllegalStateException("not the message last masked");
    }
    NumberFields.Layout layout = numberLayouts[lastSlot];
    if (layout == null) {
      layout = NumberFields.layout(content);
      numberLayouts[lastSlot] = layout;
    }
    return layout.fill(content, out);
  }

  /**
   * Where each digit of {@code key}, the masked key of {@code content}, was copied from: pairs of
   * (index in the key, index in the message), or null when some digit cannot be traced to one digit
   * of the message. The message is masked again twice per bit of a digit's index: once with each of
   * its digits written {@code 7} where that bit of the digit's index is set and {@code 3} where it
   * is not, once the other way round. A digit of the key copied from the message flips between the
   * two in every pair and so spells its source's index; a digit the key holds of its own stays as
   * it is in every pair. Anything else (a key of another length or other characters, a digit that
   * flips in some pairs only) leaves the key to be reused for the very same message only. A {@code
   * 0} before an {@code x} is part of the shape and never varied.
   */
  private int[] provenance(String content, String key) {
    int n = content.length();
    int[] digits = new int[MAX_TRACED_DIGITS];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (isDigit(content.charAt(i)) && !isHexPrefix(content, i)) {
        if (count == MAX_TRACED_DIGITS) {
          return null;
        }
        digits[count++] = i;
      }
    }
    int length = key.length();
    int[] source = new int[length];
    int[] flipped = new int[length];
    int[] held = new int[length];
    int bits = 32 - Integer.numberOfLeadingZeros(Math.max(count - 1, 1));
    char[] variant = content.toCharArray();
    for (int bit = 0; bit < bits; bit++) {
      String[] pair = new String[2];
      for (int flip = 0; flip < 2; flip++) {
        for (int d = 0; d < count; d++) {
          variant[digits[d]] = ((d >>> bit) & 1) != flip ? '7' : '3';
        }
        pair[flip] = masker.maskJoined(new String(variant));
        if (!sameButDigits(pair[flip], key)) {
          return null;
        }
      }
      for (int q = 0; q < length; q++) {
        char a = pair[0].charAt(q);
        char b = pair[1].charAt(q);
        if (!isDigit(a)) {
          continue;
        }
        if (a == b && a == key.charAt(q)) {
          held[q]++;
        } else if (a == '7' && b == '3' || a == '3' && b == '7') {
          flipped[q]++;
          source[q] |= (a == '7' ? 1 : 0) << bit;
        } else {
          return null;
        }
      }
    }
    int[] copied = new int[2 * length];
    int pairs = 0;
    for (int q = 0; q < length; q++) {
      if (flipped[q] == bits && source[q] < count) {
        copied[pairs++] = q;
        copied[pairs++] = digits[source[q]];
      } else if (isDigit(key.charAt(q)) && held[q] != bits) {
        return null;
      }
    }
    int[] traced = java.util.Arrays.copyOf(copied, pairs);
    // What was learnt must give back the key it was learnt from.
    return rebuilt(key, traced, content).equals(key) ? traced : null;
  }

  /** The key of another message of the shape {@code key} was traced on: its copied digits set. */
  private static String rebuilt(String key, int[] copied, String content) {
    char[] chars = key.toCharArray();
    for (int i = 0; i < copied.length; i += 2) {
      chars[copied[i]] = content.charAt(copied[i + 1]);
    }
    return new String(chars);
  }

  /** Whether {@code key} holds already the digits of {@code content} it copies. */
  private static boolean sameCopies(String key, int[] copied, String content) {
    for (int i = 0; i < copied.length; i += 2) {
      if (key.charAt(copied[i]) != content.charAt(copied[i + 1])) {
        return false;
      }
    }
    return true;
  }

  /** Whether a key is {@code key} but for the values of its digits. */
  private static boolean sameButDigits(String other, String key) {
    if (other.length() != key.length()) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      char x = other.charAt(i);
      char y = key.charAt(i);
      if (x != y && !(isDigit(x) && isDigit(y))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the character at i is a {@code 0} before an {@code x}, which the shape keeps. */
  private static boolean isHexPrefix(String s, int i) {
    return s.charAt(i) == '0' && i + 1 < s.length() && (s.charAt(i + 1) | 0x20) == 'x';
  }

  /** Lines whose key was found here. */
  long hits() {
    return hits;
  }

  /** Lines masked because their shape was not here. */
  long misses() {
    return misses;
  }

  /**
   * The shape of a message: its characters with every digit written {@code 1}, but a {@code 0}
   * before an {@code x}, which stays {@code 0}. Digits map to digits, so no other character is
   * taken for one. Made in a few passes over arrays, each of which the JIT compiles to vector code.
   */
  String shapeOf(String s) {
    int n = s.length();
    if (chars.length <= n) {
      chars = new char[Math.max(n + 1, chars.length * 2)];
    }
    char[] c = chars;
    s.getChars(0, n, c, 0);
    c[n] = 0;
    for (int i = 0; i < n; i++) {
      char x = c[i];
      if (x >= '0' && x <= '9') {
        c[i] = x == '0' && (c[i + 1] | 0x20) == 'x' ? '0' : '1';
      }
    }
    return new String(c, 0, n);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean holdsDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }
}
