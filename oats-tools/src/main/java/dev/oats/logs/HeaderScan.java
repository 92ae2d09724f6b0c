package dev.oats.logs;

/**
 * The general rule of {@link HeaderDetector}: one pass over the fields at the start of a line,
 * classifying each one (timestamp, level, number, host, bracket ...) and deciding where the header
 * ends. Not thread-safe: one instance reads one line.
 */
final class HeaderScan {

  /** How many non-anchor fields may wait for an anchor before the header is given up. */
  private static final int MAX_PENDING = 5;

  /** The kinds of field a header is made of. */
  private enum Kind {
    TIMESTAMP,
    /** A month or weekday name: the start of a timestamp written in words. */
    DATE_WORD,
    NUMBER,
    LEVEL,
    /** klog's severity letter and date in one field: {@code I0102}. */
    KLOG,
    /** {@code sshd[4242]:}: a syslog tag, which ends the header. */
    PROCESS,
    /** A name ending in a colon: {@code org.example.Service:}. */
    COMPONENT,
    /** A source location closing klog's header: {@code controller.go:123]}. */
    SOURCE,
    BRACKET,
    SEPARATOR,
    /** A name with digits, such as a host: {@code node-17}, {@code 10.0.0.1}. */
    HOST,
    WORD,
    /** An all-capitals word such as {@code RAS} or {@code KERNEL}. */
    CAPS,
    /** A syslog priority: {@code <34>}. */
    PRIORITY,
    OTHER
  }

  private final String text;

  /** Where {@link #checks} records the value checks made, or null. */
  private final HeaderChecks checks;

  /** Where {@link #text} starts in the line the checks are recorded for. */
  private final int origin;

  private int pos;

  private int fieldStart;
  private int fieldEnd;
  private Kind kind;
  private int previousStart;
  private int previousEnd;
  private Kind previousKind;
  private LogLevel fieldLevel;

  private int committed;
  private boolean anchored;
  private int pending;
  private LogLevel level = LogLevel.UNKNOWN;
  private String component;
  private int tsStart = -1;
  private int tsEnd = -1;

  /** The timestamp read so far lacks its time: a date or a month and day came first. */
  private boolean tsOpen;

  private int dateWordStart = -1;

  /** The last field committed was a timestamp: numbers right after it are header too. */
  private boolean justAfterTimestamp;

  /** A timestamp read inside a bracketed header, which is not a span of the line itself. */
  private String bracketTimestamp;

  HeaderScan(String text, int start) {
    this(text, start, null, 0);
  }

  /**
   * A scan of {@code text} from {@code start} that records each check of a digit's value it makes
   * in {@code checks} (when not null), at its place in the line {@code text} starts at {@code
   * origin} of.
   */
  HeaderScan(String text, int start, HeaderChecks checks, int origin) {
    this.text = text;
    this.pos = start;
    this.committed = start;
    this.checks = checks;
    this.origin = origin;
  }

  /**
   * text[start, end), for the header; where it lies in the line is recorded when checks are, so
   * that the cache knows the range a timestamp or component came from.
   */
  private String cut(int start, int end) {
    String part = text.substring(start, end);
    if (checks != null) {
      checks.place(part, origin + start);
    }
    return part;
  }

  /** Check {@code kind} of {@link HeaderChecks} on text[start, end), recorded when asked to. */
  private int check(int kind, int start, int end) {
    return checks != null
        ? checks.check(kind, text, start, end, origin)
        : HeaderChecks.value(kind, text, start, end);
  }

  LineHeader run() {
    if (!nextField() || !canStartHeader()) {
      return LineHeader.none(text);
    }
    while (beforeLevel() && nextField()) {
      // Each field either extends the header or ends it.
    }
    if (!anchored) {
      return LineHeader.none(text);
    }
    if (level == LogLevel.UNKNOWN && component == null && tsStart >= 0) {
      dashedComponent();
    }
    String timestamp =
        bracketTimestamp != null ? bracketTimestamp : tsStart >= 0 ? cut(tsStart, tsEnd) : null;
    return new LineHeader(timestamp, level, component, contentFrom(committed));
  }

