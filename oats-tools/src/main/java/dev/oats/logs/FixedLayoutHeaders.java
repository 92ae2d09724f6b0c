package dev.oats.logs;

/**
 * Headers with a fixed layout, each recognised by its first characters: bar-separated fields, RFC
 * 5424 syslog and Python's {@code LEVEL:logger:} prefix; and the level of an access-log record,
 * which its status code gives.
 */
final class FixedLayoutHeaders {

  private FixedLayoutHeaders() {}

  /**
   * Headers whose fields are separated by bars: {@code 20240501-10:00:00:123|Sensor_Hub|4242|msg}
   * or {@code 2024-05-01 12:00:00 | INFO | app | msg}. The fields after the timestamp are header
   * while they are a level, a number or one component name; the rest is the message.
   *
   * <p>Each check of a digit's value made is recorded in {@code checks} when it is not null.
   */
  static LineHeader pipeSeparated(String text, int start, HeaderChecks checks) {
    int bar = CharRanges.indexOf(text, '|', start, Math.min(text.length(), start + 41));
    if (bar < 0) {
      return null;
    }
    // The first field, trimmed as String.trim does.
    int firstStart = start;
    int firstEnd = bar;
    while (firstStart < firstEnd && text.charAt(firstStart) <= ' ') {
      firstStart++;
    }
    while (firstEnd > firstStart && text.charAt(firstEnd - 1) <= ' ') {
      firstEnd--;
    }
    if (firstStart == firstEnd
        || check(checks, HeaderChecks.TIMESTAMP, text, firstStart, firstEnd) == 0) {
      return null;
    }
    String first = text.substring(firstStart, firstEnd);
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
      } else if (CharRanges.isNumber(field, 0, field.length())) {
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

  /**
   * Python's default format, {@code WARNING:urllib3.connectionpool:Retrying ...}: a level glued to
   * a logger name and the message by colons.
   */
  static LineHeader levelPrefixed(String text, int start) {
    int colon = CharRanges.indexOf(text, ':', start, Math.min(text.length(), start + 12));
    if (colon <= start) {
      return null;
    }
    for (int i = start; i < colon; i++) {
      if (!CharRanges.isUpperCase(text.charAt(i))) {
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
    int content = CharRanges.skipSpaces(text, named ? next + 1 : colon + 1);
    return new LineHeader(null, level, component, text.substring(content));
  }

  /**
   * RFC 5424 syslog: {@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG}, fields separated by
   * single spaces, {@code -} for an empty one. The level is the severity in the priority.
   *
   * <p>Each check of a digit's value made is recorded in {@code checks} when it is not null.
   */
  static LineHeader syslog5424(String text, int start, HeaderChecks checks) {
    if (start >= text.length() || text.charAt(start) != '<') {
      return null;
    }
    int close = CharRanges.indexOf(text, '>', start, Math.min(text.length(), start + 6));
    // The priority is digits only: a sign, which isNumber allows, made a negative severity.
    if (close < 0
        || !CharRanges.isDigit(text.charAt(start + 1))
        || !CharRanges.isNumber(text, start + 1, close)
        || close + 2 >= text.length()
        || !CharRanges.isDigit(text.charAt(close + 1))
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
    int severity = check(checks, HeaderChecks.SEVERITY, text, start + 1, close);
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
   *
   * <p>Each check of a digit's value made is recorded in {@code checks} when it is not null. The
   * header's message starts at {@code contentStart} of the line the checks are of.
   */
  static LineHeader accessLogLevel(LineHeader header, HeaderChecks checks, int contentStart) {
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
    if (!CharRanges.isNumber(content, status, status + 3)
        || (status + 3 < content.length() && content.charAt(status + 3) != ' ')) {
      return header;
    }
    int kind = check(checks, HeaderChecks.STATUS, content, status, status + 3, contentStart);
    LogLevel level = kind == 2 ? LogLevel.ERROR : kind == 1 ? LogLevel.WARN : LogLevel.INFO;
    return new LineHeader(header.timestamp(), level, header.component(), content);
  }

  /** Check {@code kind} of {@link HeaderChecks} on text[start, end), recorded when asked to. */
  static int check(HeaderChecks checks, int kind, String text, int start, int end) {
    return check(checks, kind, text, start, end, 0);
  }

  private static int check(
      HeaderChecks checks, int kind, String text, int start, int end, int origin) {
    return checks != null
        ? checks.check(kind, text, start, end, origin)
        : HeaderChecks.value(kind, text, start, end);
  }

  private static boolean isIdentifier(String s) {
    if (s.isEmpty() || s.length() > 80) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(CharRanges.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '$')) {
        return false;
      }
    }
    return true;
  }
}
