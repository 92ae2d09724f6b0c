package dev.oats.agent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.ToIntFunction;

/**
 * cl100k's token count of a text as the sum of the counts of its pieces, each short piece's count
 * remembered. cl100k first cuts a text into pieces by its pre-tokenizing expression (words with
 * their leading blank, runs of up to three digits, punctuation, blank runs) and then merges the
 * bytes of each piece on its own, so a text's count is the sum of its pieces' counts. jtokkit looks
 * every piece up in its 100k-entry table (and, for a piece that is not one token, every pair and
 * merge of its bytes), allocating arrays as it goes; a log, a manifest or a JSON document says the
 * same words again and again, and here a piece seen before costs a hash and a comparison.
 *
 * <p>The cut is this class's own, made to be exactly jtokkit's {@code Cl100kParser} (not the
 * regular expression as Java would read it: its blanks are Unicode's, and its contractions are
 * {@code 's 'd 't 'm} either case, {@code 'ſ}, and {@code 'll 've 're} in ASCII case); {@code
 * Cl100kPiecesTest} compares the two cuts on generated and real texts. A piece's count is the
 * counter's count of the piece alone: cut alone, a piece is one piece (whatever followed it only
 * decided where it ended), which the same test checks by comparing counts.
 *
 * <p>What is remembered is bounded: {@value #SLOTS} slots of short Latin-1 pieces, each one number
 * (64 KB), and {@value #SLOTS} of entries, each one piece of at most {@value #REMEMBERED_CHARS}
 * characters (longer ones are rare and counted each time); a piece may be in one of two slots given
 * by its hash, and a new one pushes out the one of the two seen least lately. The slots are shared
 * by every thread without a lock: an entry is immutable, and a packed slot read and written whole,
 * each checked whole against the piece, so a thread sees a whole entry or none, and threads writing
 * the same slots at once only lose entries (to be counted again), never mix them up.
 */
final class Cl100kPieces {

  private static final int SLOT_BITS = 13;

  /** The slots of remembered pieces. */
  static final int SLOTS = 1 << SLOT_BITS;

  /** The longest piece remembered, in UTF-16 characters. */
  static final int REMEMBERED_CHARS = 32;

  private static final byte LETTER = 1;
  private static final byte NUMBER = 2;
  private static final byte BLANK = 3;
  private static final byte LINE_BREAK = 4;
  private static final byte OTHER = 5;
  private static final byte NOTHING = 0;