  private boolean canStartHeader() {
    return switch (kind) {
      case TIMESTAMP, DATE_WORD, NUMBER, LEVEL, KLOG, PROCESS, BRACKET, HOST, CAPS, PRIORITY ->
          true;
      case SEPARATOR -> fieldEnd - fieldStart == 1 && text.charAt(fieldStart) == '-';
      case OTHER -> isCommaDateWord();
      default -> false;
    };
  }

  /**
   * Rule 42: a date in words may put commas after its parts, {@code Wed, 01 May 2024} (RFC 1123),
   * {@code Wednesday, May 1, 2024}: a month or weekday name, or after one a day or year, ending in
   * a comma. Read here, among the fields of no other kind, to keep the common path of the scan
   * short.
   */
  private boolean commaDatePart() {
    if (kind != Kind.OTHER) {
      return false;
    }
    if (isCommaDateWord()) {
      kind = Kind.DATE_WORD;
      dateWord();
      return true;
    }
    if (dateWordStart >= 0
        && text.charAt(fieldEnd - 1) == ','
        && CharRanges.isNumber(text, fieldStart, fieldEnd - 1)) {
      kind = Kind.NUMBER;
      number();
      return true;
    }
    return false;
  }

  private boolean isCommaDateWord() {
    return text.charAt(fieldEnd - 1) == ','
        && (TimestampParser.isMonthName(text, fieldStart, fieldEnd - 1)
            || TimestampParser.isWeekdayName(text, fieldStart, fieldEnd - 1));
  }

  /** Handles one field before the level; false when the header ends here. */
  private boolean beforeLevel() {
    switch (kind) {
      case TIMESTAMP -> timestamp(fieldStart, fieldEnd);
      case KLOG -> klog();
      case DATE_WORD -> dateWord();
      case NUMBER -> number();
      case LEVEL -> {
        level = fieldLevel;
        anchor();
        return !timestampAfterLevel() && afterLevel();
      }
      case PROCESS -> {
        component = processName(fieldStart, fieldEnd);
        anchor();
        return false;
      }
      case COMPONENT, SOURCE -> {
        if (anchored && pending <= 1) {
          component = cut(fieldStart, fieldEnd - 1);
          anchor();
        }
        return false;
      }
      case BRACKET -> {
        return bracketBeforeLevel();
      }
      case PRIORITY, SEPARATOR, HOST, WORD, CAPS -> {
        LogLevel letter = levelLetter();
        if (letter != null) {
          level = letter;
          anchor();
          return afterLevel();
        }
        if (isZoneAfterTimestamp()) {
          tsEnd = fieldEnd;
          anchor();
          justAfterTimestamp = true;
        } else {
          pending++;
          justAfterTimestamp = false;
        }
      }
      default -> {
        if (commaDatePart()) {
          return pending <= MAX_PENDING;
        }
        if (isZoneAfterTimestamp()) {
          // A zone offset written apart with its colon: 10:00:00 +02:00, or +02:00: before a
          // message.
          tsEnd = text.charAt(fieldEnd - 1) == ':' ? fieldEnd - 1 : fieldEnd;
          anchor();
          justAfterTimestamp = true;
          return true;
        }
        if (isMarkAfterTimestamp()) {
          // Rule 40: a one-character level mark after the time, as Redis prints `*` or `#`.
          committed = fieldEnd;
        }
        return false;
      }
    }
    return pending <= MAX_PENDING;
  }

  /**
   * A level written as one capital letter ({@code V D I W E F}) right after the timestamp and the
   * numbers that follow it, as Android's logcat and MongoDB print it: {@code 10:00:00.123 1702 2395
   * D Tag: msg}. Anywhere else a lone letter is the message's.
   */
  private LogLevel levelLetter() {
    if (fieldEnd - fieldStart != 1 || tsStart < 0 || tsOpen || pending != 0 || !anchored) {
      return null;
    }
    return switch (text.charAt(fieldStart)) {
      case 'V' -> LogLevel.TRACE;
      case 'D' -> LogLevel.DEBUG;
      case 'I', 'W', 'E', 'F' -> LogLevel.fromKlogLetter(text.charAt(fieldStart));
      default -> null;
    };
  }

