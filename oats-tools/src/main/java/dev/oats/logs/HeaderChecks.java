package dev.oats.logs;

import java.util.Arrays;

/**
 * The checks of a line header's digit values that {@link HeaderDetector} made on one line, each as
 * (kind, range of the line, result), so that {@link HeaderCache} can tell whether another line of
 * the same shape takes the same path.
 *
 * <p>Header detection reads where a line's digits are, never what they are, but for the checks
 * here: a timestamp's validity (a month up to 12, an hour up to 24 ...), an epoch's leading {@code
 * 1}, a year's {@code 19} or {@code 20}, a compact date's parse, a syslog priority's value and
 * severity, and an access log's status class. Each is a pure function of a range of the line
 * ({@link #value}), called through here by the detector wherever it decides on one, so a replay
 * evaluates the very function the scan did. Two lines of one shape whose recorded checks all give
 * the same results go through the detector alike and get their header from the same ranges.
 *
 * <p>Positions are those of the whole line, also for the scans of a bracket's inside. A recording
 * is refused ({@link #refuse}) when the line took a path whose result is not a set of ranges of the
 * line (a JSON or logfmt message). Not thread-safe: one recorder per cache.
 */
final class HeaderChecks {

  /** {@link TimestampParser#looksLikeTimestamp(String, int, int)} of the range. */
  static final int TIMESTAMP = 0;

  /** Whether the range is an epoch in seconds or milliseconds: 10 or 13 digits, the first a 1. */
  static final int EPOCH = 1;

  /** Whether the range starts with {@code 19} or {@code 20}: the year of a ctime timestamp. */
  static final int YEAR = 2;

  /** Whether the range, a compact date and time, parses as a timestamp. */
  static final int COMPACT_DATE_TIME = 3;

  /** Whether the number in the range is above 191, the highest syslog priority. */
  static final int PRIORITY_TOO_HIGH = 4;

  /** The syslog severity of the priority in the range: its value modulo 8. */
  static final int SEVERITY = 5;

  /** An access log's status class by the range's first digit: 2 for 5xx, 1 for 4xx, else 0. */
  static final int STATUS = 6;

  /** Checks recorded, four ints each: kind, start, end, result. */
  private int[] recorded = new int[32];

  private int count;
  private boolean refused;

  /** Strings of the header cut out of the line, and where each starts in it. */
  private String[] placed = new String[16];

  private int[] placedStarts = new int[16];
  private int placedCount;

  /** Forgets the last line's checks. */
  void reset() {
    count = 0;
    refused = false;
    Arrays.fill(placed, 0, placedCount, null);
    placedCount = 0;
  }

  /** The line took a path a memo cannot replay: its header is not to be kept. */
  void refuse() {
    refused = true;
  }

  boolean refused() {
    return refused;
  }

  /**
   * Evaluates check {@code kind} on text[start, end) and records it at [origin + start, origin +
   * end) of the line, {@code text} being the part of the line from {@code origin}.
   */
  int check(int kind, String text, int start, int end, int origin) {
    int result = value(kind, text, start, end);
    if (count * 4 == recorded.length) {
      recorded = Arrays.copyOf(recorded, recorded.length * 2);
    }
    int at = count * 4;
    recorded[at] = kind;
    recorded[at + 1] = origin + start;
    recorded[at + 2] = origin + end;
    recorded[at + 3] = result;
    count++;
    return result;
  }

  /**
   * {@code part}, a string just cut out of the line, starts at {@code start} of the line. The empty
   * string is not kept, as one instance of it is every empty cut.
   */
  void place(String part, int start) {
    if (part.isEmpty()) {
      return;
    }
    if (placedCount == placed.length) {
      placed = Arrays.copyOf(placed, placed.length * 2);
      placedStarts = Arrays.copyOf(placedStarts, placed.length);
    }
    placed[placedCount] = part;
    placedStarts[placedCount] = start;
    placedCount++;
  }

  /**
   * Where the very instance {@code part} was cut from the line ({@link #place}), or -1 when it was
   * not, or was at two places.
   */
  int placeOf(String part) {
    int at = -1;
    for (int i = 0; i < placedCount; i++) {
      if (placed[i] == part) {
        if (at >= 0 && at != placedStarts[i]) {
          return -1;
        }
        at = placedStarts[i];
      }
    }
    return at;
  }

  /** A copy of the checks recorded since {@link #reset}. */
  int[] recorded() {
    return Arrays.copyOf(recorded, count * 4);
  }

  /** Whether every check of {@code recorded} gives on {@code text} the result it gave before. */
  static boolean hold(int[] recorded, String text) {
    for (int at = 0; at < recorded.length; at += 4) {
      if (value(recorded[at], text, recorded[at + 1], recorded[at + 2]) != recorded[at + 3]) {
        return false;
      }
    }
    return true;
  }

  /** The result of check {@code kind} on text[start, end); reads no character outside it. */
  static int value(int kind, String text, int start, int end) {
    return switch (kind) {
      case TIMESTAMP -> TimestampParser.looksLikeTimestamp(text, start, end) ? 1 : 0;
      case EPOCH -> isEpoch(text, start, end) ? 1 : 0;
      case YEAR -> text.startsWith("19", start) || text.startsWith("20", start) ? 1 : 0;
      case COMPACT_DATE_TIME ->
          new TimestampParser(2000).parse(text.substring(start, end)) != TimestampParser.NONE
              ? 1
              : 0;
      case PRIORITY_TOO_HIGH -> Integer.parseInt(text, start, end, 10) > 191 ? 1 : 0;
      case SEVERITY -> Integer.parseInt(text, start, end, 10) % 8;
      case STATUS -> text.charAt(start) == '5' ? 2 : text.charAt(start) == '4' ? 1 : 0;
      default -> throw new IllegalArgumentException("no header check of kind " + kind);
    };
  }

  private static boolean isEpoch(String text, int start, int end) {
    int digits = end - start;
    return (digits == 10 || digits == 13)
        && text.charAt(start) == '1'
        && CharRanges.isNumber(text, start, end);
  }
}