  /** The kind of each ASCII character. */
  private static final byte[] ASCII = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      ASCII[c] = OTHER;
    }
    for (int c = 'a'; c <= 'z'; c++) {
      ASCII[c] = LETTER;
      ASCII[c - 'a' + 'A'] = LETTER;
    }
    for (int c = '0'; c <= '9'; c++) {
      ASCII[c] = NUMBER;
    }
    for (char c : new char[] {'\t', '\u000B', '\f', ' '}) {
      ASCII[c] = BLANK;
    }
    ASCII['\r'] = LINE_BREAK;
    ASCII['\n'] = LINE_BREAK;
  }

  /** The longest piece held as a number rather than a string: seven Latin-1 characters. */
  static final int PACKED_CHARS = 7;

  /**
   * A remembered piece and its count. A piece of at most {@value #PACKED_CHARS} Latin-1 characters
   * (most pieces of logs and manifests) is remembered in {@link #packed}; when its count is too
   * large for that, it is here with its {@code key}: its length in the top byte, then a byte a
   * character, so that a lookup compares one number and reads no string. Other pieces have key 0
   * and are compared by their characters.
   */
  private record Entry(String piece, long key, int hash, int tokens) {}

  /** Bits 0-55 of a packed slot: the piece's characters, a byte each. */
  private static final long CHARS = (1L << 56) - 1;

  /** Bits 56-59 of a packed slot: the piece's count. */
  private static final int COUNT_SHIFT = 56;

  private static final long COUNT_BITS = 0xFL << COUNT_SHIFT;

  /** The largest count a packed slot holds; a larger one is kept in an entry. */
  private static final int MOST_PACKED_COUNT = 15;

  /** Bits 60-62 of a packed slot: the piece's length, 1 to 7; an empty slot is 0. */
  private static final int LENGTH_SHIFT = 60;

  /**
   * Reads and writes a packed slot whole: a thread never sees half of one number and half of
   * another, which plain reads and writes of a {@code long} do not promise.
   */
  private static final VarHandle PACKED = MethodHandles.arrayElementVarHandle(long[].class);

  private final ToIntFunction<String> tokenizer;
  private final Entry[] slots = new Entry[SLOTS];

  /**
   * The short Latin-1 pieces (most pieces of logs and manifests), each slot one number: the piece's
   * characters, its count and its length. Following an entry to a random place in memory for each
   * piece was most of a warm count; these 64 KB are read in place.
   */
  private final long[] packed = new long[SLOTS];

  /**
   * @param tokenizer counts the tokens of one piece (jtokkit's count of it alone)
   */
  Cl100kPieces(ToIntFunction<String> tokenizer) {
    this.tokenizer = tokenizer;
  }

  /** The text's count: the sum of its pieces' counts. */
  int count(String text) {
    int length = text.length();
    int tokens = 0;
    for (int start = 0; start < length; ) {
      int end = end(text, start);
      tokens += countPiece(text, start, end);
      start = end;
    }
    return tokens;
  }

  /** The most pieces remembered, whatever was counted: the entries' slots and the packed ones. */
  static final int MOST_REMEMBERED = 2 * SLOTS;

  /** How many slots hold a piece: at most {@link #MOST_REMEMBERED}. */
  int remembered() {
    int held = 0;
    for (Entry entry : slots) {
      if (entry != null) {
        held++;
      }
    }
    for (int i = 0; i < SLOTS; i++) {
      if ((long) PACKED.getOpaque(packed, i) != 0) {
        held++;
      }
    }
    return held;
  }

  private int countPiece(String text, int start, int end) {
    int length = end - start;
    if (length == 1 && text.charAt(start) < 0x80) {
      return 1; // every byte is a token of its own in cl100k
    }
    if (length > REMEMBERED_CHARS) {
      return tokenizer.applyAsInt(text.substring(start, end));
    }
    if (length <= PACKED_CHARS) {
      long chars = 0;
      boolean latin1 = true;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        chars = chars << 8 | (c & 0xFF);
        latin1 &= c < 0x100;
      }
      if (latin1) {
        return countPacked(text, start, end, chars | (long) length << 56);
      }
    }
    int hash = 0;
    for (int i = start; i < end; i++) {
      hash = 31 * hash + text.charAt(i);
    }
    return countEntry(text, start, end, 0, hash, ((hash * 0x9E3779B9) >>> (32 - SLOT_BITS)) & ~1);
  }

  /**
   * The count of a piece of at most {@value #PACKED_CHARS} Latin-1 characters, {@code key} being
   * its length in the top byte, then a byte a character. Looked for in {@link #packed} (its key and
   * count in one number, read in one access, no object to follow), then, when its count was too
   * large to pack, among the entries.
   */
  private int countPacked(String text, int start, int end, long key) {
    // The piece's length (1-7) moves to bits 60-62, leaving bits 56-59 for its count.
    long identity = key & CHARS | (key >>> 56) << LENGTH_SHIFT;
    int first = (int) ((identity * 0x9E3779B97F4A7C15L) >>> (64 - SLOT_BITS)) & ~1;
    long held = (long) PACKED.getOpaque(packed, first);
    if ((held & ~COUNT_BITS) == identity) {
      return (int) ((held & COUNT_BITS) >>> COUNT_SHIFT);
    }
    long other = (long) PACKED.getOpaque(packed, first + 1);
    if ((other & ~COUNT_BITS) == identity) {
      // The same order of the two as for the entries: the one seen last first.
      PACKED.setOpaque(packed, first, other);
      PACKED.setOpaque(packed, first + 1, held);
      return (int) ((other & COUNT_BITS) >>> COUNT_SHIFT);
    }
    int tokens = countEntry(text, start, end, key, 0, first);
    if (tokens <= MOST_PACKED_COUNT) {
      if (held != 0) {
        PACKED.setOpaque(packed, first + 1, held);
      }
      PACKED.setOpaque(packed, first, identity | (long) tokens << COUNT_SHIFT);
    }
    return tokens;
  }

  /**
   * The count of a piece among the entries, at slots {@code first} and the next, counted and
   * remembered there when not found: every piece that is not packed, and a packed one whose count
   * does not fit in four bits (never one of cl100k's, at most two a byte; a test's counter).
   */
  private int countEntry(String text, int start, int end, long key, int hash, int first) {
    int length = end - start;
    // Two slots a piece may be in, the one seen last first (a hit in the second swaps them, a new
    // piece pushes the first into the second): a pair of pieces of the same slots seen in turn
    // keeps both, and the one pushed out is the one least lately seen.
    Entry entry = slots[first];
    if (holds(entry, key, hash, text, start, length)) {
      return entry.tokens;
    }
    Entry other = slots[first + 1];
    if (holds(other, key, hash, text, start, length)) {
      slots[first] = other;
      slots[first + 1] = entry;
      return other.tokens;
    }
    String piece = text.substring(start, end);
    int tokens = tokenizer.applyAsInt(piece);
    if (key != 0 && tokens <= MOST_PACKED_COUNT) {
      return tokens; // remembered packed by the caller
    }
    if (entry != null) {
      slots[first + 1] = entry;
    }
    slots[first] = new Entry(key != 0 ? null : piece, key, hash, tokens);
    return tokens;
  }

  /**
   * Whether the entry is of this piece: by its key when the piece has one (a piece with a key and
   * one without are never the same: one is longer or holds a character beyond Latin-1), else by its
   * characters.
   */
  private static boolean holds(
      Entry entry, long key, int hash, String text, int start, int length) {
    if (entry == null || entry.key != key) {
      return false;
    }
    return key != 0
        || (entry.hash == hash
            && entry.piece.length() == length
            && text.regionMatches(start, entry.piece, 0, length));
  }

  /**
   * Where the piece that starts at {@code start} ends. In the order cl100k tries them: a
   * contraction; a word (letters, after at most one character that is neither a line break, a
   * letter nor a digit); one to three digits; punctuation (after at most one space) and the line
   * breaks after it; blanks up to the last line break among them; blanks but the last one before
   * something else; blanks.
   */
  static int end(String text, int start) {
    int length = text.length();
    int c0 = text.codePointAt(start);
    int next = start + Character.charCount(c0);
    int c1 = next < length ? text.codePointAt(next) : -1;
    if (c0 == '\'' && c1 > 0) {
      if (c1 == 's' || c1 == 'd' || c1 == 't' || c1 == 'm' || c1 == 'S' || c1 == 'D' || c1 == 'T'
          || c1 == 'M' || c1 == 'ſ') {
        return start + 2;
      }
      if (start + 2 < length) {
        int a = c1 | 0x20;
        int b = text.charAt(start + 2) | 0x20;
        if ((a == 'l' && b == 'l') || ((a == 'v' || a == 'r') && b == 'e')) {
          return start + 3;
        }
      }
    }
    int k0 = kind(c0);
    int k1 = kind(c1);
    if (k0 == LETTER || (k1 == LETTER && (k0 == BLANK || k0 == OTHER))) {
      return run(text, k0 == LETTER ? next : next + Character.charCount(c1), LETTER);
    }
    if (k0 == NUMBER) {
      return run(text, next, NUMBER, 2); // three digits at most
    }
    if (k0 == OTHER || (c0 == ' ' && k1 == OTHER)) {
      int end = run(text, k0 == OTHER ? next : next + Character.charCount(c1), OTHER);
      while (end < length && (text.charAt(end) == '\n' || text.charAt(end) == '\r')) {
        end++;
      }
      return end;
    }
    // Blanks and line breaks, all in the BMP: one character each.
    int end = start;
    int lastBreak = -1;
    while (end < length) {
      char c = text.charAt(end);
      int kind = kind(c);
      if (kind == LINE_BREAK) {
        lastBreak = end;
      } else if (kind != BLANK) {
        break;
      }
      end++;
    }
    if (lastBreak >= 0) {
      return lastBreak + 1;
    }
    return end < length && end - 1 > start ? end - 1 : end;
  }

  /** The end of the run of code points of {@code kind} from {@code from}. */
  private static int run(String text, int from, byte kind) {
    return run(text, from, kind, Integer.MAX_VALUE);
  }

  /** The end of the run of at most {@code most} code points of {@code kind} from {@code from}. */
  private static int run(String text, int from, byte kind, int most) {
    int length = text.length();
    int end = from;
    for (int taken = 0; taken < most && end < length; taken++) {
      char c = text.charAt(end);
      if (c < 0x80) {
        if (ASCII[c] != kind) {
          break;
        }
        end++;
      } else {
        int point = text.codePointAt(end);
        if (kind(point) != kind) {
          break;
        }
        end += Character.charCount(point);
      }
    }
    return end;
  }

  /**
   * The kind of a code point as jtokkit's parser tells it: letters and digits by their Unicode
   * category below the last code point it looks at; blanks are Unicode's (no-break space, NEL, the
   * typographic spaces), of which {@code \r} and {@code \n} are line breaks; -1 (past the end) is
   * nothing.
   */
  private static int kind(int c) {
    if (c < 0x80) {
      return c < 0 ? NOTHING : ASCII[c];
    }
    switch (c) {
      case 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> {
        return BLANK;
      }
      default -> {
        if (c >= 0x2000 && c <= 0x200A) {
          return BLANK;
        }
      }
    }
    if (c > 0x323AF) {
      return OTHER;
    }
    return switch (Character.getType(c)) {
      case Character.UPPERCASE_LETTER,
          Character.LOWERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER,
          Character.OTHER_LETTER ->
          LETTER;
      case Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER ->
          c <= 0x1FBF9 ? NUMBER : OTHER;
      default -> OTHER;
    };
  }
}
