package dev.oats.redact;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Finds values the redactor was told are secret, such as the API keys OATS reads from its
 * environment, as they are and in the encodings a command prints them in. These catch what no
 * pattern can: a password with no telling key next to it, a vendor key in a format we do not know.
 *
 * <p>Each value is looked for as it is and reversed ({@code rev}); in hex ({@code xxd -p}, {@code
 * od -An -tx1}, either case); and in base64, standard or URL-safe, forwards or reversed, of the
 * value itself, of the value reversed, and of a text holding it at any offset: base64 encodes three
 * bytes at a time, so a value encoded after one or two other bytes shows as another string, and
 * each of the three is looked for by the characters that encode its bytes alone. The text is
 * searched as it is, with its blanks and line breaks left out (wrapped base64, spaced hex), with
 * each of its lines reversed before that ({@code base64 -w 20 | rev}), and with escapes decoded
 * ({@code &#92;u00xx}, {@code \xNN}, {@code \/}, {@code %NN}, {@code &#NN;}, {@code &#xNN;}).
 * Compressed forms are not looked for.
 */
final class KnownSecretsDetector implements Detector {

  /** Shorter values would match ordinary words and numbers and mangle the text. */
  static final int MIN_LENGTH = 8;

  /** Needles found in the text without its blanks; lower-case hex apart. */
  private final Needles needles;

  /** Values with blanks in them, found in the text as it is. */
  private final Needles spacedNeedles;

  /**
   * Hex of each value, lower case, looked for in the view without blanks with its letters
   * lower-cased, in the same pass as {@link #needles}.
   */
  private final Needles hexNeedles;

  /** Base64 forms, looked for in the view with each line reversed too. */
  private final Needles base64Needles;

  /** The values themselves, looked for in the view with escapes decoded. */
  private final Needles plainNeedles;

  private KnownSecretsDetector(
      Needles needles,
      Needles spacedNeedles,
      Needles hexNeedles,
      Needles base64Needles,
      Needles plainNeedles) {
    this.needles = needles;
    this.spacedNeedles = spacedNeedles;
    this.hexNeedles = hexNeedles;
    this.base64Needles = base64Needles;
    this.plainNeedles = plainNeedles;
  }

  /**
   * Values are stripped of surrounding whitespace (a value read from a file or an environment
   * variable often ends with a newline) and kept when at least {@link #MIN_LENGTH} characters long.
   */
  static KnownSecretsDetector of(Collection<String> values) {
    Set<String> needles = new LinkedHashSet<>();
    Set<String> hex = new LinkedHashSet<>();
    Set<String> base64 = new LinkedHashSet<>();
    Set<String> plain = new LinkedHashSet<>();
    values.stream()
        .filter(Objects::nonNull)
        .map(String::strip)
        .filter(value -> value.length() >= MIN_LENGTH)
        .forEach(
            value -> {
              String reversed = new StringBuilder(value).reverse().toString();
              plain.add(value);
              plain.add(reversed);
              byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
              hex.add(HexFormat.of().formatHex(bytes));
              // The whole encoding, padding included, so the usual form is hidden whole.
              base64.add(Base64.getEncoder().encodeToString(bytes));
              for (byte[] form : List.of(bytes, reversed.getBytes(StandardCharsets.UTF_8))) {
                for (int offset = 0; offset < 3; offset++) {
                  String core = base64Core(form, offset);
                  base64.add(core);
                  base64.add(core.replace('+', '-').replace('/', '_'));
                }
              }
            });
    List<String> base64Forms = new ArrayList<>(base64);
    for (String form : List.copyOf(base64Forms)) {
      base64Forms.add(new StringBuilder(form).reverse().toString());
    }
    needles.addAll(plain);
    needles.addAll(base64Forms);
    List<String> spaced = needles.stream().filter(KnownSecretsDetector::hasBlank).toList();
    needles.removeAll(spaced);
    return new KnownSecretsDetector(
        new Needles(needles),
        new Needles(spaced),
        new Needles(hex),
        new Needles(base64),
        new Needles(plain));
  }

  private static boolean hasBlank(String needle) {
    return needle.chars().anyMatch(c -> c == ' ' || c == '\t' || c == '\r' || c == '\n');
  }

  /**
   * The base64 characters that encode {@code value}'s bytes alone when it follows {@code offset}
   * other bytes: from the first character after the other bytes' bits to the last before the bits
   * of whatever follows.
   */
  static String base64Core(byte[] value, int offset) {
    byte[] padded = new byte[offset + value.length];
    System.arraycopy(value, 0, padded, offset, value.length);
    String encoded = Base64.getEncoder().withoutPadding().encodeToString(padded);
    int first = (8 * offset + 5) / 6;
    int end = 8 * (offset + value.length) / 6;
    return encoded.substring(first, end);
  }

  boolean isEmpty() {
    return needles.isEmpty() && spacedNeedles.isEmpty();
  }

  @Override
  public void detect(String text, LowerCaseText lowerCase, Findings findings) {
    // Needles with blanks in them (a pass phrase) in the text itself; the rest in the text
    // without its blanks, which holds every place they could be found in the text. Lower-case
    // hex is looked for in the same pass, through the view's characters lower-cased.
    if (!spacedNeedles.isEmpty()) {
      char[] chars = text.toCharArray();
      spacedNeedles.find(
          chars, chars.length, (start, end) -> findings.add(start, end, SecretKind.KNOWN_SECRET));
    }
    LowerCaseText scan = lowerCase.isOf(text) ? lowerCase : LowerCaseText.of(text);
    Squeezed squeezed = Squeezed.of(text, scan.isLatin1());
    Span inSqueezed = (start, end) -> squeezed.report(start, end, findings);
    if (squeezed.bytes != null) {
      Needles.find(needles, hexNeedles, squeezed.bytes, squeezed.length, inSqueezed, inSqueezed);
    } else {
      Needles.find(needles, hexNeedles, squeezed.chars, squeezed.length, inSqueezed, inSqueezed);
    }
    if (scan.newlineCount() > 0) {
      View reversedLines = View.base64LinesReversed(text, scan);
      if (reversedLines != null) {
        base64Needles.find(
            reversedLines.chars,
            reversedLines.length,
            (start, end) -> reversedLines.report(start, end, findings));
      }
    }
    if (text.indexOf('\\') >= 0 || text.indexOf('%') >= 0 || text.contains("&#")) {
      View unescaped = View.unescaped(text);
      if (unescaped.length < text.length()) {
        plainNeedles.find(
            unescaped.chars,
            unescaped.length,
            (start, end) -> unescaped.report(start, end, findings));
      }
    }
  }

  /** The blanks, as bits by character: space, tab, line feed, vertical tab, form feed, return. */
  private static final long BLANKS =
      1L << ' ' | 1L << '\t' | 1L << '\n' | 1L << 0x0B | 1L << '\f' | 1L << '\r';

  /** 1 when {@code c} is a blank, 0 when not, without a branch to mispredict. */
  private static int blank(char c) {
    return (int) (BLANKS >>> (c & 63)) & 1 & ((c - 64) >>> 31);
  }

  private static boolean isBlank(char c) {
    return blank(c) != 0;
  }

  /**
   * The text without blanks and line breaks: wrapped base64, spaced hex read whole. Where a
   * character of the view came from in the text is worked out only when a needle is found, from the
   * number of characters kept before each block of {@link #BLOCK} characters of the text and a walk
   * through one block.
   *
   * <p>A text of Latin-1 characters only (most tool output) is squeezed as its bytes, a byte a
   * character: no copy of it as {@code char[]}, twice its length, each turn of the agent loop.
   */
  static final class Squeezed {
    private static final int BLOCK = 256;

    private final String text;

    /** The view as characters, or null when it is {@link #bytes}. */
    final char[] chars;

    /** The view as Latin-1 bytes, or null when it is {@link #chars}. */
    final byte[] bytes;

    final int length;

    /** How many characters of the text before block {@code b} the view holds. */
    private final int[] keptBefore;

    private Squeezed(String text, char[] chars, byte[] bytes, int length, int[] keptBefore) {
      this.text = text;
      this.chars = chars;
      this.bytes = bytes;
      this.length = length;
      this.keptBefore = keptBefore;
    }

    static Squeezed of(String text) {
      return of(text, false);
    }

    /**
     * The view of {@code text}; as bytes when {@code latin1} says every character of the text is
     * below U+0100 (its pre-scan's {@link LowerCaseText#isLatin1}).
     */
    static Squeezed of(String text, boolean latin1) {
      int length = text.length();
      int blocks = (length + BLOCK - 1) / BLOCK;
      int[] keptBefore = new int[Math.max(1, blocks)];
      int kept = 0;
      if (latin1) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int block = 0; block < blocks; block++) {
          keptBefore[block] = kept;
          int end = Math.min(length, (block + 1) * BLOCK);
          for (int i = block * BLOCK; i < end; i++) {
            byte b = bytes[i];
            bytes[kept] = b;
            kept += 1 - blank((char) (b & 0xFF));
          }
        }
        return new Squeezed(text, null, bytes, kept, keptBefore);
      }
      char[] chars = new char[length];
      text.getChars(0, length, chars, 0);
      for (int block = 0; block < blocks; block++) {
        keptBefore[block] = kept;
        int end = Math.min(length, (block + 1) * BLOCK);
        for (int i = block * BLOCK; i < end; i++) {
          char c = chars[i];
          chars[kept] = c;
          kept += 1 - blank(c);
        }
      }
      return new Squeezed(text, chars, null, kept, keptBefore);
    }

    /** Reports the part of the text that gave the view's {@code [start, end)}. */
    void report(int start, int end, Findings findings) {
      findings.add(textIndex(start), textIndex(end - 1) + 1, SecretKind.KNOWN_SECRET);
    }

    /** Where in the text the view's character {@code index} is. */
    int textIndex(int index) {
      // The last block with at most index characters kept before it holds the character.
      int lo = 0;
      int hi = keptBefore.length - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (keptBefore[mid] <= index) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      int skip = index - keptBefore[lo];
      for (int i = lo * BLOCK; ; i++) {
        if (!isBlank(text.charAt(i))) {
          if (skip == 0) {
            return i;
          }
          skip--;
        }
      }
    }
  }

  /**
   * A set of strings of at least {@link #MIN_LENGTH} characters, found in one pass over a text
   * whatever their number (a few hundred for a few dozen values): a window of {@link #MIN_LENGTH}
   * characters moves along the text by as far as the two characters it ends with allow (most often
   * seven), and only where a needle may start is its hash looked up in a bit filter and the needles
   * starting so compared. A search of each needle in turn took ten times the rest of the redaction;
   * a hash rolled over every character, as the search did before, twice what this one takes.
   */
  static final class Needles {
    private static final int WINDOW = MIN_LENGTH;
    private static final long BASE = 1_000_003L;
    private static final int FILTER_BITS = 1 << 16;

    private static final int BLOCKS = 1 << 14;

    private final long[] filter = new long[FILTER_BITS / 64];

    /**
     * How far the window may move on when it ends with a given pair of characters ({@link #block}):
     * no needle's first {@link #WINDOW} characters, lower-cased, hold that pair at a place the
     * window would pass over, so none can start before that (Wu and Manber's search). Zero where
     * one may start right here: only there are hashes computed and needles compared.
     */
    private final byte[] shifts = new byte[BLOCKS];

    private final java.util.Map<Long, char[][]> byHash = new java.util.HashMap<>();
    private final boolean empty;

    Needles(Collection<String> needles) {
      java.util.Map<Long, List<String>> lists = new java.util.HashMap<>();
      Arrays.fill(shifts, (byte) (WINDOW - 1));
      for (String needle : needles) {
        if (needle.length() < WINDOW) {
          continue;
        }
        for (int j = 1; j < WINDOW; j++) {
          int block = block(needle.charAt(j - 1), needle.charAt(j));
          shifts[block] = (byte) Math.min(shifts[block], WINDOW - 1 - j);
        }
        long hash = hash(needle.toCharArray(), 0);
        int bit = bit(hash);
        filter[bit >>> 6] |= 1L << bit;
        lists.computeIfAbsent(hash, ignored -> new ArrayList<>()).add(needle);
      }
      // Longest first, so that when one value contains another the marker covers all of it.
      lists.forEach(
          (hash, list) ->
              byHash.put(
                  hash,
                  list.stream()
                      .sorted(Comparator.comparingInt(String::length).reversed())
                      .map(String::toCharArray)
                      .toArray(char[][]::new)));
      empty = byHash.isEmpty();
    }

    boolean isEmpty() {
      return empty;
    }

    /** Each occurrence of each needle in {@code text[0, length)}, as {@code [start, end)}. */
    void find(char[] text, int length, Span found) {
      find(this, null, text, length, found, null);
    }

    /**
     * Each occurrence of each of {@code plain} in {@code text[0, length)}, and of each of {@code
     * lower} (needles without upper-case letters) in the text with its ASCII letters lower-cased,
     * in one pass that rolls both hashes; {@code lower} may be null.
     */
    static void find(
        Needles plain, Needles lower, char[] text, int length, Span plainFound, Span lowerFound) {
      boolean anyLower = lower != null && !lower.empty;
      if ((plain.empty && !anyLower) || length < WINDOW) {
        return;
      }
      byte[] plainShifts = plain.shifts;
      byte[] lowerShifts = anyLower ? lower.shifts : plainShifts;
      int last = length - WINDOW;
      int at = 0;
      while (at <= last) {
        int block = block(text[at + WINDOW - 2], text[at + WINDOW - 1]);
        int shift = Math.min(plainShifts[block], lowerShifts[block]);
        if (shift > 0) {
          at += shift;
          continue;
        }
        long hash = 0;
        long lowered = 0;
        for (int i = at; i < at + WINDOW; i++) {
          hash = hash * BASE + text[i];
          lowered = lowered * BASE + lower(text[i]);
        }
        if (plain.mayStart(hash)) {
          plain.compare(hash, text, length, at, false, plainFound);
        }
        if (anyLower && lower.mayStart(lowered)) {
          lower.compare(lowered, text, length, at, true, lowerFound);
        }
        at++;
      }
    }

    /**
     * {@link #find(Needles, Needles, char[], int, Span, Span)} over a text of Latin-1 characters
     * held a byte each: the same windows, shifts, hashes and comparisons, each byte read as the
     * character it is.
     */
    static void find(
        Needles plain, Needles lower, byte[] text, int length, Span plainFound, Span lowerFound) {
      boolean anyLower = lower != null && !lower.empty;
      if ((plain.empty && !anyLower) || length < WINDOW) {
        return;
      }
      byte[] plainShifts = plain.shifts;
      byte[] lowerShifts = anyLower ? lower.shifts : plainShifts;
      int last = length - WINDOW;
      int at = 0;
      while (at <= last) {
        int block =
            block((char) (text[at + WINDOW - 2] & 0xFF), (char) (text[at + WINDOW - 1] & 0xFF));
        int shift = Math.min(plainShifts[block], lowerShifts[block]);
        if (shift > 0) {
          at += shift;
          continue;
        }
        long hash = 0;
        long lowered = 0;
        for (int i = at; i < at + WINDOW; i++) {
          char c = (char) (text[i] & 0xFF);
          hash = hash * BASE + c;
          lowered = lowered * BASE + lower(c);
        }
        if (plain.mayStart(hash)) {
          plain.compare(hash, text, length, at, false, plainFound);
        }
        if (anyLower && lower.mayStart(lowered)) {
          lower.compare(lowered, text, length, at, true, lowerFound);
        }
        at++;
      }
    }

    /** Reports the longest needle of this hash starting at {@code at} of a Latin-1 text. */
    private void compare(
        long hash, byte[] text, int length, int at, boolean lowerCase, Span found) {
      char[][] candidates = byHash.get(hash);
      if (candidates == null) {
        return;
      }
      for (char[] needle : candidates) {
        if (startsWith(text, length, at, needle, lowerCase)) {
          found.at(at, at + needle.length);
          return;
        }
      }
    }

    private static boolean startsWith(
        byte[] text, int length, int at, char[] needle, boolean lowerCase) {
      if (at + needle.length > length) {
        return false;
      }
      for (int i = 0; i < needle.length; i++) {
        char c = (char) (text[at + i] & 0xFF);
        if ((lowerCase ? lower(c) : c) != needle[i]) {
          return false;
        }
      }
      return true;
    }

    private boolean mayStart(long hash) {
      int bit = bit(hash);
      return (filter[bit >>> 6] & (1L << bit)) != 0;
    }

    /**
     * The slot of the two characters that end a window, ASCII letters lower-cased: one slot for
     * each pair of ASCII characters, others sharing slots (which only shortens the shifts).
     */
    private static int block(char first, char second) {
      return ((lower(first) << 7) ^ lower(second)) & (BLOCKS - 1);
    }

    /** Reports the longest needle of this hash starting at {@code at}, if any. */
    private void compare(
        long hash, char[] text, int length, int at, boolean lowerCase, Span found) {
      char[][] candidates = byHash.get(hash);
      if (candidates == null) {
        return;
      }
      for (char[] needle : candidates) {
        if (startsWith(text, length, at, needle, lowerCase)) {
          found.at(at, at + needle.length);
          return;
        }
      }
    }

    private static boolean startsWith(
        char[] text, int length, int at, char[] needle, boolean lowerCase) {
      if (at + needle.length > length) {
        return false;
      }
      for (int i = 0; i < needle.length; i++) {
        char c = lowerCase ? lower(text[at + i]) : text[at + i];
        if (c != needle[i]) {
          return false;
        }
      }
      return true;
    }

    private static char lower(char c) {
      return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    private static long hash(char[] text, int from) {
      long hash = 0;
      for (int i = from; i < from + WINDOW; i++) {
        hash = hash * BASE + text[i];
      }
      return hash;
    }

    private static int bit(long hash) {
      return (int) ((hash ^ (hash >>> 29) ^ (hash >>> 47)) & (FILTER_BITS - 1));
    }
  }

  /** Where a needle was found. */
  @FunctionalInterface
  interface Span {
    void at(int start, int end);
  }

  /**
   * The text seen another way, as runs of characters: run {@code k} starts at {@code at[k]} of the
   * view and comes from the text at {@code from[k]}: as is, backwards (a reversed line), or, when
   * {@code width[k]} is positive, as one character decoded from that many (an escape).
   */
  static final class View {
    final char[] chars;
    final int length;
    private final int[] at;
    private final int[] from;
    private final int[] width;
    private final boolean[] backwards;
    private final int runs;

    private View(Builder builder) {
      this.chars = builder.chars;
      this.length = builder.length;
      this.at = builder.at;
      this.from = builder.from;
      this.width = builder.width;
      this.backwards = builder.backwards;
      this.runs = builder.runs;
    }

    /** Reports the part of the text that gave the view's {@code [start, end)}. */
    void report(int start, int end, Findings findings) {
      int first = Integer.MAX_VALUE;
      int last = -1;
      int k = run(start);
      for (; k < runs && at[k] < end; k++) {
        int runEnd = k + 1 < runs ? at[k + 1] : length;
        int lo = Math.max(start, at[k]) - at[k];
        int hi = Math.min(end, runEnd) - at[k];
        int a;
        int b;
        if (width[k] > 0) {
          a = from[k];
          b = from[k] + width[k];
        } else if (backwards[k]) {
          a = from[k] - hi + 1;
          b = from[k] - lo + 1;
        } else {
          a = from[k] + lo;
          b = from[k] + hi;
        }
        first = Math.min(first, a);
        last = Math.max(last, b);
      }
      if (last > first) {
        findings.add(first, last, SecretKind.KNOWN_SECRET);
      }
    }

    /** The run holding view index {@code index}. */
    private int run(int index) {
      int lo = 0;
      int hi = runs - 1;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (at[mid] <= index) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      return lo;
    }

    /**
     * The lines made only of base64 characters, each reversed, without their line breaks: {@code
     * base64 -w 20 | rev} read as the base64 it was. Other lines break the view, each stretch of
     * them one line break, since no needle holds one. Null when the lines of base64 hold fewer
     * characters than a needle: nothing could be found.
     */
    static View base64LinesReversed(String text, LowerCaseText scan) {
      int length = text.length();
      int base64Chars = 0;
      int base64Lines = 0;
      int breaks = 0;
      boolean broken = false;
      // The lines end at the line feeds the text's pre-scan noted (a \r is a blank here).
      int lines = scan.newlineCount();
      for (int lineStart = 0, k = 0; lineStart < length; k++) {
        int lineEnd = k < lines ? scan.newline(k) : length;
        int base64 = base64Line(text, lineStart, lineEnd);
        if (base64 > 0) {
          base64Chars += base64;
          base64Lines++;
          broken = false;
        } else if (!broken) {
          breaks++;
          broken = true;
        }
        lineStart = lineEnd + 1;
      }
      if (base64Chars < MIN_LENGTH) {
        return null;
      }
      Builder out = new Builder(base64Chars + breaks, base64Lines + breaks);
      broken = false;
      for (int lineStart = 0, k = 0; lineStart < length; k++) {
        int lineEnd = k < lines ? scan.newline(k) : length;
        if (base64Line(text, lineStart, lineEnd) > 0) {
          int start = lineStart;
          int end = lineEnd;
          while (isBlank(text.charAt(start))) {
            start++;
          }
          while (isBlank(text.charAt(end - 1))) {
            end--;
          }
          out.copyBackwards(text, start, end);
          broken = false;
        } else if (!broken) {
          out.separator(lineStart);
          broken = true;
        }
        lineStart = lineEnd + 1;
      }
      return new View(out);
    }

    /**
     * The number of characters of {@code text[lineStart, lineEnd)} without its surrounding blanks
     * when they are at least four, all base64; 0 when not.
     */
    private static int base64Line(String text, int lineStart, int lineEnd) {
      int start = lineStart;
      int end = lineEnd;
      while (start < end && isBlank(text.charAt(start))) {
        start++;
      }
      while (end > start && isBlank(text.charAt(end - 1))) {
        end--;
      }
      if (end - start < 4) {
        return 0;
      }
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        boolean base64 =
            (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '+'
                || c == '/'
                || c == '='
                || c == '-'
                || c == '_';
        if (!base64) {
          return 0;
        }
      }
      return end - start;
    }

    /** The text with JSON, C, URL and HTML escapes of single characters decoded. */
    static View unescaped(String text) {
      int length = text.length();
      Builder out = new Builder(length, 16);
      int copied = 0;
      int i = 0;
      while (i < length) {
        char c = text.charAt(i);
        if (c != '\\' && c != '%' && c != '&') {
          i++;
          continue;
        }
        int code = -1;
        int width = 1;
        if (c == '\\' && i + 1 < length) {
          char next = text.charAt(i + 1);
          if (next == 'u' && i + 6 <= length) {
            code = hex(text, i + 2, 4);
            width = 6;
          } else if (next == 'x' && i + 4 <= length) {
            code = hex(text, i + 2, 2);
            width = 4;
          } else if (next == '/' || next == '\\' || next == '"' || next == '\'') {
            code = next;
            width = 2;
          }
        } else if (c == '%' && i + 3 <= length) {
          code = hex(text, i + 1, 2);
          width = 3;
        } else if (c == '&' && i + 3 < length && text.charAt(i + 1) == '#') {
          // Looked for where an entity can end only: a search to the text's end from every "&#"
          // made a text of "&#x" repeated cost time by the square of its length.
          int semicolon = semicolon(text, i + 2, Math.min(length, i + 11));
          if (semicolon > i + 2) {
            boolean isHex = text.charAt(i + 2) == 'x' || text.charAt(i + 2) == 'X';
            code = isHex ? hex(text, i + 3, semicolon - i - 3) : decimal(text, i + 2, semicolon);
            width = semicolon + 1 - i;
          }
        }
        if (code < 0 || code > 0xFFFF) {
          i++;
          continue;
        }
        out.copy(text, copied, i);
        out.decoded((char) code, i, width);
        i += width;
        copied = i;
      }
      out.copy(text, copied, length);
      return new View(out);
    }

    /** Collects a view's characters and runs. */
    private static final class Builder {
      final char[] chars;
      int length;
      int[] at;
      int[] from;
      int[] width;
      boolean[] backwards;
      int runs;

      Builder(int capacity, int expectedRuns) {
        chars = new char[capacity];
        int size = Math.max(1, expectedRuns);
        at = new int[size];
        from = new int[size];
        width = new int[size];
        backwards = new boolean[size];
      }

      private void run(int source, int decodedWidth, boolean reversed) {
        if (runs == at.length) {
          at = Arrays.copyOf(at, runs * 2);
          from = Arrays.copyOf(from, runs * 2);
          width = Arrays.copyOf(width, runs * 2);
          backwards = Arrays.copyOf(backwards, runs * 2);
        }
        at[runs] = length;
        from[runs] = source;
        width[runs] = decodedWidth;
        backwards[runs] = reversed;
        runs++;
      }

      void copy(String text, int start, int end) {
        if (end > start) {
          run(start, 0, false);
          text.getChars(start, end, chars, length);
          length += end - start;
        }
      }

      void copyBackwards(String text, int start, int end) {
        run(end - 1, 0, true);
        for (int i = end - 1; i >= start; i--) {
          chars[length++] = text.charAt(i);
        }
      }

      void decoded(char c, int source, int decodedWidth) {
        run(source, decodedWidth, false);
        chars[length++] = c;
      }

      void separator(int source) {
        run(source, 1, false);
        chars[length++] = '\n';
      }
    }

    /** The first ';' in {@code text[from, to)}, or -1. */
    private static int semicolon(String text, int from, int to) {
      for (int at = from; at < to; at++) {
        if (text.charAt(at) == ';') {
          return at;
        }
      }
      return -1;
    }

    private static int hex(String text, int start, int digits) {
      if (digits <= 0 || digits > 6 || start + digits > text.length()) {
        return -1;
      }
      int value = 0;
      for (int i = start; i < start + digits; i++) {
        int digit = Character.digit(text.charAt(i), 16);
        if (digit < 0) {
          return -1;
        }
        value = value * 16 + digit;
      }
      return value;
    }

    private static int decimal(String text, int start, int end) {
      int value = 0;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9' || value > 0x10FFFF) {
          return -1;
        }
        value = value * 10 + (c - '0');
      }
      return end > start ? value : -1;
    }
  }
}
