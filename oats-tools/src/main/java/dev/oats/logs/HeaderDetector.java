package dev.oats.logs;

/**
 * Finds the header of a log line — timestamp, level, component — and the message after it, by
 * general rules rather than a format string per system.
 *
 * <p>A header is a run of short fields at the start of the line: timestamps, numbers (pids, line
 * ids), host names, bracketed threads, a level word, upper-case tags, separators. The run must
 * contain an <em>anchor</em> — a timestamp, a level or a {@code process[pid]:} tag — and the header
 * ends at the last anchor, plus what a level is usually followed by (a bracketed thread, a logger
 * name ending in a colon or followed by a dash, a column-aligned component). Words before an anchor
 * are held as pending and only become header when an anchor follows them, so a message that happens
 * to mention a time is not cut. This one rule set reads syslog, log4j and logback, Python logging,
 * klog, nginx and Apache, ctime, epoch-prefixed and pipe-separated headers; lines that are JSON
 * objects or logfmt records are read by their keys instead.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class HeaderDetector {

  /** How many non-anchor fields may wait for an anchor before the header is given up. */
  private static final int MAX_PENDING = 5;

  /** Reads one line; never fails: a line with no recognisable header is all message. */
  public LineHeader detect(String line) {
    String text = stripTrailing(AnsiCodes.strip(line));
    int start = skipSpaces(text, 0);
    if (start < text.length() && text.charAt(start) == '{') {
      LineHeader json = StructuredLines.json(text, start);
      if (json != null) {
        return json.level() == LogLevel.UNKNOWN ? withInnerHeader(json) : json;
      }
    }
    return detectText(text, start);
  }

  private LineHeader detectText(String text, int start) {
    LineHeader piped = pipeSeparated(text, start);
    if (piped != null) {
      return piped;
    }
    LineHeader syslog = syslog5424(text, start);
    if (syslog != null) {
      return syslog;
    }
    LineHeader prefixed = levelPrefixed(text, start);
    if (prefixed != null) {
      return prefixed;
    }
    LineHeader header = new Scan(text, start).run();
    return accessLogLevel(structuredContent(header, text));
  }

  /**
   * A JSON record whose message carries the application's own header, as container runtimes write
   * them ({@code {"log":"2024-05-01 10:00:00 ERROR ...","stream":"stderr","time":...}}): the level
   * and component come from the inner header.
   */
  private LineHeader withInnerHeader(LineHeader json) {
    String message = json.content();
    LineHeader inner = detectText(message, 0);
    if (!inner.hasHeader()) {
      return json;
    }
    return new LineHeader(
        json.timestamp() != null ? json.timestamp() : inner.timestamp(),
        inner.level(),
        json.component() != null ? json.component() : inner.component(),
        inner.content());
  }

  /**
   * Python's default format, {@code WARNING:urllib3.connectionpool:Retrying ...}: a level glued to
   * a logger name and the message by colons.
   */
  private static LineHeader levelPrefixed(String text, int start) {
    int colon = indexOf(text, ':', start, Math.min(text.length(), start + 12));
    if (colon <= start) {
      return null;
    }
    for (int i = start; i < colon; i++) {
      if (!Character.isUpperCase(text.charAt(i))) {
        return null;
      }
    }
    LogLevel level = LogLevel.parse(text, start, colon);
    if (level == null) {
      return null;
    }
    int next = text.indexOf(':', colon + 1);
    int space = text.indexOf(' ', colon + 1);
    boolean named = next > colon + 1 && (space < 0 || next < space);
    String component = named ? text.substring(colon + 1, next) : null;
    int content = skipSpaces(text, named ? next + 1 : colon + 1);
    return new LineHeader(null, level, component, text.substring(content));
  }

  /**
   * RFC 5424 syslog: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG}, fields separated by
   * single spaces, {@code -} for an empty one. The level is the severity in the priority.
   */
  private static LineHeader syslog5424(String text, int start) {
    if (start >= text.length() || text.charAt(start) != '<') {
      return null;
    }
    int close = indexOf(text, '>', start, Math.min(text.length(), start + 6));
    if (close < 0
        || !isNumber(text, start + 1, close)
        || close + 2 >= text.length()
        || !Character.isDigit(text.charAt(close + 1))
        || text.charAt(close + 2) != ' ') {
      return null;
    }
    String[] fields = new String[5];
    int pos = close + 3;
    for (int i = 0; i < fields.length; i++) {
      int end = text.indexOf(' ', pos);
      if (end < 0) {
        return null;
      }
      fields[i] = text.substring(pos, end);
      pos = end + 1;
    }
    if (pos < text.length() && text.charAt(pos) == '[') {
      int sd = text.indexOf("] ", pos);
      pos = sd < 0 ? text.length() : sd + 2;
    } else if (text.startsWith("- ", pos)) {
      pos += 2;
    }
    int severity = Integer.parseInt(text.substring(start + 1, close)) % 8;
    String timestamp = fields[0].equals("-") ? null : fields[0];
    String app = fields[2].equals("-") ? null : fields[2];
    return new LineHeader(timestamp, SYSLOG_SEVERITIES[severity], app, text.substring(pos));
  }

  private static final LogLevel[] SYSLOG_SEVERITIES = {
    LogLevel.FATAL, LogLevel.FATAL, LogLevel.ERROR, LogLevel.ERROR,
    LogLevel.WARN, LogLevel.NOTICE, LogLevel.INFO, LogLevel.DEBUG
  };

  /**
   * An access-log record ({@code "GET /path HTTP/1.1" 503 1234 ...}) has no level of its own; its
   * status says it: 5xx is an error, 4xx a warning, anything else information.
   */
  private static LineHeader accessLogLevel(LineHeader header) {
    String content = header.content();
    if (header.level() != LogLevel.UNKNOWN || content.isEmpty() || content.charAt(0) != '"') {
      return header;
    }
    int close = content.indexOf("\" ", 1);
    int protocol = content.indexOf(" HTTP/", 1);
    if (close < 0 || protocol < 0 || protocol > close || close + 4 >= content.length()) {
      return header;
    }
    int status = close + 2;
    if (!isNumber(content, status, status + 3)
        || (status + 3 < content.length() && content.charAt(status + 3) != ' ')) {
      return header;
    }
    char kind = content.charAt(status);
    LogLevel level = kind == '5' ? LogLevel.ERROR : kind == '4' ? LogLevel.WARN : LogLevel.INFO;
    return new LineHeader(header.timestamp(), level, header.component(), content);
  }

  /** A header followed by a JSON or logfmt message (for example kubectl's --timestamps). */
  private static LineHeader structuredContent(LineHeader header, String text) {
    String content = header.content();
    LineHeader inner = null;
    if (!content.isEmpty() && content.charAt(0) == '{') {
      inner = StructuredLines.json(content, 0);
    } else if (StructuredLines.looksLikeLogfmt(content)) {
      inner = StructuredLines.logfmt(content);
    }
    if (inner == null) {
      return header.hasHeader() ? header : LineHeader.none(text);
    }
    return new LineHeader(
        header.timestamp() != null ? header.timestamp() : inner.timestamp(),
        inner.level() != LogLevel.UNKNOWN ? inner.level() : header.level(),
        inner.component() != null ? inner.component() : header.component(),
        inner.content());
  }

  /**
   * Headers whose fields are separated by bars: {@code 20171223-22:15:29:606|Step_LSC|3002|msg} or
   * {@code 2024-05-01 12:00:00 | INFO | app | msg}. The fields after the timestamp are header while
   * they are a level, a number or one component name; the rest is the message.
   */
  private static LineHeader pipeSeparated(String text, int start) {
    int bar = indexOf(text, '|', start, Math.min(text.length(), start + 41));
    if (bar < 0) {
      return null;
    }
    String first = text.substring(start, bar).trim();
    if (first.isEmpty() || !TimestampParser.looksLikeTimestamp(first)) {
      return null;
    }
    LogLevel level = LogLevel.UNKNOWN;
    String component = null;
    int fieldStart = bar + 1;
    while (true) {
      int next = text.indexOf('|', fieldStart);
      if (next < 0) {
        break;
      }
      String field = text.substring(fieldStart, next).trim();
      LogLevel fieldLevel = LogLevel.parse(field);
      if (fieldLevel != null && level == LogLevel.UNKNOWN) {
        level = fieldLevel;
      } else if (isNumber(field, 0, field.length())) {
        // A pid or thread id: part of the header, not worth keeping.
      } else if (component == null && isIdentifier(field)) {
        component = field;
      } else {
        break;
      }
      fieldStart = next + 1;
    }
    String content = text.substring(fieldStart).trim();
    return new LineHeader(first, level, component, content);
  }

  /** The index of {@code c} in text[from, to), or -1: a scan that stops where told. */
  static int indexOf(String text, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) <= ' ') {
      end--;
    }
    return end == line.length() ? line : line.substring(0, end);
  }

  static int skipSpaces(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) <= ' ') {
      i++;
    }
    return i;
  }

  static boolean isNumber(CharSequence s, int start, int end) {
    int i = start;
    if (i < end && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
      i++;
    }
    if (i >= end) {
      return false;
    }
    for (; i < end; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || s.length() > 80) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '$')) {
        return false;
      }
    }
    return true;
  }

  /** The kinds of field a header is made of. */
  private enum Kind {
    TIMESTAMP,
    /** A month or weekday name: the start of a timestamp written in words. */
    DATE_WORD,
    NUMBER,
    LEVEL,
    /** klog's severity letter and date in one field: {@code I0102}. */
    KLOG,
    /** {@code sshd[24200]:}: a syslog tag, which ends the header. */
    PROCESS,
    /** A name ending in a colon: {@code org.example.Service:}. */
    COMPONENT,
    /** A source location closing klog's header: {@code controller.go:123]}. */
    SOURCE,
    BRACKET,
    SEPARATOR,
    /** A name with digits, such as a host: {@code node-246}, {@code 10.0.0.1}. */
    HOST,
    WORD,
    /** An all-capitals word such as {@code RAS} or {@code KERNEL}. */
    CAPS,
    /** A syslog priority: {@code <34>}. */
    PRIORITY,
    OTHER
  }

  /** One pass over one line. */
  private static final class Scan {
    private final String text;
    private int pos;

    private int fieldStart;
    private int fieldEnd;
    private Kind kind;
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

    Scan(String text, int start) {
      this.text = text;
      this.pos = start;
      this.committed = start;
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
      String timestamp =
          bracketTimestamp != null
              ? bracketTimestamp
              : tsStart >= 0 ? text.substring(tsStart, tsEnd) : null;
      return new LineHeader(timestamp, level, component, contentFrom(committed));
    }

    private boolean canStartHeader() {
      return switch (kind) {
        case TIMESTAMP, DATE_WORD, NUMBER, LEVEL, KLOG, PROCESS, BRACKET, HOST, CAPS, PRIORITY ->
            true;
        case SEPARATOR -> fieldEnd - fieldStart == 1 && text.charAt(fieldStart) == '-';
        default -> false;
      };
    }

    /** Handles one field before the level; false when the header ends here. */
    private boolean beforeLevel() {
      switch (kind) {
        case TIMESTAMP -> timestamp(fieldStart, fieldEnd);
        case KLOG -> {
          level = LogLevel.fromKlogLetter(text.charAt(fieldStart));
          tsStart = fieldStart + 1;
          tsEnd = fieldEnd;
          tsOpen = true;
          anchor();
        }
        case DATE_WORD -> {
          if (dateWordStart < 0 && (tsStart < 0 || tsOpen)) {
            dateWordStart = fieldStart;
          }
          pending++;
        }
        case NUMBER -> number();
        case LEVEL -> {
          level = fieldLevel;
          anchor();
          return afterLevel();
        }
        case PROCESS -> {
          component = processName(fieldStart, fieldEnd);
          anchor();
          return false;
        }
        case COMPONENT, SOURCE -> {
          if (anchored && pending <= 1) {
            component = text.substring(fieldStart, fieldEnd - 1);
            anchor();
          }
          return false;
        }
        case BRACKET -> {
          return bracketBeforeLevel();
        }
        case PRIORITY, SEPARATOR, HOST, WORD, CAPS -> {
          pending++;
          justAfterTimestamp = false;
        }
        default -> {
          return false;
        }
      }
      return pending <= MAX_PENDING;
    }

    private boolean bracketBeforeLevel() {
      String inner = text.substring(fieldStart + 1, fieldEnd - 1).trim();
      LogLevel bracketLevel = LogLevel.parse(inner);
      if (bracketLevel != null) {
        level = bracketLevel;
        anchor();
        return afterLevel();
      }
      if (tsStart < 0 && TimestampParser.looksLikeTimestamp(inner)) {
        tsStart = fieldStart + 1;
        tsEnd = fieldEnd - 1;
        anchor();
        justAfterTimestamp = true;
        return true;
      }
      if (tsStart < 0 && bracketedHeader(inner)) {
        return level == LogLevel.UNKNOWN || afterLevel();
      }
      pending++;
      return pending <= MAX_PENDING;
    }

    /**
     * A whole header inside one bracket, as env_logger and others write it: {@code
     * [2024-05-01T10:00:00Z ERROR app::db] message}. True when the bracket held a timestamp.
     */
    private boolean bracketedHeader(String inner) {
      LineHeader header = new Scan(inner, 0).run();
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
        tsOpen = !timeOnly && !hasColon(start, end) && !isEpoch(start, end);
      } else {
        tsOpen = false;
      }
      if (text.charAt(tsEnd - 1) == ',') {
        tsEnd--;
      }
      anchor();
      justAfterTimestamp = true;
    }

    private void number() {
      int digits = fieldEnd - fieldStart;
      if (tsStart < 0 && digits >= 6 && compactDateTime()) {
        return;
      }
      if (isEpoch(fieldStart, fieldEnd) && tsStart < 0) {
        timestamp(fieldStart, fieldEnd);
        return;
      }
      if (justAfterTimestamp && tsStart >= 0 && tsEnd == fieldStart - 1 && digits == 4) {
        // The year of a ctime timestamp: Sun Dec 04 04:47:44 2005.
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

    /** {@code 081109 203615}: a compact date then a compact time, as two numbers. */
    private boolean compactDateTime() {
      int save = pos;
      int start = fieldStart;
      int end = fieldEnd;
      int next = skipSpaces(text, pos);
      int nextEnd = next;
      while (nextEnd < text.length() && text.charAt(nextEnd) > ' ') {
        nextEnd++;
      }
      if (nextEnd - next == 6 && isNumber(text, next, nextEnd)) {
        String candidate = text.substring(start, nextEnd);
        if (new TimestampParser(2000).parse(candidate) != TimestampParser.NONE) {
          pos = nextEnd;
          timestamp(start, nextEnd);
          return true;
        }
      }
      pos = save;
      return false;
    }

    /** Handles the fields a level is usually followed by; always ends the header. */
    private boolean afterLevel() {
      while (nextField()) {
        switch (kind) {
          case BRACKET -> anchor();
          case SEPARATOR -> {
            anchor();
            return false;
          }
          case COMPONENT, SOURCE -> {
            component = text.substring(fieldStart, fieldEnd - 1);
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
     * A logger name after the level counts when a separator follows it ({@code Foo - msg}) or when
     * it is padded to a column ({@code CBS msg}); otherwise it is the message's first word.
     */
    private void namedComponent() {
      int start = fieldStart;
      int end = fieldEnd;
      int gap = skipSpaces(text, end) - end;
      int save = pos;
      if (nextField() && kind == Kind.SEPARATOR) {
        component = text.substring(start, end);
        anchor();
        return;
      }
      pos = save;
      if (gap >= 2 && end < text.length()) {
        component = text.substring(start, end);
        committed = end;
      }
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
      int i = skipSpaces(text, from);
      // A separator left between the header and the message is not part of the message.
      while (i < text.length()
          && (text.charAt(i) == '-' || text.charAt(i) == '|')
          && i + 1 < text.length()
          && text.charAt(i + 1) == ' ') {
        i = skipSpaces(text, i + 1);
      }
      return text.substring(i);
    }

    private String processName(int start, int end) {
      int bracket = text.indexOf('[', start);
      int stop = bracket > start && bracket < end ? bracket : end;
      if (stop == end && text.charAt(end - 1) == ':') {
        stop--;
      }
      return text.substring(start, stop);
    }

    // ---- reading and classifying fields ----

    /** Reads the next field into fieldStart/fieldEnd/kind; false at the end of the line. */
    private boolean nextField() {
      pos = skipSpaces(text, pos);
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
      while (end < text.length() && text.charAt(end) > ' ') {
        end++;
      }
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

    private Kind classify(int start, int end) {
      int length = end - start;
      char first = text.charAt(start);
      char last = text.charAt(end - 1);
      if (length <= 3 && isSeparator(start, end)) {
        return Kind.SEPARATOR;
      }
      if (isNumber(text, start, end)) {
        return Kind.NUMBER;
      }
      if (first == '<' && last == '>' && isNumber(text, start + 1, end - 1)) {
        return Kind.PRIORITY;
      }
      if (length == 5 && "IWEF".indexOf(first) >= 0 && isNumber(text, start + 1, end)) {
        return Kind.KLOG;
      }
      if (Character.isDigit(first) && looksLikeTimestamp(start, end)) {
        return Kind.TIMESTAMP;
      }
      int wordEnd = last == ':' ? end - 1 : end;
      fieldLevel = levelWord(start, wordEnd);
      if (fieldLevel != null) {
        return Kind.LEVEL;
      }
      if (TimestampParser.isMonthName(text, start, end)
          || TimestampParser.isWeekdayName(text, start, end)) {
        return Kind.DATE_WORD;
      }
      if (last == ':' && length > 1) {
        return isProcessTag(start, end - 1)
            ? Kind.PROCESS
            : isName(start, end - 1) ? Kind.COMPONENT : Kind.OTHER;
      }
      if (last == ']' && text.lastIndexOf(':', end) > start && isName(start, end - 1)) {
        return Kind.SOURCE;
      }
      if (isProcessTag(start, end)) {
        return Kind.PROCESS;
      }
      if (!isName(start, end)) {
        return Kind.OTHER;
      }
      return nameKind(start, end);
    }

    private boolean looksLikeTimestamp(int start, int end) {
      int e = text.charAt(end - 1) == ',' ? end - 1 : end;
      if (isEpoch(start, e)) {
        return true;
      }
      boolean separators = false;
      for (int i = start; i < e; i++) {
        char c = text.charAt(i);
        if (c == ':' || c == '-' || c == '/' || c == '.') {
          separators = true;
        }
      }
      return separators && TimestampParser.looksLikeTimestamp(text.substring(start, e));
    }

    private Kind nameKind(int start, int end) {
      boolean digit = false;
      boolean lower = false;
      boolean letter = false;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          digit = true;
        } else if (Character.isLetter(c)) {
          letter = true;
          lower |= Character.isLowerCase(c);
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
      if (end <= start || !Character.isUpperCase(text.charAt(start))) {
        return null;
      }
      return LogLevel.parse(text, start, end);
    }

    private boolean isSeparator(int start, int end) {
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (c != '-' && c != '|' && c != ':' && c != '>' && c != '=') {
          return false;
        }
      }
      return true;
    }

    /** {@code name[123]}: a program with its process id. */
    private boolean isProcessTag(int start, int end) {
      int open = text.indexOf('[', start);
      if (open <= start || open >= end || text.charAt(end - 1) != ']') {
        return false;
      }
      return isNumber(text, open + 1, end - 1) && isName(start, open);
    }

    /** Letters, digits and the punctuation of host, logger and thread names. */
    private boolean isName(int start, int end) {
      if (end <= start) {
        return false;
      }
      boolean alnum = false;
      for (int i = start; i < end; i++) {
        char c = text.charAt(i);
        if (Character.isLetterOrDigit(c)) {
          alnum = true;
        } else if ("._-:@$#/".indexOf(c) < 0) {
          return false;
        }
      }
      return alnum;
    }

    private boolean isTimeOfDay(int start, int end) {
      char c = text.charAt(start);
      if (!Character.isDigit(c)) {
        return false;
      }
      int colon = text.indexOf(':', start);
      return colon > start && colon - start <= 2 && colon < end;
    }

    private boolean hasColon(int start, int end) {
      int colon = text.indexOf(':', start);
      return colon >= 0 && colon < end;
    }

    private boolean isEpoch(int start, int end) {
      int digits = end - start;
      return (digits == 10 || digits == 13)
          && text.charAt(start) == '1'
          && isNumber(text, start, end);
    }
  }
}