  /**
   * A lone mark of punctuation right after the timestamp (and the numbers after it), before the
   * message: {@code 10:00:00.123 * Ready}, {@code # Warning}. Programs print their level or a
   * line's kind so ({@code * . # + !}); a message does not start with a mark standing alone. A
   * bracket or quote alone opens the message, so it stays.
   */
  private boolean isMarkAfterTimestamp() {
    if (fieldEnd - fieldStart != 1 || !justAfterTimestamp || pending != 0 || tsOpen) {
      return false;
    }
    char c = text.charAt(fieldStart);
    return !CharRanges.isLetterOrDigit(c)
        && "([{<\"'`".indexOf(c) < 0
        && CharRanges.skipSpaces(text, fieldEnd) < text.length();
  }

  /** {@code I0102}: klog's level letter, then the month and day that start its timestamp. */
  private void klog() {
    level = LogLevel.fromKlogLetter(text.charAt(fieldStart));
    tsStart = fieldStart + 1;
    tsEnd = fieldEnd;
    tsOpen = true;
    anchor();
  }

  /** A month or weekday name may start a timestamp written in words: {@code May 1 10:00:00}. */
  private void dateWord() {
    if (dateWordStart < 0 && (tsStart < 0 || tsOpen)) {
      // The day may come first: 01 May 2024 10:00:00.
      boolean dayBefore = previousKind == Kind.NUMBER && previousEnd - previousStart <= 2;
      dateWordStart = dayBefore ? previousStart : fieldStart;
    }
    pending++;
  }

  private boolean bracketBeforeLevel() {
    // The inside of the bracket, trimmed as String.trim does, and where it starts in the text.
    int innerStart = fieldStart + 1;
    int innerEnd = fieldEnd - 1;
    while (innerStart < innerEnd && text.charAt(innerStart) <= ' ') {
      innerStart++;
    }
    while (innerEnd > innerStart && text.charAt(innerEnd - 1) <= ' ') {
      innerEnd--;
    }
    String inner = text.substring(innerStart, innerEnd);
    LogLevel bracketLevel = LogLevel.parse(inner);
    if (bracketLevel != null) {
      level = bracketLevel;
      anchor();
      return !timestampAfterLevel() && afterLevel();
    }
    if (tsStart < 0 && check(HeaderChecks.TIMESTAMP, innerStart, innerEnd) != 0) {
      tsStart = fieldStart + 1;
      tsEnd = fieldEnd - 1;
      anchor();
      justAfterTimestamp = true;
      return true;
    }
    if (tsStart < 0 && bracketedHeader(inner, innerStart)) {
      return level == LogLevel.UNKNOWN || afterLevel();
    }
    if (justAfterTimestamp && pending == 0 && isName(fieldStart + 1, fieldEnd - 1)) {
      // A pid or thread right after the timestamp, with no level: 10:00:00 [4242] msg, [main].
      committed = fieldEnd;
      return true;
    }
    pending++;
    return pending <= MAX_PENDING;
  }

  /**
   * A whole header inside one bracket, as env_logger and others write it: {@code
   * [2024-05-01T10:00:00Z ERROR app::db] message}. True when the bracket held a timestamp.
   */
  private boolean bracketedHeader(String inner, int innerStart) {
    LineHeader header = new HeaderScan(inner, 0, checks, origin + innerStart).run();
    if (header.timestamp() == null) {
      return false;
    }
    bracketTimestamp = header.timestamp();
    tsStart = fieldStart;
    tsEnd = fieldEnd;
    level = header.level();
    String rest = header.content();
    component =
        header.component() != null
            ? header.component()
            : !rest.isEmpty() && rest.indexOf(' ') < 0 ? rest : null;
    anchor();
    return true;
  }

