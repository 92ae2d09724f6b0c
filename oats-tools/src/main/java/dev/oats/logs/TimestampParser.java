package dev.oats.logs;

/**
 * Reads the timestamps that log headers are written with, in whatever common shape they come,
 * without regular expressions.
 *
 * <p>It understands ISO-8601 ({@code 2024-05-01T12:00:00.123Z}, {@code 2024-05-01 12:00:00,123}),
 * slashed and dotted dates ({@code 24/05/01}, {@code 2024.05.01}, {@code 2024/05/01}), compact
 * dates ({@code 20240501-12:00:00:123}, {@code 240501 120000}), syslog and ctime ({@code May 1
 * 12:00:00}, {@code Wed May 01 12:00:00 2024}), common log format ({@code 01/May/2024:12:00:00
 * +0200}), klog ({@code 0501 12:00:00.123456}, after its level letter) and Unix epochs in seconds
 * or milliseconds. A timestamp without a zone is read as UTC; one without a year takes the default
 * year the parser was built with, or the year before when that would date it after the latest
 * instant the parser was given (a December syslog line read in January).
 */
public final class TimestampParser {

  /** Returned by {@link #parse} when the text is not a timestamp. */
  public static final long NONE = Long.MIN_VALUE;

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };
  private static final String[] MONTH_NAMES = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december"
  };
  private static final String[] WEEKDAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final String[] WEEKDAY_NAMES = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"
  };
  private static final int MAX_RUNS = 12;

  /** The letters month and weekday names start with, one bit per letter from {@code a}. */
  private static final int MONTH_INITIALS = initials(MONTHS);

  private static final int WEEKDAY_INITIALS = initials(WEEKDAYS);

  private final int defaultYear;
  private final long latestMillis;

  /** A parser that gives timestamps without a year the year {@code defaultYear}. */
  public TimestampParser(int defaultYear) {
    this(defaultYear, Long.MAX_VALUE);
  }

  /**
   * A parser that gives timestamps without a year the year {@code defaultYear}, or the year before
   * when that would date them after {@code latestMillis} (now, plus some slack for clock skew): a
   * log cannot be written in the future.
   */
  public TimestampParser(int defaultYear, long latestMillis) {
    this.defaultYear = defaultYear;
    this.latestMillis = latestMillis;
  }

  /**
   * Reads {@code text} as a timestamp.
   *
   * @return milliseconds since the epoch, or {@link #NONE} when the text is not a timestamp
   */
  public long parse(String text) {
    if (text == null || text.isEmpty()) {
      return NONE;
    }
    Runs runs = Runs.scan(text, 0, text.length());
    if (runs == null) {
      return NONE;
    }
    long millis = runs.toEpochMillis(defaultYear);
    if (millis != NONE && millis > latestMillis) {
      // Only a year-less timestamp changes with the default year.
      long lastYear = runs.toEpochMillis(defaultYear - 1);
      if (lastYear != millis && lastYear != NONE) {
        return lastYear;
      }
    }
    return millis;
  }

  /**
   * Whether one header token, or the inside of a bracket, is written like a timestamp: a time of
   * day ({@code 12:00:00,123}), a whole date ({@code 2024-05-01}, {@code 24/05/01}), both, or a
   * whole timestamp. A time with no date counts: the date may be in the token before.
   */
  static boolean looksLikeTimestamp(String text) {
    return looksLikeTimestamp(text, 0, text.length());
  }

  /** {@link #looksLikeTimestamp(String)} of text[start, end), without cutting it out first. */
  static boolean looksLikeTimestamp(String text, int start, int end) {
    Runs runs = Runs.scan(text, start, end);
    if (runs == null) {
      return false;
    }
    if (runs.toEpochMillis(2000) != NONE) {
      return true;
    }
    int time = runs.findTime();
    if (time >= 0) {
      int[] clock = new int[4];
      return runs.readClock(time, clock) > 0 && Runs.validClock(clock);
    }
    Runs.Date date = runs.findDate(0, runs.count);
    return date != null && date.complete() && date.end() == runs.count;
  }

  /** Whether the characters are the name or three-letter abbreviation of a month. */
  static boolean isMonthName(CharSequence text, int start, int end) {
    return monthOf(text, start, end) > 0;
  }

  /** Whether the characters are the name or three-letter abbreviation of a weekday. */
  static boolean isWeekdayName(CharSequence text, int start, int end) {
    return nameIndex(WEEKDAYS, WEEKDAY_NAMES, WEEKDAY_INITIALS, text, start, end) >= 0;
  }

  /** The month (1 to 12) the characters name, or 0. */
  static int monthOf(CharSequence text, int start, int end) {
    return nameIndex(MONTHS, MONTH_NAMES, MONTH_INITIALS, text, start, end) + 1;
  }

  /** The index of the name the characters spell, abbreviated to three letters or in full. */
  private static int nameIndex(
      String[] abbreviations, String[] names, int initials, CharSequence text, int start, int end) {
    int length = end - start;
    if (length < 3 || length > 9) {
      return -1;
    }
    char first = Character.toLowerCase(text.charAt(start));
    // Most words start with another letter: turned away before the names are compared.
    if (first < 'a' || first > 'z' || (initials & (1 << (first - 'a'))) == 0) {
      return -1;
    }
    for (int i = 0; i < abbreviations.length; i++) {
      if (abbreviations[i].charAt(0) != first) {
        continue;
      }
      if (length == 3
          ? startsWithIgnoreCase(text, start, abbreviations[i])
          : length == names[i].length() && startsWithIgnoreCase(text, start, names[i])) {
        return i;
      }
    }
    return -1;
  }

  private static int initials(String[] names) {
    int initials = 0;
    for (String name : names) {
      initials |= 1 << (name.charAt(0) - 'a');
    }
    return initials;
  }

  private static boolean startsWithIgnoreCase(CharSequence text, int start, String prefix) {
    for (int i = 0; i < prefix.length(); i++) {
      if (Character.toLowerCase(text.charAt(start + i)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The text cut into runs of digits, each with the separator before it, plus the month name, zone
   * and weekday found among the letters. Any other word makes the text no timestamp.
   */
  private static final class Runs {
    final long[] value = new long[MAX_RUNS];
    final int[] digits = new int[MAX_RUNS];
    final char[] before = new char[MAX_RUNS];
    int count;
    int month;
    int monthRunIndex = -1;
    boolean utc;
    int zoneOffsetMinutes;
    boolean hasZone;
    boolean pm;
    boolean am;

    /** The runs of text[from, to), or null when it holds anything a timestamp does not. */
    static Runs scan(String text, int from, int to) {
      Runs runs = new Runs();
      char separator = ' ';
      int i = from;
      int n = to;
      while (i < n) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          i = runs.digits(text, i, n, separator);
          if (i < 0) {
            return null;
          }
          separator = 0;
        } else if (CharRanges.isLetter(c)) {
          int start = i;
          while (i < n && CharRanges.isLetter(text.charAt(i))) {
            i++;
          }
          if (!runs.word(text, start, i)) {
            return null;
          }
          separator = c == 'T' && i - start == 1 ? 'T' : ' ';
        } else if (" -/.:,+_[]".indexOf(c) >= 0) {
          // The first separator after a run is the one that tells what the run is.
          if (separator == 0 || separator == ' ') {
            separator = c;
          }
          i++;
        } else {
          return null;
        }
      }
      return runs.count == 0 ? null : runs;
    }

    /** Reads the run of digits at {@code i}; the index after it, or -1 when there are too many. */
    private int digits(String text, int i, int end, char separator) {
      if (count == MAX_RUNS) {
        return -1;
      }
      int start = i;
      long v = 0;
      while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        if (i - start < 18) {
          v = v * 10 + (text.charAt(i) - '0');
        }
        i++;
      }
      value[count] = v;
      digits[count] = i - start;
      before[count] = separator;
      count++;
      return i;
    }

    private boolean word(String text, int start, int end) {
      int length = end - start;
      int m = monthOf(text, start, end);
      if (m > 0) {
        if (month != 0) {
          return false;
        }
        month = m;
        monthRunIndex = count;
        return true;
      }
      if (isWeekdayName(text, start, end)) {
        return true;
      }
      if (length == 1 && (text.charAt(start) == 'T' || text.charAt(start) == 'Z')) {
        utc |= text.charAt(start) == 'Z';
        return true;
      }
      if (length == 3
          && (startsWithIgnoreCase(text, start, "utc")
              || startsWithIgnoreCase(text, start, "gmt"))) {
        utc = true;
        return true;
      }
      if (length == 2 && startsWithIgnoreCase(text, start, "am")) {
        am = true;
        return true;
      }
      if (length == 2 && startsWithIgnoreCase(text, start, "pm")) {
        pm = true;
        return true;
      }
      return false;
    }

    long toEpochMillis(int defaultYear) {
      if (month == 0 && (count == 1 || (count == 2 && before[1] == '.' && digits[0] == 10))) {
        // Seconds or milliseconds since the epoch, seconds maybe with a fraction (zap's ts).
        long seconds = epoch(value[0], digits[0]);
        return count == 1 || seconds == NONE
            ? seconds
            : seconds + fractionToMillis(value[1], digits[1]);
      }
      int time = findTime();
      Date date = time >= 0 ? findDate(0, time) : findDate(0, count);
      int[] clock = new int[4];
      int next = readClock(time, date, clock);
      if (next < 0 || !validClock(clock) || (date == null && month == 0)) {
        return NONE;
      }
      int year = date == null || date.year < 0 ? yearAfter(next, defaultYear) : date.year;
      int m = date == null ? month : date.month;
      int d = date == null ? dayNearMonth() : date.day;
      if (m < 1 || m > 12 || d < 1 || d > 31 || year < 1970 || year > 2200) {
        return NONE;
      }
      if (pm && clock[0] < 12) {
        clock[0] += 12;
      } else if (am && clock[0] == 12) {
        clock[0] = 0;
      }
      long days = daysFromCivil(year, m, d);
      long millis =
          ((days * 24 + clock[0]) * 60 + clock[1]) * 60_000L + clock[2] * 1000L + clock[3];
      return millis - zoneOffset(next) * 60_000L;
    }

    /**
     * Reads the time of day into {@code clock} (hour, minute, second, milliseconds), wherever the
     * shape puts it; the index of the run after it, or -1 when there is none.
     */
    private int readClock(int time, Date date, int[] clock) {
      if (time >= 0) {
        return readClock(time, clock);
      }
      if (date != null && date.end + 3 <= count && digits[date.end] <= 2) {
        // A date followed by dotted hours, minutes and seconds: 2024-05-01-12.00.00.123456.
        return readClock(date.end, clock);
      }
      if (date != null && date.end < count && digits[date.end] == 6) {
        // Compact date and time: 240501 120000.
        clock[0] = (int) (value[date.end] / 10000);
        clock[1] = (int) (value[date.end] / 100 % 100);
        clock[2] = (int) (value[date.end] % 100);
        return date.end + 1;
      }
      return date != null && date.end == count && date.complete ? count : -1;
    }

    private static long epoch(long v, int digits) {
      if (digits == 10 && v >= 1_000_000_000L) {
        return v * 1000;
      }
      if (digits == 13 && v >= 1_000_000_000_000L) {
        return v;
      }
      return NONE;
    }

    /** The index of the run holding the hour of an H:MM time, or -1. */
    private int findTime() {
      for (int i = 0; i + 1 < count; i++) {
        if (digits[i] <= 2 && before[i + 1] == ':' && digits[i + 1] == 2 && value[i] <= 24) {
          return i;
        }
        if (digits[i] <= 2
            && before[i + 1] == ':'
            && digits[i + 1] == 1
            && i + 2 < count
            && before[i + 2] == ':') {
          return i;
        }
      }
      return -1;
    }

    /** Reads hour, minute, second and fraction from run {@code i}; the index after them. */
    private int readClock(int i, int[] clock) {
      clock[0] = (int) value[i];
      clock[1] = (int) value[i + 1];
      int next = i + 2;
      if (next < count && digits[next] <= 2 && (before[next] == ':' || before[next] == '.')) {
        clock[2] = (int) value[next];
        next++;
        char sep = next < count ? before[next] : 0;
        if (next < count && (sep == '.' || sep == ',' || sep == ':') && digits[next] >= 1) {
          clock[3] = fractionToMillis(value[next], digits[next]);
          next++;
        }
      }
      return next;
    }

    private static int fractionToMillis(long value, int digits) {
      long v = value;
      int d = digits;
      while (d > 3) {
        v /= 10;
        d--;
      }
      while (d < 3) {
        v *= 10;
        d++;
      }
      return (int) v;
    }

    private static boolean validClock(int[] clock) {
      return clock[0] <= 24 && clock[1] <= 59 && clock[2] <= 60;
    }

    private record Date(int year, int month, int day, int end, boolean complete) {}

    /** Finds the date among runs [from, to): numeric, with a month name, or compact. */
    private Date findDate(int from, int to) {
      if (month != 0) {
        return null;
      }
      int n = to - from;
      if (n >= 1 && digits[from] == 8) {
        long v = value[from];
        return new Date((int) (v / 10000), (int) (v / 100 % 100), (int) (v % 100), from + 1, true);
      }
      if (n >= 1 && digits[from] == 6 && from + 1 < count && digits[from + 1] == 6) {
        long v = value[from];
        return new Date(
            2000 + (int) (v / 10000), (int) (v / 100 % 100), (int) (v % 100), from + 1, true);
      }
      if (n >= 1 && digits[from] == 4 && value[from] <= 1231 && (value[from] < 1970)) {
        // klog writes month and day only: I0102.
        return new Date(-1, (int) (value[from] / 100), (int) (value[from] % 100), from + 1, false);
      }
      if (n < 3) {
        return null;
      }
      char sep = before[from + 1];
      if ((sep != '-' && sep != '/' && sep != '.') || before[from + 2] != sep) {
        return null;
      }
      int a = (int) value[from];
      int b = (int) value[from + 1];
      int c = (int) value[from + 2];
      if (digits[from] == 4) {
        return new Date(a, b, c, from + 3, true);
      }
      if (digits[from + 2] == 4) {
        boolean dayFirst = sep == '.' || a > 12;
        return new Date(c, dayFirst ? b : a, dayFirst ? a : b, from + 3, true);
      }
      if (sep == '.' || digits[from] > 2 || digits[from + 1] > 2 || digits[from + 2] > 2) {
        return null;
      }
      return new Date(2000 + a, b, c, from + 3, true);
    }

    /** The day of a date written with a month name: the run next to the month. */
    private int dayNearMonth() {
      if (monthRunIndex < count && monthRunIndex >= 0 && digits[monthRunIndex] <= 2) {
        return (int) value[monthRunIndex];
      }
      if (monthRunIndex > 0 && digits[monthRunIndex - 1] <= 2) {
        return (int) value[monthRunIndex - 1];
      }
      return -1;
    }

    /** A four-digit year written after the time (ctime), or the default year. */
    private int yearAfter(int next, int defaultYear) {
      for (int i = 0; i < count; i++) {
        if (digits[i] == 4 && value[i] >= 1970 && value[i] <= 2200 && (i >= next || i < 2)) {
          return (int) value[i];
        }
      }
      return defaultYear;
    }

    /** The zone offset in minutes written after the clock ({@code +0200}, {@code -07:00}). */
    private int zoneOffset(int next) {
      if (utc || next >= count) {
        return 0;
      }
      char sign = before[next];
      if (sign != '+' && sign != '-') {
        return 0;
      }
      if (digits[next] == 4) {
        int hhmm = (int) value[next];
        int minutes = hhmm / 100 * 60 + hhmm % 100;
        return sign == '+' ? minutes : -minutes;
      }
      if (digits[next] == 2) {
        int minutes = (int) value[next] * 60;
        if (next + 1 < count && before[next + 1] == ':') {
          minutes += (int) value[next + 1];
        }
        return sign == '+' ? minutes : -minutes;
      }
      return 0;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
    private static long daysFromCivil(int year, int month, int day) {
      int y = month <= 2 ? year - 1 : year;
      int era = Math.floorDiv(y, 400);
      int yoe = y - era * 400;
      int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
      int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
      return era * 146097L + doe - 719468;
    }
  }
}
