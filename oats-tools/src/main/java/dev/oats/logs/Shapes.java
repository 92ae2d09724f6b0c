package dev.oats.logs;

/**
 * Recognisers for the shapes of variable values, written as plain character scans because they run
 * on every token of every line.
 */
final class Shapes {

  private Shapes() {}

  /**
   * Whether t[start, end) is a value to be masked whole: a number with or without unit, a hex
   * number, an address, a date or time, a UUID, a path, a URL or an e-mail address.
   */
  static boolean isVariable(String t, int start, int end) {
    char c = t.charAt(start);
    if (isDigit(c)) {
      // Rule 38: an address may start with a digit (a Message-ID, 20240501.4F2A@mx.example), and
      // is an e-mail address whatever its first character, as a host name or an id is.
      return isNumeric(t, start, end)
          || (CharRanges.indexOf(t, '@', start, end) > start && isEmail(t, start, end));
    }
    if ((c == '-' || c == '+') && start + 1 < end && isDigit(t.charAt(start + 1))) {
      return isNumeric(t, start + 1, end);
    }
    if (c == '/' || c == '\\') {
      return end - start > 1;
    }
    if (c == ':') {
      return isCompressedIpv6(t, start, end);
    }
    if (c == '~' || c == '.') {
      return isRelativePath(t, start, end);
    }
    if (CharRanges.isLetter(c)) {
      // One pass finds which shapes are possible, so that each recogniser runs only when it can.
      int facts = facts(t, start, end);
      boolean digit = (facts & DIGIT) != 0;
      boolean colon = (facts & COLON) != 0;
      return (colon && (isUrl(t, start, end) || isDrivePath(t, start, end)))
          || ((facts & DOT) != 0 && isHostName(t, start, end))
          || ((facts & AT) != 0 && isEmail(t, start, end))
          || (digit && (isHexWithColonsOrDashes(t, start, end) || isHexRun(t, start, end)));
    }
    return false;
  }

  private static final int DIGIT = 1;
  private static final int DOT = 2;
  private static final int COLON = 4;
  private static final int AT = 8;

