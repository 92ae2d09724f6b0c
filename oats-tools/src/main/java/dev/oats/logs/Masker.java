package dev.oats.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a message into tokens and replaces the variable ones with {@link #WILDCARD}, by general
 * shapes rather than per-system patterns.
 *
 * <p>A token whose core — the token without surrounding brackets, quotes and trailing punctuation —
 * is a number (with or without a unit: {@code 12ms}, {@code 3.5GiB}, {@code 80%}), a hex number, an
 * IPv4 or IPv6 address with or without port, a MAC address, a UUID, a date or time, a path, a URL
 * or an e-mail address is masked whole. In {@code key=value} and {@code key:value} the key is kept
 * and the value masked. Inside other names, runs of digits and long hex runs are masked and the
 * letters kept ({@code chunk_<*>}, {@code node-<*>}); a single digit ending a word is part of the
 * name ({@code eth0}). Month and weekday names next to masked values are masked as part of a date,
 * and a unit written after a number ({@code 16.0 KB}) is folded into it. A double-quoted string is
 * one token, masked word by word. A dot leader ({@code size........64}) is a token of its own, the
 * same whatever its length, and the name it pads is masked when it starts the message (a row of a
 * dump, {@code poolName.......orders}).
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class Masker {

  /** What a masked variable is replaced with. */
  public static final String WILDCARD = "<*>";

  /** Units written as a word of their own after a number: {@code 16.0 KB}. */
  private static final String[] WORD_UNITS = {
    "B", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "bytes", "ns", "us", "µs", "ms"
  };

  /**
   * Separates the tokens in {@link #maskJoined}: a control character, which tokenising treats as
   * whitespace, so that no token holds one.
   */
  static final char SEPARATOR = '\u0001';

  /** Marks a unit token folded into the number before it. */
  private static final String FOLDED = new String("");

  /**
   * Stands in {@link #maskJoined}'s table for a token that masking leaves as it is, so that it is
   * copied from the message rather than cut out of it.
   */
  private static final String UNCHANGED = new String("");

  /** A dot leader of any length. */
  private static final String LEADER = "...";

  /**
   * Tokens of the message, masked. A unit written apart from its number is folded into the number's
   * wildcard, so that {@code 16.0 KB} and {@code 2.1 MB} mask alike.
   */
  public String[] mask(String content) {
    return split(maskJoined(content));
  }

  /**
   * The masked tokens joined by {@link #SEPARATOR}: one string that hashes and compares as the
   * whole masked message. Words with nothing to mask are copied without being cut out first, since
   * they are most of a log.
   */
  String maskJoined(String content) {
    Tokens tokens = Tokens.of(content);
    int n = tokens.count;
    String[] masked = new String[n];
    for (int i = 0; i < n; i++) {
      if (!tokens.plain[i]) {
        // Tokens found plain hold none of the characters isPlainWord looks for, and the others
        // hold one: the check is not made twice. The token is read where it lies in the message;
        // one left as it is comes back as UNCHANGED, so that it is never cut out.
        masked[i] = maskNonPlain(content, tokens.start[i], tokens.end[i]);
      }
    }
    for (int i = 0; i + 1 < n; i++) {
      if (masked[i] == WILDCARD) {
        String suffix = unitSuffix(content, tokens.start[i + 1], tokens.end[i + 1]);
        if (suffix != null) {
          masked[i] = suffix.isEmpty() ? WILDCARD : WILDCARD + suffix;
          masked[++i] = FOLDED;
        }
      }
    }
    if (tokens.leader >= 0) {
      // A dot leader pads a name to a column: its length follows the name's. A message that is a
      // row of such a dump (name, leader, value) prints a name and a value, both parameters.
      for (int i = tokens.leader; i < n; i++) {
        if (masked[i] == UNCHANGED
            ? isDotRun(content, tokens.start[i], tokens.end[i])
            : masked[i] != null && isDotRun(masked[i], 0, masked[i].length())) {
          masked[i] = LEADER;
        }
      }
      if (tokens.leader == 1) {
        masked[0] = WILDCARD;
      }
    }
    maskDateWords(content, tokens, masked);
    StringBuilder joined = new StringBuilder(content.length() + 8);
    // Where the wildcard of the last token ends, when that token was a bare value; else -1.
    int bareEnd = -1;
    // Brackets the run of bare values opened and has not closed.
    int unclosed = 0;
    for (int i = 0; i < n; i++) {
      if (masked[i] == FOLDED) {
        continue;
      }
      String token = masked[i];
      if (token == UNCHANGED) {
        // A token masking left as it is reads as itself, wherever it came from.
        token =
            holdsWildcard(content, tokens.start[i], tokens.end[i])
                ? content.substring(tokens.start[i], tokens.end[i])
                : KeyedLists.emptyList(content, tokens.start[i], tokens.end[i]);
      } else if (token == null) {
        token = KeyedLists.bareEmptyList(content, tokens.start[i], tokens.end[i]);
      }
      int wildcard = token == null ? -1 : bareWildcard(token);
      boolean inBrackets =
          wildcard == 0 && unclosed > 0 && bareEnd >= 0 && joined.length() == bareEnd;
      if (wildcard >= 0 && bareEnd >= 0 && (inBrackets || listSeparated(joined, bareEnd))) {
        unclosed -= token.length() - wildcard - WILDCARD.length();
        // A list of values ([1, 2, 3], 1, 2, 3, or (1 2 3) inside one bracket) is one variable,
        // whatever its length: keep the first value and the closing punctuation of the last.
        joined.setLength(bareEnd);
        joined.append(token, wildcard + WILDCARD.length(), token.length());
        continue;
      }
      if (!joined.isEmpty()) {
        joined.append(SEPARATOR);
      }
      if (token == null) {
        joined.append(content, tokens.start[i], tokens.end[i]);
        bareEnd = -1;
      } else {
        bareEnd = wildcard >= 0 ? joined.length() + wildcard + WILDCARD.length() : -1;
        unclosed = wildcard >= 0 ? 2 * wildcard + WILDCARD.length() - token.length() : 0;
        int keyed = wildcard < 0 ? KeyedLists.openingWildcard(token) : -1;
        if (keyed >= 0) {
          // key=(<*>: the bracket opened after the key opens a run of values, as in (4 9 12).
          bareEnd = joined.length() + keyed + WILDCARD.length();
          unclosed = KeyedLists.openings(token, keyed);
        }
        joined.append(token);
      }
    }
    return Contexts.fold(joined.toString());
  }

  /** Whether s[start, end) holds {@link #WILDCARD}. */
  private static boolean holdsWildcard(String s, int start, int end) {
    for (int i = start; i + 2 < end; i++) {
      if (s.charAt(i) == '<' && s.charAt(i + 1) == '*' && s.charAt(i + 2) == '>') {
        return true;
      }
    }
    return false;
  }

  /** Whether token[start, end) is three dots or more and nothing else. */
  private static boolean isDotRun(String token, int start, int end) {
    if (end - start < 3) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (token.charAt(i) != '.') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the value ending at {@code end} is followed by a comma, which separates the items of a
   * list. Values next to each other without one are usually fields of their own ({@code <*> <*>}: a
   * date and a time, an address and a port), and a colon ends a field ({@code from <*>: <*>}).
   */
  private static boolean listSeparated(StringBuilder joined, int end) {
    return joined.length() - end == 1 && joined.charAt(end) == ',';
  }

  /**
   * Where the wildcard starts in a token that is nothing but a masked value with brackets or
   * punctuation around it ({@code <*>}, {@code [<*>,}, {@code <*>)}), or -1.
   */
  private static int bareWildcard(String token) {
    int at = token.indexOf(WILDCARD);
    if (at < 0 || token.indexOf(WILDCARD, at + 1) >= 0) {
      return -1;
    }
    for (int i = 0; i < at; i++) {
      if (!isOpening(token.charAt(i))) {
        return -1;
      }
    }
    for (int i = at + WILDCARD.length(); i < token.length(); i++) {
      if (!isClosing(token.charAt(i))) {
        return -1;
      }
    }
    return at;
  }

  /** The tokens of a {@link #maskJoined} string. */
  static String[] split(String joined) {
    if (joined.isEmpty()) {
      return new String[0];
    }
    int count = 1;
    for (int i = 0; i < joined.length(); i++) {
      if (joined.charAt(i) == SEPARATOR) {
        count++;
      }
    }
    String[] tokens = new String[count];
    int start = 0;
    for (int t = 0; t < count; t++) {
      int end = joined.indexOf(SEPARATOR, start);
      if (end < 0) {
        end = joined.length();
      }
      String token = joined.substring(start, end);
      tokens[t] = token.equals(WILDCARD) ? WILDCARD : token;
      start = end + 1;
    }
    return tokens;
  }

  /**
   * Month and weekday names next to a masked value are part of a date ({@code Fri Jul 15
   * 11:22:33}); read from the right so that a weekday before a month is reached too.
   */
  private static void maskDateWords(String content, Tokens tokens, String[] masked) {
    // Whether token i + 1, as decided by the step before, is a wildcard: carried from step to step,
    // and token 0 taken after the loop, so that the loop reads no index that could leave the array
    // (the JIT hoists the bounds check of such a guarded read out of the loop on the strength of
    // the profile, and the first line to reach the edge throws the compiled masker away).
    boolean nextMasked = false;
    for (int i = masked.length - 1; i > 0; i--) {
      maskDateWord(content, tokens, masked, i, nextMasked || masked[i - 1] == WILDCARD);
      nextMasked = masked[i] == WILDCARD;
    }
    if (masked.length > 0) {
      maskDateWord(content, tokens, masked, 0, nextMasked);
    }
  }

  /** Masks token i when it is a month or weekday name and a neighbour is a wildcard. */
  private static void maskDateWord(
      String content, Tokens tokens, String[] masked, int i, boolean besideWildcard) {
    int start = tokens.start[i];
    int end = tokens.end[i];
    if (besideWildcard
        && masked[i] == null
        && end - start >= 3
        && CharRanges.isUpperCase(content.charAt(start))
        && (TimestampParser.isMonthName(content, start, end)
            || TimestampParser.isWeekdayName(content, start, end))) {
      masked[i] = WILDCARD;
    }
  }

  /** When token[start, end) is a unit word, the punctuation after it (maybe empty); else null. */
  private static String unitSuffix(String content, int start, int end) {
    // Most tokens after a number are not units: reject them on their length and first letter.
    if (end - start > 7 || "BKMGTPbnuµm".indexOf(content.charAt(start)) < 0) {
      return null;
    }
    int wordEnd = end;
    while (wordEnd > start && isClosing(content.charAt(wordEnd - 1))) {
      wordEnd--;
    }
    int length = wordEnd - start;
    if (length == 0 || length > 5) {
      return null;
    }
    for (String unit : WORD_UNITS) {
      if (unit.length() == length && content.startsWith(unit, start)) {
        return content.substring(wordEnd, end);
      }
    }
    return null;
  }

  /**
   * The token boundaries of a message, each marked plain when it holds nothing a mask could apply
   * to: no digit, no path, address, key or quote character, no dot.
   */
  private static final class Tokens {
    /** The characters that make a token worth a closer look: digits and value punctuation. */
    private static final boolean[] MASKABLE = new boolean[128];

    static {
      for (char c : "0123456789\"./\\@=:(~".toCharArray()) {
        MASKABLE[c] = true;
      }
    }

    int[] start = new int[16];
    int[] end = new int[16];
    boolean[] plain = new boolean[16];
    int count;

    /** The index of the first dot leader's token, or -1. */
    int leader = -1;

    static Tokens of(String content) {
      Tokens tokens = new Tokens();
      int i = CharRanges.skipSpaces(content, 0);
      while (i < content.length()) {
        i = CharRanges.skipSpaces(content, tokens.read(content, i));
      }
      return tokens;
    }

    /** Reads the token that starts at {@code begin}; the index after it. */
    private int read(String content, int begin) {
      int n = content.length();
      int i = begin;
      boolean plain = true;
      boolean quote = false;
      while (i < n) {
        char c = content.charAt(i);
        if (c <= ' ') {
          break;
        }
        if (c < 128 && MASKABLE[c]) {
          plain = false;
          if (c == '"') {
            quote = true;
          } else if (c == '.'
              && i + 1 < n
              && content.charAt(i + 1) == '.'
              && isDotLeader(content, begin, i, n)) {
            return dotLeader(content, begin, i, plain);
          }
        }
        i++;
      }
      if (quote && openQuote(content, begin, i) >= 0) {
        int close = closingQuote(content, i, n);
        if (close > 0) {
          i = close;
        }
      } else if (content.charAt(begin) == '\'' && i < n && content.charAt(i - 1) != '\'') {
        int close = closingSingleQuote(content, i, n);
        if (close > 0) {
          plain = false;
          i = close;
        }
      } else if (!plain && i < n) {
        int close = closingWordsArgument(content, begin, i, n);
        if (close > 0) {
          i = close;
        }
      }
      add(begin, i, plain);
      return i;
    }

    /** A dot leader ({@code cache line size........64}) separates a name from its value. */
    private int dotLeader(String content, int begin, int dots, boolean plain) {
      add(begin, dots, plain);
      int i = dots;
      while (i < content.length() && content.charAt(i) == '.') {
        i++;
      }
      add(dots, i, false);
      if (leader < 0) {
        leader = count - 1;
      }
      return i;
    }

    private void add(int from, int to, boolean isPlain) {
      if (count == start.length) {
        start = java.util.Arrays.copyOf(start, count * 2);
        end = java.util.Arrays.copyOf(end, count * 2);
        plain = java.util.Arrays.copyOf(plain, count * 2);
      }
      start[count] = from;
      end[count] = to;
      plain[count] = isPlain;
      count++;
    }
  }

  /**
   * Splits on whitespace, keeping a double-quoted string that spans several words as one token, so
   * that a message of varying length inside quotes does not change the token count.
   */
  public static List<String> tokenize(String content) {
    Tokens tokens = Tokens.of(content);
    List<String> list = new ArrayList<>(tokens.count);
    for (int i = 0; i < tokens.count; i++) {
      list.add(content.substring(tokens.start[i], tokens.end[i]));
    }
    return list;
  }

  /** Three or more dots inside a token, with characters on both sides. */
  private static boolean isDotLeader(String s, int start, int i, int n) {
    if (i == start || i + 3 >= n) {
      return false;
    }
    int j = i;
    while (j < n && s.charAt(j) == '.') {
      j++;
    }
    return j - i >= 3 && j < n && s.charAt(j) > ' ';
  }

  /** Where a double quote opens a string that does not close within the token, or -1. */
  private static int openQuote(String s, int start, int end) {
    int q = start;
    while (q < end && s.charAt(q) != '"') {
      q++;
    }
    if (q == end || (q > start && s.charAt(q - 1) != '=')) {
      return -1;
    }
    for (int j = q + 1; j < end; j++) {
      if (s.charAt(j) == '"' && s.charAt(j - 1) != '\\') {
        return -1;
      }
    }
    return q;
  }

  /**
   * Rule 28: where a call's parenthesis opened in s[start, end) holds a few plain words and closes
   * a word or two later ({@code Thread.sleep(Native Method)}, {@code run(Unknown Source)}, as the
   * JDK prints a stack frame without a line number), the index after the closing parenthesis, so
   * that the call is one token as every other frame is; else -1.
   */
  private static int closingWordsArgument(String s, int start, int end, int n) {
    int open = s.lastIndexOf('(', end - 1);
    if (open <= start || open + 1 >= end || !CharRanges.isLetterOrDigit(s.charAt(open - 1))) {
      return -1;
    }
    for (int j = open + 1; j < end; j++) {
      if (!CharRanges.isLetter(s.charAt(j))) {
        return -1;
      }
    }
    int i = end;
    for (int words = 0; words < 2 && i + 1 < n && s.charAt(i) == ' '; words++) {
      int j = i + 1;
      while (j < n && CharRanges.isLetter(s.charAt(j))) {
        j++;
      }
      if (j == i + 1 || j == n) {
        return -1;
      }
      if (s.charAt(j) == ')') {
        return j + 1 == n || s.charAt(j + 1) <= ' ' ? j + 1 : -1;
      }
      i = j;
    }
    return -1;
  }

  /** The most words a single-quoted string spans as one token. */
  private static final int MAX_QUOTED_WORDS = 6;

  /**
   * Rule 37: where a single quote that opened a token closes a few words later ({@code 'querylog
   * on'}, {@code 'exit 3'}), the end of the token that closes it, so that a quoted parameter of
   * several words is one token as a double-quoted one is; -1 when no later token ends with the
   * quote (an apostrophe, a quote that closes only after {@link #MAX_QUOTED_WORDS} words, or one
   * with another quote inside). A closing quote ends a token, or comes before closing punctuation.
   */
  private static int closingSingleQuote(String s, int from, int n) {
    int i = from;
    for (int words = 0; words < MAX_QUOTED_WORDS && i + 1 < n && s.charAt(i) == ' '; words++) {
      int j = i + 1;
      while (j < n && s.charAt(j) > ' ' && s.charAt(j) != '\'') {
        j++;
      }
      if (j == i + 1) {
        return -1;
      }
      if (j < n && s.charAt(j) == '\'') {
        int end = j + 1;
        while (end < n && s.charAt(end) > ' ' && isClosing(s.charAt(end))) {
          end++;
        }
        return end == n || s.charAt(end) <= ' ' ? end : -1;
      }
      i = j;
    }
    return -1;
  }

  /** The end of the token holding the closing quote of a string opened before {@code from}. */
  private static int closingQuote(String s, int from, int n) {
    for (int j = from; j < n && j - from < 2000; j++) {
      if (s.charAt(j) == '"' && s.charAt(j - 1) != '\\') {
        int end = j + 1;
        while (end < n && s.charAt(end) > ' ') {
          end++;
        }
        return end;
      }
    }
    return -1;
  }

  /** Masks one token. */
  public String maskToken(String token) {
    if (isPlainWord(token)) {
      return token;
    }
    return maskNonPlain(token);
  }

  /** {@link #maskToken} of a token that {@link #isPlainWord} turns away. */
  private String maskNonPlain(String token) {
    String masked = maskNonPlain(token, 0, token.length());
    return masked == UNCHANGED ? token : masked;
  }

  /**
   * {@link #maskNonPlain(String)} of token[from, to), read in place; {@link #UNCHANGED} when the
   * token stays as it is.
   */
  private String maskNonPlain(String t, int from, int to) {
    int quote = CharRanges.indexOf(t, '"', from, to);
    if (quote >= 0 && to - quote >= 2 && (quote == from || t.charAt(quote - 1) == '=')) {
      int close = t.lastIndexOf('"', to - 1);
      if (close > quote) {
        return maskQuoted(t.substring(from, to), quote - from, close - from);
      }
    }
    if (t.charAt(from) == '\'' && CharRanges.indexOf(t, ' ', from, to) > 0) {
      int close = t.lastIndexOf('\'', to - 1);
      if (close > from) {
        return maskQuoted(t.substring(from, to), 0, close - from);
      }
    }
    if (t.charAt(from) == '[') {
      String bracketed = maskBracketedHost(t.substring(from, to));
      if (bracketed != null) {
        return bracketed;
      }
    }
    int start = from;
    int end = to;
    while (start < end && isOpening(t.charAt(start))) {
      start++;
    }
    while (end > start && isClosing(t.charAt(end - 1))) {
      end--;
    }
    if (start == end) {
      return UNCHANGED;
    }
    String core = maskCore(t, start, end);
    if (core == null) {
      return UNCHANGED;
    }
    if (start == from && end == to) {
      return core;
    }
    return new StringBuilder(to - from + core.length())
        .append(t, from, start)
        .append(core)
        .append(t, end, to)
        .toString();
  }

  /**
   * Most tokens are words: without a digit, a path or address character, a key separator or a quote
   * there is nothing to mask, unless dots make it a host name.
   */
  private static boolean isPlainWord(String token) {
    boolean dot = false;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c >= '0' && c <= '9') {
        return false;
      }
      switch (c) {
        case '/', '\\', '@', '=', ':', '(', '"', '~' -> {
          return false;
        }
        case '.' -> dot = true;
        default -> {}
      }
    }
    return !dot;
  }

  /**
   * {@code [2001:db8::1]:443}: a bracketed IPv6 address and its port; {@code [::],}: a bracketed
   * address and closing punctuation, which would otherwise be peeled off with the address's own
   * colons. Null for other tokens.
   */
  private String maskBracketedHost(String token) {
    int close = token.indexOf(']');
    if (close < 2 || !Shapes.isVariable(token, 1, close)) {
      return null;
    }
    String after = token.substring(close + 1);
    if (after.startsWith(":")) {
      return "[" + WILDCARD + "]" + maskToken(after);
    }
    for (int i = 0; i < after.length(); i++) {
      if (!isClosing(after.charAt(i))) {
        return null;
      }
    }
    return "[" + WILDCARD + "]" + after;
  }

  private String maskQuoted(String token, int open, int close) {
    String inner = token.substring(open + 1, close);
    StringBuilder out = new StringBuilder(token.length());
    out.append(token, 0, open + 1);
    String[] words = mask(inner);
    for (int i = 0; i < words.length; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(words[i]);
    }
    return out.append(token, close, token.length()).toString();
  }

  /** The masked core of token[start, end), or null when nothing in it is variable. */
  private String maskCore(String t, int start, int end) {
    if (Shapes.isVariable(t, start, end)) {
      return WILDCARD;
    }
    int separator = keySeparator(t, start, end);
    if (separator < 0) {
      separator = argumentStart(t, start, end);
    }
    if (separator > 0) {
      String value = maskValue(t, separator + 1, end);
      if (value != null) {
        return t.substring(start, separator + 1) + value;
      }
      return null;
    }
    return maskDigitRuns(t, start, end);
  }

  private String maskValue(String t, int start, int end) {
    if (start >= end) {
      return null;
    }
    String value = maskToken(t.substring(start, end));
    return value.equals(t.substring(start, end)) ? null : value;
  }

  /** The index of the parenthesis in {@code call(argument}, its closing one already peeled. */
  private static int argumentStart(String t, int start, int end) {
    int open = t.indexOf('(', start);
    if (open <= start || open >= end - 1 || !CharRanges.isLetter(t.charAt(start))) {
      return -1;
    }
    for (int i = start; i < open; i++) {
      char c = t.charAt(i);
      if (!CharRanges.isLetterOrDigit(c) && c != '_' && c != '.' && c != '$') {
        return -1;
      }
    }
    return open;
  }

  /**
   * The index of the {@code =} or {@code :} that splits a {@code key=value} token, or -1. The key
   * must be a plain name, so that times, addresses and URLs are not split.
   */
  private static int keySeparator(String t, int start, int end) {
    if (!CharRanges.isLetter(t.charAt(start)) && t.charAt(start) != '_') {
      return -1;
    }
    for (int i = start; i < end; i++) {
      char c = t.charAt(i);
      if (c == '=' || c == ':') {
        return i > start && i + 1 < end ? i : -1;
      }
      if (!(CharRanges.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '$')) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Masks the values inside a name: runs of digits, with the dots, colons and dashes that join them
   * ({@code 10.0.0.1:8080}), and hex runs. {@code chunk_-42} becomes {@code chunk_<*>}, {@code
   * node-17} becomes {@code node-<*>}; a single digit ending a word stays ({@code eth0}). Null when
   * the core holds no value.
   */
  private static String maskDigitRuns(String t, int start, int end) {
    StringBuilder out = null;
    int copied = start;
    int i = start;
    while (i < end) {
      int segmentEnd = i;
      while (segmentEnd < end && CharRanges.isLetterOrDigit(t.charAt(segmentEnd))) {
        segmentEnd++;
      }
      if (segmentEnd == i) {
        i++;
        continue;
      }
      int valueStart = -1;
      int valueEnd = -1;
      if (Shapes.isHexRun(t, i, segmentEnd)) {
        valueStart = i;
        valueEnd = hexRunEnd(t, segmentEnd, end);
      } else {
        int digit = i;
        while (digit < segmentEnd && !Shapes.isDigit(t.charAt(digit))) {
          digit++;
        }
        // One digit ending a word is part of a name (eth0, ssh2, log4j's v2), not a value.
        boolean nameDigit = digit > i && digit == segmentEnd - 1;
        if (digit < segmentEnd && !nameDigit) {
          valueStart = digit;
          valueEnd = numericRunEnd(t, digit, end);
        }
      }
      if (valueStart < 0) {
        i = segmentEnd;
        continue;
      }
      int from = signedStart(t, copied, valueStart);
      StringBuilder b = out == null ? new StringBuilder(end - start + 8) : out;
      out = b.append(t, copied, from).append(WILDCARD);
      copied = valueEnd;
      i = valueEnd;
    }
    if (out == null) {
      return null;
    }
    out.append(t, copied, end);
    return out.toString();
  }

  /**
   * The end of a numeric run starting at {@code i}: digits, and separators followed by more digits,
   * so that an address or a version is one value.
   */
  private static int numericRunEnd(String t, int i, int end) {
    int j = i;
    while (j < end) {
      char c = t.charAt(j);
      if (Shapes.isDigit(c)) {
        j++;
      } else if ((c == '.' || c == ':' || c == '-' || c == '_' || c == ',' || c == '/')
          && j + 1 < end
          && Shapes.isDigit(t.charAt(j + 1))) {
        j += 2;
      } else {
        return j;
      }
    }
    return j;
  }

  /**
   * The end of a hex value whose first group ends at {@code i}: the groups that follow it after a
   * dash or a colon are hex too, so that an id inside a name ({@code req-38101a0b-2096-447d-96ea})
   * is one value whatever letters its groups hold.
   */
  private static int hexRunEnd(String t, int i, int end) {
    int j = i;
    while (j + 1 < end && (t.charAt(j) == '-' || t.charAt(j) == ':')) {
      int group = j + 1;
      while (group < end && CharRanges.isLetterOrDigit(t.charAt(group))) {
        group++;
      }
      if (group == j + 1 || !Shapes.isHexDigits(t, j + 1, group)) {
        break;
      }
      j = group;
    }
    return numericRunEnd(t, j, end);
  }

  /** A minus sign right after a separator is the number's sign ({@code blk_-42}), not a dash. */
  private static int signedStart(String t, int copied, int digit) {
    if (digit - 1 >= copied
        && t.charAt(digit - 1) == '-'
        && (digit - 1 == copied || !CharRanges.isLetterOrDigit(t.charAt(digit - 2)))) {
      return digit - 1;
    }
    return digit;
  }

  private static boolean isOpening(char c) {
    return c == '(' || c == '[' || c == '{' || c == '<' || c == '\'' || c == '"' || c == '#'
        || c == '*';
  }

  private static boolean isClosing(char c) {
    return c == ')' || c == ']' || c == '}' || c == '>' || c == '\'' || c == '"' || c == ','
        || c == ';' || c == '.' || c == ':' || c == '!' || c == '?';
  }
}
