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
 * The known-secret search as it was before it was made cheaper (main {@code cf0b77a}), kept
 * unchanged as the oracle of {@code KnownSecretsDifferentialTest}.
 *
 * <p>Finds values the redactor was told are secret, such as the API keys OATS reads from its
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
final class KnownSecretsOracle implements Detector {

  /** Shorter values would match ordinary words and numbers and mangle the text. */
  static final int MIN_LENGTH = 8;

  /** Needles found in the text without its blanks; lower-case hex apart. */
  private final Needles needles;

  /** Values with blanks in them, found in the text as it is. */
  private final Needles spacedNeedles;

  /** Hex of each value, lower case, looked for in the lower-cased view without blanks. */
  private final Needles hexNeedles;

  /** Base64 forms, looked for in the view with each line reversed too. */
  private final Needles base64Needles;

  /** The values themselves, looked for in the view with escapes decoded. */
  private final Needles plainNeedles;

  private KnownSecretsOracle(
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
  static KnownSecretsOracle of(Collection<String> values) {
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
    List<String> spaced = needles.stream().filter(KnownSecretsOracle::hasBlank).toList();
    needles.removeAll(spaced);
    return new KnownSecretsOracle(
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
    // without its blanks, which holds every place they could be found in the text.
    spacedNeedles.find(text, (start, end) -> findings.add(start, end, SecretKind.KNOWN_SECRET));
    View squeezed = View.withoutBlanks(text);
    needles.find(squeezed.text, (start, end) -> squeezed.report(start, end, findings));
    hexNeedles.find(
        Redactor.asciiLowerCase(squeezed.text),
        (start, end) -> squeezed.report(start, end, findings));
    if (text.indexOf('\n') >= 0) {
      View reversedLines = View.base64LinesReversed(text);
      base64Needles.find(
          reversedLines.text, (start, end) -> reversedLines.report(start, end, findings));
    }
    if (text.indexOf('\\') >= 0 || text.indexOf('%') >= 0 || text.contains("&#")) {
      View unescaped = View.unescaped(text);
      if (unescaped.text.length() < text.length()) {
        plainNeedles.find(unescaped.text, (start, end) -> unescaped.report(start, end, findings));
      }
    }
  }

  /**
   * A set of strings of at least {@link #MIN_LENGTH} characters, found in one pass over a text
   * whatever their number (a few hundred for a few dozen values): a hash of each window of {@link
   * #MIN_LENGTH} characters, rolled along the text, is looked up in a bit filter, and only where it
   * may start a needle are the needles starting so compared. A search of each needle in turn took
   * ten times the rest of the redaction.
   */
  static final class Needles {
    private static final int WINDOW = MIN_LENGTH;
    private static final long BASE = 1_000_003L;
    private static final long TOP = power(BASE, WINDOW - 1);
    private static final int FILTER_BITS = 1 << 16;

    private final long[] filter = new long[FILTER_BITS / 64];
    private final java.util.Map<Long, List<String>> byHash = new java.util.HashMap<>();
    private final boolean empty;

    Needles(Collection<String> needles) {
      for (String needle : needles) {
        if (needle.length() < WINDOW) {
          continue;
        }
        long hash = hash(needle, 0);
        int bit = bit(hash);
        filter[bit >>> 6] |= 1L << bit;
        byHash.computeIfAbsent(hash, ignored -> new ArrayList<>()).add(needle);
      }
      // Longest first, so that when one value contains another the marker covers all of it.
      byHash
          .values()
          .forEach(list -> list.sort(Comparator.comparingInt(String::length).reversed()));
      empty = byHash.isEmpty();
    }

    boolean isEmpty() {
      return empty;
    }

    /** Each occurrence of each needle in {@code text}, as {@code [start, end)}. */
    void find(String text, Span found) {
      int length = text.length();
      if (empty || length < WINDOW) {
        return;
      }
      long hash = hash(text, 0);
      for (int at = 0; ; at++) {
        int bit = bit(hash);
        if ((filter[bit >>> 6] & (1L << bit)) != 0) {
          List<String> candidates = byHash.get(hash);
          if (candidates != null) {
            for (String needle : candidates) {
              if (text.startsWith(needle, at)) {
                found.at(at, at + needle.length());
                break;
              }
            }
          }
        }
        if (at + WINDOW >= length) {
          return;
        }
        hash = (hash - text.charAt(at) * TOP) * BASE + text.charAt(at + WINDOW);
      }
    }

    private static long hash(String text, int from) {
      long hash = 0;
      for (int i = from; i < from + WINDOW; i++) {
        hash = hash * BASE + text.charAt(i);
      }
      return hash;
    }

    private static int bit(long hash) {
      return (int) ((hash ^ (hash >>> 29) ^ (hash >>> 47)) & (FILTER_BITS - 1));
    }

    private static long power(long base, int exponent) {
      long result = 1;
      for (int i = 0; i < exponent; i++) {
        result *= base;
      }
      return result;
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
    final String text;
    private final int[] at;
    private final int[] from;
    private final int[] width;
    private final boolean[] backwards;
    private final int runs;

    private View(Builder builder) {
      this.text = new String(builder.chars, 0, builder.length);
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
        int runEnd = k + 1 < runs ? at[k + 1] : text.length();
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

    private static boolean isBlank(char c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x0B;
    }

    /** The text without blanks and line breaks: wrapped base64, spaced hex read whole. */
    static View withoutBlanks(String text) {
      Builder out = new Builder(text.length());
      int length = text.length();
      int i = 0;
      while (i < length) {
        while (i < length && isBlank(text.charAt(i))) {
          i++;
        }
        int runStart = i;
        while (i < length && !isBlank(text.charAt(i))) {
          i++;
        }
        out.copy(text, runStart, i);
      }
      return new View(out);
    }

    /**
     * The lines made only of base64 characters, each reversed, without their line breaks: {@code
     * base64 -w 20 | rev} read as the base64 it was. Other lines break the view.
     */
    static View base64LinesReversed(String text) {
      Builder out = new Builder(text.length());
      int length = text.length();
      int lineStart = 0;
      while (lineStart < length) {
        int newline = text.indexOf('\n', lineStart);
        int lineEnd = newline < 0 ? length : newline;
        int start = lineStart;
        int end = lineEnd;
        while (start < end && isBlank(text.charAt(start))) {
          start++;
        }
        while (end > start && isBlank(text.charAt(end - 1))) {
          end--;
        }
        boolean base64 = end - start >= 4;
        for (int i = start; base64 && i < end; i++) {
          char c = text.charAt(i);
          base64 =
              (c >= 'A' && c <= 'Z')
                  || (c >= 'a' && c <= 'z')
                  || (c >= '0' && c <= '9')
                  || c == '+'
                  || c == '/'
                  || c == '='
                  || c == '-'
                  || c == '_';
        }
        if (base64) {
          out.copyBackwards(text, start, end);
        } else {
          out.separator(lineStart);
        }
        lineStart = lineEnd + 1;
      }
      return new View(out);
    }

    /** The text with JSON, C, URL and HTML escapes of single characters decoded. */
    static View unescaped(String text) {
      int length = text.length();
      Builder out = new Builder(length);
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
          int semicolon = text.indexOf(';', i + 2);
          if (semicolon > i + 2 && semicolon <= i + 10) {
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
      int[] at = new int[16];
      int[] from = new int[16];
      int[] width = new int[16];
      boolean[] backwards = new boolean[16];
      int runs;

      Builder(int capacity) {
        chars = new char[capacity];
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
