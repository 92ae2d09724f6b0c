package dev.oats.logs;

/**
 * Finds the measured numbers of a message — durations, sizes, counts, percentages — with the word
 * that names them, so that a template can say "took 5 to 10 seconds" rather than show one example.
 *
 * <p>A measured number is a token that is a plain decimal number, maybe signed, maybe with a unit
 * glued to it ({@code 12ms}, {@code 97%}, {@code 1.5GiB}) or written after it as a word ({@code
 * 10.01 seconds}), or the value of a {@code key=value} or {@code key: value} pair; a bare number
 * with neither is as often an id as a measure, and is skipped. Numbers inside names ({@code
 * node-12}), addresses, versions, times and dates are identities, not measures, and are skipped.
 * The label is the key of the pair, or the word before the number.
 */
final class NumberFields {

  /** The most numbers read from one message. */
  static final int MAX_FIELDS = 4;

  private static final String[] WORD_UNITS = {
    "ns",
    "us",
    "µs",
    "ms",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "m",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hour",
    "hours",
    "b",
    "bytes",
    "kb",
    "kib",
    "mb",
    "mib",
    "gb",
    "gib",
    "tb",
    "tib",
    "%",
    "percent",
    "ops",
    "rps",
    "qps",
    "req/s",
    "items",
    "rows",
    "records",
    "retries",
    "attempts",
    "times",
    "connections",
    "messages",
    "events",
    "requests"
  };

  private NumberFields() {}

  /** One measured number of a message; {@code keyed} when its label is the key of a pair. */
  record Field(String label, double value, String unit, boolean keyed) {}

  /**
   * The measured numbers of {@code content}, at most {@link #MAX_FIELDS}, in order; the array,
   * which has room for that many, is filled from index 0 and the count returned.
   */
  static int read(String content, Field[] out) {
    return layout(content).fill(content, out);
  }

  /**
   * Where the measured numbers of a message are, and what names them: all that {@link #read} finds
   * but the values. It is the same for every message of one shape (the message with its ASCII
   * digits' values forgotten, as {@link ShapeCache} makes it): which tokens hold a digit, where a
   * number ends, its unit and the word before it are read off where digits stand and what the other
   * characters are, never off a digit's value. The label of a {@code key=value} pair is kept as a
   * range, as the key may hold digits ({@code disk1=50}); a label from the word before is a word
   * with no digit, kept as it is.
   */
  static final class Layout {

    /** No measured number. */
    static final Layout NONE = new Layout(0);

    private final int count;

    /** Per field: the value's start and end, and the key's start and end (-1 when not keyed). */
    private final int[] ranges;

    private final String[] labels;
    private final String[] units;

    private Layout(int size) {
      ranges = new int[4 * size];
      labels = new String[size];
      units = new String[size];
      count = size;
    }

    /** The measured numbers of {@code content}, a message of this layout's shape, into out. */
    int fill(String content, Field[] out) {
      for (int f = 0; f < count; f++) {
        int keyStart = ranges[4 * f + 2];
        String label = keyStart >= 0 ? content.substring(keyStart, ranges[4 * f + 3]) : labels[f];
        out[f] =
            new Field(
                label, decimal(content, ranges[4 * f], ranges[4 * f + 1]), units[f], keyStart >= 0);
      }
      return count;
    }
  }