  private static int facts(String t, int start, int end) {
    int facts = 0;
    for (int i = start; i < end; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        facts |= DIGIT;
      } else if (c == '.') {
        facts |= DOT;
      } else if (c == ':') {
        facts |= COLON;
      } else if (c == '@') {
        facts |= AT;
      }
    }
    return facts;
  }

  /**
   * Starting with a digit: numbers, versions, IPv4 with port, dates and times (all digits and
   * separators), a number with a unit or a duration ({@code 10ms}, {@code 1h30m}), an ISO-8601
   * timestamp, or a hex value ({@code 0x1f}, {@code 4ed8}, a UUID or an IPv6 address).
   */
  private static boolean isNumeric(String t, int start, int end) {
    if (end - start > 2 && t.charAt(start) == '0' && (t.charAt(start + 1) | 0x20) == 'x') {
      return allHex(t, start + 2, end);
    }
    int i = start;
    boolean hexOnly = true;
    boolean plain = true;
    for (int j = start; j < end; j++) {
      char c = t.charAt(j);
      if (isDigit(c) || isNumberSeparator(c)) {
        continue;
      }
      plain = false;
      if (!isHexLetter(c)) {
        hexOnly = false;
      }
    }
    if (plain || hexOnly) {
      return true;
    }
    return isDurationOrSize(t, i, end) || isIsoTimestamp(t, start, end);
  }

  /**
   * {@code 10ms}, {@code 1.5GiB}, {@code 1h30m15s}, {@code 75%}: numbers each followed by a unit.
   */
  private static boolean isDurationOrSize(String t, int start, int end) {
    int i = start;
    while (i < end) {
      int digits = i;
      while (i < end && (isDigit(t.charAt(i)) || t.charAt(i) == '.' || t.charAt(i) == ',')) {
        i++;
      }
      if (i == digits) {
        return false;
      }
      int unit = i;
      while (i < end && !isDigit(t.charAt(i))) {
        i++;
      }
      if (i == unit || !isUnit(t, unit, i)) {
        return i == unit && i == end;
      }
    }
    return true;
  }

  /** {@code 2024-05-01T12:00:00.123Z}, {@code 2024-05-01T12:00:00+02:00}. */
  private static boolean isIsoTimestamp(String t, int start, int end) {
    boolean sawT = false;
    for (int j = start; j < end; j++) {
      char c = t.charAt(j);
      if (c == 'T' && !sawT) {
        sawT = true;
      } else if (c == 'Z' && j == end - 1) {
        return sawT;
      } else if (!isDigit(c) && !isNumberSeparator(c)) {
        return false;
      }
    }
    return sawT;
  }

  /** Units of time, size and rate that follow a number without a space, in any letter case. */
  private static final String[] UNITS = {
    "ns", "us", "µs", "ms", "s", "sec", "secs", "m", "min", "mins", "h", "hr", "hrs", "d", "w", "y",
    "b", "k", "kb", "kib", "mb", "mib", "g", "gb", "gib", "t", "tb", "tib", "bytes", "%", "x", "px",
    "hz", "khz", "mhz", "ghz", "c"
  };

  private static boolean isUnit(String t, int start, int end) {
    int length = end - start;
    if (length == 0 || length > 5) {
      return false;
    }
    for (String unit : UNITS) {
      if (unit.length() == length && t.regionMatches(true, start, unit, 0, length)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNumberSeparator(char c) {
    return c == '.' || c == ',' || c == ':' || c == '-' || c == '/' || c == '_' || c == '+';
  }

  private static boolean isRelativePath(String t, int start, int end) {
    int slash = t.indexOf('/', start);
    return slash > start && slash < end && slash - start <= 2 && end - slash > 1;
  }

  private static boolean isUrl(String t, int start, int end) {
    int scheme = t.indexOf("://", start);
    if (scheme <= start || scheme + 3 >= end) {
      return false;
    }
    for (int i = start; i < scheme; i++) {
      char c = t.charAt(i);
      if (!CharRanges.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** Top-level domains that end host names and are not also common file extensions. */
  private static final java.util.Set<String> TOP_LEVEL_DOMAINS =
      java.util.Set.of(
          "com",
          "net",
          "org",
          "edu",
          "gov",
          "mil",
          "int",
          "io",
          "info",
          "biz",
          "co",
          "us",
          "uk",
          "de",
          "fr",
          "jp",
          "cn",
          "ru",
          "br",
          "in",
          "au",
          "ca",
          "nl",
          "it",
          "es",
          "se",
          "ch",
          "kr",
          "tw",
          "hk",
          "mx",
          "ar",
          "eu",
          "om",
          "local",
          "internal",
          "lan",
          "localdomain",
          "svc",
          "arpa",
          "cloud",
          "dev",
          "app",
          // Reserved for examples, tests and private use (RFC 2606, RFC 6761): documentation,
          // staging and lab setups name their hosts under them.
          "example",
          "invalid",
          "test",
          "localhost");

  /**
   * {@code host.example.com}, maybe with a port: dot-separated labels of letters, digits and dashes
   * ending in a top-level domain. Java packages end in a class name and file names in an extension,
   * so they do not match.
   */
  private static boolean isHostName(String t, int start, int end) {
    int colon = CharRanges.indexOf(t, ':', start, end);
    // host:port is one address.
    int hostEnd =
        colon > 0
                && colon + 1 < end
                && CharRanges.isDigit(t.charAt(colon + 1))
                && CharRanges.isNumber(t, colon + 1, end)
            ? colon
            : end;
    int lastDot = t.lastIndexOf('.', hostEnd - 1);
    if (lastDot <= start || lastDot >= hostEnd - 2) {
      return false;
    }
    // The character before i, carried rather than read at i - 1: a read the JIT would guard out of
    // the loop by the profile of the tokens before, which fails on a name at the message's start.
    char previous = '.';
    for (int i = start; i < hostEnd; i++) {
      char c = t.charAt(i);
      if (!CharRanges.isLetterOrDigit(c) && c != '-' && c != '.') {
        return false;
      }
      if (c == '.' && previous == '.') {
        return false;
      }
      previous = c;
    }
    String tld = t.substring(lastDot + 1, hostEnd).toLowerCase(java.util.Locale.ROOT);
    return TOP_LEVEL_DOMAINS.contains(tld);
  }

  private static boolean isDrivePath(String t, int start, int end) {
    return end - start > 3
        && t.charAt(start + 1) == ':'
        && (t.charAt(start + 2) == '\\' || t.charAt(start + 2) == '/');
  }

  private static boolean isEmail(String t, int start, int end) {
    int at = t.indexOf('@', start);
    if (at <= start || at >= end - 3) {
      return false;
    }
    for (int i = start; i < at; i++) {
      char c = t.charAt(i);
      if (!CharRanges.isLetterOrDigit(c) && "._%+-".indexOf(c) < 0) {
        return false;
      }
    }
    boolean dot = false;
    boolean letter = false;
    for (int i = at + 1; i < end; i++) {
      char c = t.charAt(i);
      if (c == '.') {
        dot = i > at + 1 && i < end - 1;
      } else if (CharRanges.isLetter(c)) {
        letter = true;
      } else if (!isDigit(c) && c != '-') {
        return false;
      }
    }
    return dot && letter;
  }

  /**
   * An IPv6 address whose leading groups are zero, written from {@code ::}: the loopback {@code
   * ::1}, a mapped {@code ::ffff:10.0.0.7}, and the unspecified {@code ::} when a bracket holds it
   * ({@code [::]}, {@code [::]:8080}, as servers print the address they listen on); a bare {@code
   * ::} may be punctuation.
   */
  private static boolean isCompressedIpv6(String t, int start, int end) {
    if (end - start < 2 || t.charAt(start + 1) != ':') {
      return false;
    }
    if (end - start == 2) {
      return start > 0 && t.charAt(start - 1) == '[' && end < t.length() && t.charAt(end) == ']';
    }
    boolean digit = false;
    for (int i = start + 2; i < end; i++) {
      char c = t.charAt(i);
      if (isDigit(c)) {
        digit = true;
      } else if (!isHexLetter(c) && c != ':' && c != '.') {
        return false;
      }
    }
    return digit;
  }

  /** UUIDs, MAC addresses and IPv6 addresses: hex groups joined by dashes or colons. */
  private static boolean isHexWithColonsOrDashes(String t, int start, int end) {
    int colons = 0;
    int dashes = 0;
    boolean digit = false;
    int group = 0;
    for (int i = start; i < end; i++) {
      char c = t.charAt(i);
      if (c == ':') {
        colons++;
        group = 0;
      } else if (c == '-') {
        dashes++;
        group = 0;
      } else if (c == '%' && colons >= 2) {
        return true;
      } else if (isDigit(c) || isHexLetter(c)) {
        digit |= isDigit(c);
        if (++group > 12) {
          return false;
        }
      } else {
        return false;
      }
    }
    if (!digit) {
      return false;
    }
    if (colons > 0 && dashes > 0) {
      return false;
    }
    return colons >= 5 || (colons >= 2 && t.indexOf("::", start) >= 0) || dashes == 4;
  }

  /**
   * A run of hex digits that is a value and not a word: {@code 0x}-prefixed, starting with a digit,
   * at least eight long, or six long with two digits (an object hash such as {@code a64f992} masks
   * like {@code 9f4ef63}, whichever character it starts with); it must hold a digit.
   */
  static boolean isHexRun(String t, int start, int end) {
    int length = end - start;
    if (length > 2 && t.charAt(start) == '0' && (t.charAt(start + 1) | 0x20) == 'x') {
      return allHex(t, start + 2, end);
    }
    if (!allHex(t, start, end)) {
      return false;
    }
    int digits = 0;
    for (int i = start; i < end; i++) {
      if (isDigit(t.charAt(i))) {
        digits++;
      }
    }
    return digits > 0 && (isDigit(t.charAt(start)) || length >= 8 || (length >= 6 && digits >= 2));
  }

  /** Whether t[start, end) is all hex digits (and not empty). */
  static boolean isHexDigits(String t, int start, int end) {
    return allHex(t, start, end);
  }

  private static boolean allHex(String t, int start, int end) {
    if (start >= end) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = t.charAt(i);
      if (!isDigit(c) && !isHexLetter(c)) {
        return false;
      }
    }
    return true;
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexLetter(char c) {
    return (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
