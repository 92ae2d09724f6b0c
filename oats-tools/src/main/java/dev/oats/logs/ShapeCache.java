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
 * {@code 0} of {@code eth0}). A key with no digit is the key of every message of its shape; a key
 * holding a digit is only reused for the very same message. {@code ShapeCacheTest} checks the
 * premise against the masker on real and fuzzed lines, so a masking rule that reads a digit's value
 * shows there.
 *
 * <p>Memory is bounded: a fixed number of slots, one entry per slot, the newest shape in a slot
 * replacing the one before. Not thread-safe: one parser reads one stream.
 */
final class ShapeCache {

  /** Slots in the table: a power of two. */
  private static final int SLOTS = 1 << 12;

  private final Masker masker;
  private final String[] shapes = new String[SLOTS];
  private final String[] messages = new String[SLOTS];
  private final String[] keys = new String[SLOTS];

  /** Whether the key holds a digit, so that only the same message may reuse it. */
  private final boolean[] exact = new boolean[SLOTS];

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
    if (seen != null && seen.equals(shape) && (!exact[slot] || messages[slot].equals(content))) {
      hits++;
      return keys[slot];
    }
    misses++;
    String key = masker.maskJoined(content);
    shapes[slot] = shape;
    messages[slot] = content;
    keys[slot] = key;
    exact[slot] = holdsDigit(key);
    return key;
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