  /** A timestamp field: starts the timestamp, completes a date read so far, or stands alone. */
  private void timestamp(int start, int end) {
    boolean timeOnly = isTimeOfDay(start, end);
    if (tsStart < 0 || (tsOpen && timeOnly)) {
      if (tsStart < 0) {
        tsStart = dateWordStart >= 0 ? dateWordStart : start;
      }
      tsEnd = end;
      // A date alone waits for its time in the next field; anything with a time is whole.
      tsOpen = !timeOnly && !hasColon(start, end) && !isEpoch(start, wholeSecondsEnd(start, end));
    } else {
      tsOpen = false;
    }
    if (text.charAt(tsEnd - 1) == ',') {
      tsEnd--;
    }
    anchor();
    justAfterTimestamp = true;
  }

  /**
   * A zone written after the time ({@code UTC}, {@code GMT}, {@code +0200}) is part of the
   * timestamp; other zone names are left out, as the parser would not know them.
   */
  private boolean isZoneAfterTimestamp() {
    if (!justAfterTimestamp || tsStart < 0 || tsEnd != fieldStart - 1) {
      return false;
    }
    int length = fieldEnd - fieldStart - (text.charAt(fieldEnd - 1) == ':' ? 1 : 0);
    char sign = text.charAt(fieldStart);
    if ((sign == '+' || sign == '-') && (length == 5 || length == 6)) {
      return CharRanges.isDigit(text.charAt(fieldStart + 1));
    }
    return text.startsWith("UTC", fieldStart) && length == 3
        || text.startsWith("GMT", fieldStart) && length == 3;
  }

  private void number() {
    if (isZoneAfterTimestamp()) {
      tsEnd = fieldEnd;
      anchor();
      justAfterTimestamp = true;
      return;
    }
    int digits = fieldEnd - fieldStart;
    if (tsStart < 0 && digits >= 6 && compactDateTime()) {
      return;
    }
    if (isEpoch(fieldStart, fieldEnd) && tsStart < 0) {
      timestamp(fieldStart, fieldEnd);
      return;
    }
    if (justAfterTimestamp
        && tsStart >= 0
        && tsEnd == fieldStart - 1
        && digits == 4
        && check(HeaderChecks.YEAR, fieldStart, fieldEnd) != 0) {
      // The year of a ctime timestamp: Wed May 01 10:00:00 2024.
      tsEnd = fieldEnd;
      anchor();
      return;
    }
    if (justAfterTimestamp && pending == 0) {
      // Pids and sequence numbers right after the timestamp belong to the header.
      committed = fieldEnd;
      return;
    }
    pending++;
  }

  /** {@code 240501 100000}: a compact date then a compact time, as two numbers. */
  private boolean compactDateTime() {
    int save = pos;
    int start = fieldStart;
    int end = fieldEnd;
    int next = CharRanges.skipSpaces(text, pos);
    int nextEnd = next;
    while (nextEnd < text.length() && text.charAt(nextEnd) > ' ') {
      nextEnd++;
    }
    if (nextEnd - next == 6 && CharRanges.isNumber(text, next, nextEnd)) {
      if (check(HeaderChecks.COMPACT_DATE_TIME, start, nextEnd) != 0) {
        pos = nextEnd;
        timestamp(start, nextEnd);
        return true;
      }
    }
    pos = save;
    return false;
  }

  /**
   * A level written before the timestamp, {@code INFO 2024-05-01 10:00:00 msg} or {@code [WARN] May
   * 01 10:00:00 msg}: the rest of the header is read from the timestamp on, by the same rules as a
   * header that starts with one. True when a timestamp was found there (the header is read).
   */
  private boolean timestampAfterLevel() {
    if (tsStart >= 0) {
      return false;
    }
    LineHeader rest = new HeaderScan(text, fieldEnd, checks, origin).run();
    if (rest.timestamp() == null) {
      return false;
    }
    bracketTimestamp = rest.timestamp();
    tsStart = fieldEnd;
    if (rest.level() != LogLevel.UNKNOWN) {
      level = rest.level();
    }
    component = rest.component();
    committed = text.length() - rest.content().length();
    return true;
  }