  /** The layout of {@code content}'s measured numbers: see {@link Layout}. */
  static Layout layout(String content) {
    if (!hasDigit(content)) {
      return Layout.NONE;
    }
    int found = 0;
    int[] ranges = new int[4 * MAX_FIELDS];
    String[] labels = new String[MAX_FIELDS];
    String[] units = new String[MAX_FIELDS];
    int n = content.length();
    int i = 0;
    int previousStart = -1;
    int previousEnd = -1;
    // Most tokens hold no digit: they are only remembered by position, as the next label.
    while (i < n && found < MAX_FIELDS) {
      while (i < n && content.charAt(i) <= ' ') {
        i++;
      }
      int start = i;
      boolean digit = false;
      while (i < n && content.charAt(i) > ' ') {
        char c = content.charAt(i);
        digit |= c >= '0' && c <= '9';
        i++;
      }
      if (start == i) {
        break;
      }
      if (digit) {
        String[] names = new String[2];
        if (field(content, start, i, previousStart, previousEnd, ranges, 4 * found, names)) {
          labels[found] = names[0];
          units[found] = names[1];
          found++;
        }
        previousStart = -1;
      } else {
        previousStart = start;
        previousEnd = i;
      }
    }
    if (found == 0) {
      return Layout.NONE;
    }
    Layout layout = new Layout(found);
    System.arraycopy(ranges, 0, layout.ranges, 0, 4 * found);
    System.arraycopy(labels, 0, layout.labels, 0, found);
    System.arraycopy(units, 0, layout.units, 0, found);
    return layout;
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static String nextWord(String content, int from) {
    int i = from;
    int n = content.length();
    while (i < n && content.charAt(i) <= ' ') {
      i++;
    }
    int start = i;
    while (i < n && content.charAt(i) > ' ') {
      i++;
    }
    return start == i ? null : trimPunctuation(content.substring(start, i));
  }

  /**
   * Whether the token is a measured number; if so its value's range and its key's range (-1, -1
   * when not keyed) are written to {@code ranges} from {@code at}, and its label when not keyed and
   * its unit to {@code names}. The word before it is {@code content[previousStart, previousEnd)}
   * (none when {@code previousStart} is negative), the word after it starts after {@code after}.
   */
  private static boolean field(
      String content,
      int tokenStart,
      int after,
      int previousStart,
      int previousEnd,
      int[] ranges,
      int at,
      String[] names) {
    // Read in place, as index ranges of content: most tokens with a digit are no measure, and
    // are turned away without a substring made.
    int valueStart = trimStart(content, tokenStart, after);
    int valueEnd = trimEnd(content, valueStart, after);
    int eq = keySeparator(content, valueStart, valueEnd);
    int keyStart = -1;
    int keyEnd = -1;
    if (eq > 0) {
      keyStart = valueStart;
      keyEnd = valueStart + eq;
      valueStart = trimStart(content, valueStart + eq + 1, valueEnd);
      valueEnd = trimEnd(content, valueStart, valueEnd);
    }
    if (valueStart == valueEnd) {
      return false;
    }
    int end = numberEnd(content, valueStart, valueEnd);
    if (end < 0) {
      return false;
    }
    String unit = end == valueEnd ? "" : content.substring(end, valueEnd);
    if (!unit.isEmpty() && !isUnit(unit)) {
      return false;
    }
    if (unit.isEmpty() && eq < 0) {
      String nextWord = nextWord(content, after);
      if (nextWord != null && isUnit(nextWord)) {
        unit = nextWord;
      }
    }
    if (unit.isEmpty() && eq < 0) {
      // A bare number after a word is as often an id (order 48213) as a measure: leave it.
      return false;
    }
    String label = null;
    if (eq < 0 && previousStart >= 0) {
      label = wordOf(content.substring(previousStart, previousEnd));
    }
    ranges[at] = valueStart;
    ranges[at + 1] = end;
    ranges[at + 2] = keyStart;
    ranges[at + 3] = keyEnd;
    names[0] = label == null || label.isEmpty() ? "#" : label;
    names[1] = unit;
    return true;
  }

  /** The decimal number {@code s[from, end)} that {@link #numberEnd} accepted, without parsing. */
  private static double decimal(String s, int from, int end) {
    int i = s.charAt(from) == '-' || s.charAt(from) == '+' ? from + 1 : from;
    long digits = 0;
    long scale = 1;
    boolean fraction = false;
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        fraction = true;
      } else if (scale < 1_000_000_000_000L) {
        digits = digits * 10 + (c - '0');
        if (fraction) {
          scale *= 10;
        }
      }
    }
    // An exact integer divided by a power of ten: the nearest double, as parseDouble gives.
    double value = (double) digits / scale;
    return s.charAt(from) == '-' ? -value : value;
  }

  /** The end of a decimal number ({@code -12}, {@code 3.5}) leading s[from, to), or -1. */
  private static int numberEnd(String s, int from, int to) {
    int i = s.charAt(from) == '-' || s.charAt(from) == '+' ? from + 1 : from;
    int digits = 0;
    while (i < to && CharRanges.isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < to && s.charAt(i) == '.') {
      i++;
      int fraction = 0;
      while (i < to && CharRanges.isDigit(s.charAt(i))) {
        i++;
        fraction++;
      }
      if (fraction == 0) {
        return -1;
      }
    }
    if (digits == 0 || digits > 12) {
      return -1;
    }
    // 1.2.3, 10.0.0.1, 12:30, 2024-05-01, 0x1f: not measures.
    if (i < to && ".:-/x_#".indexOf(s.charAt(i)) >= 0) {
      return -1;
    }
    return i;
  }

  /**
   * The first letters of the units, folded as {@link String#equalsIgnoreCase} folds them, and the
   * longest unit: most words after a number are not units, and these turn them away at once.
   */
  private static final String UNIT_FIRST_LETTERS;

  private static final int LONGEST_UNIT;

  /**
   * The units by their length: {@link String#equalsIgnoreCase} is true only of strings of one
   * length, so a word is compared with the units of its own length alone.
   */
  private static final String[][] UNITS_BY_LENGTH;

  static {
    StringBuilder letters = new StringBuilder();
    int longest = 0;
    for (String u : WORD_UNITS) {
      letters.append(foldCase(u.charAt(0)));
      longest = Math.max(longest, u.length());
    }
    UNIT_FIRST_LETTERS = letters.toString();
    LONGEST_UNIT = longest;
    UNITS_BY_LENGTH = new String[longest + 1][];
    for (int length = 0; length <= longest; length++) {
      int size = length;
      UNITS_BY_LENGTH[length] =
          java.util.Arrays.stream(WORD_UNITS)
              .filter(u -> u.length() == size)
              .toArray(String[]::new);
    }
  }

  /** Two characters equal ignoring case (as equalsIgnoreCase compares them) fold alike. */
  private static char foldCase(char c) {
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  private static boolean isUnit(String unit) {
    if (unit.isEmpty()
        || unit.length() > LONGEST_UNIT
        || UNIT_FIRST_LETTERS.indexOf(foldCase(unit.charAt(0))) < 0) {
      return false;
    }
    for (String u : UNITS_BY_LENGTH[unit.length()]) {
      if (u.equalsIgnoreCase(unit)) {
        return true;
      }
    }
    return false;
  }

  /** The index of the {@code =} or {@code :} of a {@code key=value} token, or -1. */
  private static int keySeparator(String token) {
    return keySeparator(token, 0, token.length());
  }

  /**
   * The offset from {@code from} of the {@code =} or {@code :} of a {@code key=value} token s[from,
   * to), or -1.
   */
  private static int keySeparator(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '=' || (c == ':' && i + 1 < to)) {
        return i > from && CharRanges.isLetter(s.charAt(from)) ? i - from : -1;
      }
      if (!CharRanges.isLetterOrDigit(c) && c != '_' && c != '.' && c != '-') {
        return -1;
      }
    }
    return -1;
  }

  /** Where s[from, to) starts without the opening punctuation {@link #trimPunctuation} drops. */
  private static int trimStart(String s, int from, int to) {
    int start = from;
    while (start < to && "([{\"'<".indexOf(s.charAt(start)) >= 0) {
      start++;
    }
    return start;
  }

  /** Where s[from, to) ends without the closing punctuation {@link #trimPunctuation} drops. */
  private static int trimEnd(String s, int from, int to) {
    int end = to;
    while (end > from && ")]}\"',;:.>".indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return end;
  }

  private static String trimPunctuation(String token) {
    int start = 0;
    int end = token.length();
    while (start < end && "([{\"'<".indexOf(token.charAt(start)) >= 0) {
      start++;
    }
    while (end > start && ")]}\"',;:.>".indexOf(token.charAt(end - 1)) >= 0) {
      end--;
    }
    return token.substring(start, end);
  }

  /** The token as a label: letters only, or null when it holds none. */
  private static String wordOf(String token) {
    String word = trimPunctuation(token);
    int eq = keySeparator(word);
    if (eq > 0) {
      return null;
    }
    for (int i = 0; i < word.length(); i++) {
      if (!CharRanges.isLetter(word.charAt(i)) && word.charAt(i) != '_' && word.charAt(i) != '-') {
        return null;
      }
    }
    return word.isEmpty() || word.length() > 30 ? null : word;
  }
}