  /** Handles the fields a level is usually followed by; always ends the header. */
  private boolean afterLevel() {
    while (nextField()) {
      switch (kind) {
        case BRACKET -> anchor();
        case NUMBER -> {
          // A pid, when a separator or a thread follows: INFO 4242 --- [main] ...
          if (!nextIs(Kind.SEPARATOR) && !nextIs(Kind.BRACKET)) {
            return false;
          }
          anchor();
        }
        case SEPARATOR -> {
          anchor();
          if (!nextIs(Kind.BRACKET)) {
            return false;
          }
        }
        case COMPONENT, SOURCE -> {
          if (kind == Kind.COMPONENT && KeyRows.isKeyRow(text, fieldEnd)) {
            // Rule 31: `Name:     n1` is a row of a dump (a key and its value), not a logger.
            return false;
          }
          component = cut(fieldStart, fieldEnd - 1);
          anchor();
          skipSeparator();
          return false;
        }
        case PROCESS -> {
          component = processName(fieldStart, fieldEnd);
          anchor();
          return false;
        }
        case WORD, HOST, CAPS -> {
          namedComponent();
          return false;
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }

  /**
   * A logger name after the level counts when a separator follows it ({@code Foo - msg}) or when it
   * is padded to a column ({@code Cache msg}); otherwise it is the message's first word.
   */
  private void namedComponent() {
    int start = fieldStart;
    int end = fieldEnd;
    int gap = CharRanges.skipSpaces(text, end) - end;
    int save = pos;
    if (nextField() && kind == Kind.SEPARATOR) {
      component = cut(start, end);
      anchor();
      return;
    }
    if (kind == Kind.BRACKET && isDottedName(start, end)) {
      // Python logging's %(name)s, then the request context a service prints before every
      // message ([req-<id> <user> <project> - - -], [-]): both are header, whatever the context's
      // length, so that one event does not split by whether a request was in scope.
      component = cut(start, end);
      anchor();
      return;
    }
    pos = save;
    if (gap >= 2 && end < text.length()) {
      component = cut(start, end);
      committed = end;
    }
  }

  /**
   * A logger name of dotted parts ({@code shop.api.wsgi}, {@code org.example.Cart}): letters first,
   * a dot between two name characters, and no digit-only part, so a version or an address is not
   * one.
   */
  private boolean isDottedName(int start, int end) {
    if (!CharRanges.isLetter(text.charAt(start))) {
      return false;
    }
    boolean dot = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '.') {
        if (i == start || i + 1 >= end || !CharRanges.isLetter(text.charAt(i + 1))) {
          return false;
        }
        dot = true;
      } else if (!CharRanges.isLetterOrDigit(c) && c != '_' && c != '-') {
        return false;
      }
    }
    return dot;
  }

  /**
   * A program or logger name set off by a lone dash right after a timestamp with no level ({@code
   * [05.01 10:00:00] chrome.exe - msg}, log4j's {@code %d %c - %m}): the name is header, with one
   * short mark after it ({@code app.exe *64}). The name must hold a dot, digit, dash or underscore,
   * so a plain word starting a sentence ({@code Loading - done}) stays the message's.
   */
  private void dashedComponent() {
    int at = CharRanges.skipSpaces(text, committed);
    int nameEnd = fieldEndFrom(at);
    if (nameEnd - at < 2 || !isProgramName(at, nameEnd)) {
      return;
    }
    int next = CharRanges.skipSpaces(text, nameEnd);
    int nextEnd = fieldEndFrom(next);
    if (!isLoneDash(next, nextEnd)) {
      // One short mark may follow the name: *64, (x86), #2.
      if (nextEnd - next > 4 || nextEnd == next || CharRanges.isLetter(text.charAt(next))) {
        return;
      }
      next = CharRanges.skipSpaces(text, nextEnd);
      nextEnd = fieldEndFrom(next);
      if (!isLoneDash(next, nextEnd)) {
        return;
      }
    }
    if (CharRanges.skipSpaces(text, nextEnd) >= text.length()) {
      return;
    }
    component = cut(at, nameEnd);
    committed = nextEnd;
  }

  private int fieldEndFrom(int start) {
    int end = start;
    while (end < text.length() && text.charAt(end) > ' ') {
      end++;
    }
    return end;
  }

  private boolean isLoneDash(int start, int end) {
    return end - start == 1 && text.charAt(start) == '-';
  }

  /** A name with a letter first and a dot, digit, dash or underscore in it: not a plain word. */
  private boolean isProgramName(int start, int end) {
    if (!CharRanges.isLetter(text.charAt(start)) || !isName(start, end)) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '-' || c == '_' || CharRanges.isDigit(c)) {
        return i + 1 < end || c != '.';
      }
    }
    return false;
  }

  /** Whether the field after the current one is of this kind; reads nothing. */
  private boolean nextIs(Kind expected) {
    int save = pos;
    int start = fieldStart;
    int end = fieldEnd;
    Kind current = kind;
    boolean is = nextField() && kind == expected;
    pos = save;
    fieldStart = start;
    fieldEnd = end;
    kind = current;
    return is;
  }

  private void skipSeparator() {
    int save = pos;
    if (nextField() && kind == Kind.SEPARATOR) {
      anchor();
    } else {
      pos = save;
    }
  }

  private void anchor() {
    anchored = true;
    committed = fieldEnd;
    pending = 0;
    justAfterTimestamp = false;
  }

  private String contentFrom(int from) {
    int i = CharRanges.skipSpaces(text, from);
    // A separator left between the header and the message is not part of the message.
    while (i < text.length()
        && (text.charAt(i) == '-' || text.charAt(i) == '|')
        && i + 1 < text.length()
        && text.charAt(i + 1) == ' ') {
      i = CharRanges.skipSpaces(text, i + 1);
    }
    return cut(i, text.length());
  }

  private String processName(int start, int end) {
    int bracket = text.indexOf('[', start);
    int stop = bracket > start && bracket < end ? bracket : end;
    if (stop == end && text.charAt(end - 1) == ':') {
      stop--;
    }
    return cut(start, stop);
  }

  // ---- reading and classifying fields ----

  /** Reads the next field into fieldStart/fieldEnd/kind; false at the end of the line. */
  private boolean nextField() {
    previousKind = kind;
    previousStart = fieldStart;
    previousEnd = fieldEnd;
    pos = CharRanges.skipSpaces(text, pos);
    if (pos >= text.length()) {
      return false;
    }
    fieldStart = pos;
    char c = text.charAt(pos);
    if (c == '[') {
      int close = matchingBracket(pos);
      if (close > 0) {
        fieldEnd = close + 1;
        pos = fieldEnd;
        kind = Kind.BRACKET;
        return true;
      }
    }
    int end = pos;
    int facts = 0;
    char f;
    while (end < text.length() && (f = text.charAt(end)) > ' ') {
      facts |= f < 128 ? FACTS[f] : NON_ASCII | NOT_SEPARATOR;
      end++;
    }
    fieldFacts = facts;
    fieldEnd = end;
    pos = end;
    kind = classify(fieldStart, fieldEnd);
    return true;
  }

  private int matchingBracket(int open) {
    int depth = 0;
    int limit = Math.min(text.length(), open + 200);
    for (int i = open; i < limit; i++) {
      char c = text.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  // What a field's characters are, gathered while its end is found, so that the tests below skip
  // a field that cannot be of their shape instead of reading its characters again. Each fact is a
  // character of its kind somewhere in the field; a field with a non-ASCII character is tested
  // the long way.

  /** A character other than those of a separator field ({@code -|:>=}). */
  private static final int NOT_SEPARATOR = 1;

  /** An ASCII digit. */
  private static final int DIGIT = 2;

  /** A separator of a date or time: {@code :-/.}. */
  private static final int TIME_SEPARATOR = 4;

  /** An opening square bracket. */
  private static final int OPEN_BRACKET = 8;

  /** A character that is neither a letter or digit nor a name's punctuation ({@code ._-:@$#/}). */
  private static final int NOT_NAME = 16;

  /** A character outside ASCII. */
  private static final int NON_ASCII = 32;

  /** An ASCII letter. */
  private static final int LETTER = 64;

  /** An ASCII lower-case letter. */
  private static final int LOWER = 128;

  private static final int[] FACTS = new int[128];

  static {
    for (char c = 0; c < 128; c++) {
      int facts = "-|:>=".indexOf(c) < 0 ? NOT_SEPARATOR : 0;
      if (c >= '0' && c <= '9') {
        facts |= DIGIT;
      } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
        facts |= LETTER | (c >= 'a' ? LOWER : 0);
      } else if ("._-:@$#/".indexOf(c) < 0) {
        facts |= NOT_NAME;
      }
      if (":-/.".indexOf(c) >= 0) {
        facts |= TIME_SEPARATOR;
      }
      if (c == '[') {
        facts |= OPEN_BRACKET;
      }
      FACTS[c] = facts;
    }
  }

  /** The facts of the field just read by {@link #nextField}, when it was not a bracket. */
  private int fieldFacts;

  private boolean has(int fact) {
    return (fieldFacts & fact) != 0;
  }

  private Kind classify(int start, int end) {
    Kind symbolic = symbolicKind(start, end);
    return symbolic != null ? symbolic : wordKind(start, end);
  }

  /** Separators, numbers, priorities, klog prefixes and timestamps; null for anything else. */
  private Kind symbolicKind(int start, int end) {
    int length = end - start;
    char first = text.charAt(start);
    if (length <= 3 && !has(NOT_SEPARATOR)) {
      return Kind.SEPARATOR;
    }
    if (has(DIGIT) && CharRanges.isNumber(text, start, end)) {
      return Kind.NUMBER;
    }
    if (first == '<'
        && text.charAt(end - 1) == '>'
        && CharRanges.isNumber(text, start + 1, end - 1)) {
      return Kind.PRIORITY;
    }
    if (length == 5 && "IWEF".indexOf(first) >= 0 && CharRanges.isNumber(text, start + 1, end)) {
      return Kind.KLOG;
    }
    if (CharRanges.isDigit(first) && fieldLooksLikeTimestamp(start, end)) {
      return Kind.TIMESTAMP;
    }
    return null;
  }

  /** Levels, month and weekday names, process tags, logger names, hosts and plain words. */
  private Kind wordKind(int start, int end) {
    char last = text.charAt(end - 1);
    if (last == '>' && text.charAt(start) == '<' && end - start >= 5) {
      // A level in angle brackets: <info>, <warn> (NetworkManager, GLib).
      fieldLevel = LogLevel.parse(text, start + 1, end - 1);
      if (fieldLevel != null) {
        return Kind.LEVEL;
      }
    }
    fieldLevel = levelWord(start, last == ':' ? end - 1 : end);
    if (fieldLevel != null) {
      return Kind.LEVEL;
    }
    if (TimestampParser.isMonthName(text, start, end)
        || TimestampParser.isWeekdayName(text, start, end)) {
      return Kind.DATE_WORD;
    }
    boolean bracket = has(OPEN_BRACKET);
    if (last == ':' && end - start > 1) {
      // The colon is a name's character: the field's facts are those of [start, end - 1).
      return bracket && isProcessTag(start, end - 1)
          ? Kind.PROCESS
          : fieldIsName(start, end - 1) ? Kind.COMPONENT : Kind.OTHER;
    }
    if (last == ']' && hasColonAfter(start, end) && isName(start, end - 1)) {
      return Kind.SOURCE;
    }
    if (bracket && isProcessTag(start, end)) {
      return Kind.PROCESS;
    }
    return fieldIsName(start, end) ? nameKind(start, end) : Kind.OTHER;
  }

  /** {@link #isName} of the field just read, or of it without its last colon, on its facts. */
  private boolean fieldIsName(int start, int end) {
    if (has(NON_ASCII)) {
      return isName(start, end);
    }
    return !has(NOT_NAME) && has(LETTER | DIGIT);
  }

  /** Whether the field just read, starting with a digit, is a timestamp. */
  private boolean fieldLooksLikeTimestamp(int start, int end) {
    int e = text.charAt(end - 1) == ',' ? end - 1 : end;
    if (isEpoch(start, e)) {
      return true;
    }
    // A trailing comma is not a separator: the field's facts are those of [start, e).
    return has(TIME_SEPARATOR) && check(HeaderChecks.TIMESTAMP, start, e) != 0;
  }

  private Kind nameKind(int start, int end) {
    if (!has(NON_ASCII)) {
      return has(DIGIT)
          ? Kind.HOST
          : has(LETTER) && !has(LOWER) && end - start >= 2 ? Kind.CAPS : Kind.WORD;
    }
    boolean digit = false;
    boolean lower = false;
    boolean letter = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        digit = true;
      } else if (CharRanges.isLetter(c)) {
        letter = true;
        lower |= CharRanges.isLowerCase(c);
      }
    }
    if (digit) {
      return Kind.HOST;
    }
    return letter && !lower && end - start >= 2 ? Kind.CAPS : Kind.WORD;
  }

  /**
   * A level word counts in upper case or capitalised ({@code WARN}, {@code Info}); a lower-case
   * {@code error} is too often the message's own first word, unless bracketed.
   */
  private LogLevel levelWord(int start, int end) {
    if (end <= start || !CharRanges.isUpperCase(text.charAt(start))) {
      return null;
    }
    return LogLevel.parse(text, start, end);
  }

  /**
   * {@code name[123]}: a program with its process id; the program may name its part in parentheses,
   * as PAM modules do: {@code sshd(pam_unix)[4242]}.
   */
  private boolean isProcessTag(int start, int end) {
    // Bounded by the field: an unbounded indexOf would read the rest of the line for every word.
    int open = CharRanges.indexOf(text, '[', start, end);
    if (open <= start || text.charAt(end - 1) != ']') {
      return false;
    }
    if (!CharRanges.isNumber(text, open + 1, end - 1)) {
      return false;
    }
    int paren = CharRanges.indexOf(text, '(', start, open);
    if (paren > start && paren < open && text.charAt(open - 1) == ')') {
      return isName(start, paren) && isName(paren + 1, open - 1);
    }
    return isName(start, open);
  }

  /**
   * Whether a colon lies in text(start, end], as {@code text.lastIndexOf(':', end) > start} tells,
   * without reading back past the field.
   */
  private boolean hasColonAfter(int start, int end) {
    for (int i = Math.min(end, text.length() - 1); i > start; i--) {
      if (text.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }

  /** Letters, digits and the punctuation of host, logger and thread names. */
  private boolean isName(int start, int end) {
    if (end <= start) {
      return false;
    }
    boolean alnum = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (CharRanges.isLetterOrDigit(c)) {
        alnum = true;
      } else if ("._-:@$#/".indexOf(c) < 0) {
        return false;
      }
    }
    return alnum;
  }

  private boolean isTimeOfDay(int start, int end) {
    char c = text.charAt(start);
    if (!CharRanges.isDigit(c)) {
      return false;
    }
    int colon = CharRanges.indexOf(text, ':', start, Math.min(end, start + 3));
    return colon > start;
  }

  private boolean hasColon(int start, int end) {
    return CharRanges.indexOf(text, ':', start, end) >= 0;
  }

  /** The end of an epoch's whole seconds: before a fraction, {@code 1714557600.123}. */
  private int wholeSecondsEnd(int start, int end) {
    int dot = CharRanges.indexOf(text, '.', start, end);
    return dot > start && CharRanges.isNumber(text, dot + 1, end) ? dot : end;
  }

  private boolean isEpoch(int start, int end) {
    int digits = end - start;
    // The length first: most numbers are no epoch whatever their digits, and need no check.
    return (digits == 10 || digits == 13) && check(HeaderChecks.EPOCH, start, end) != 0;
  }
}
