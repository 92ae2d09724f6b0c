package dev.oats.logs;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads structured log lines — JSON objects and logfmt records — by their keys.
 *
 * <p>The message is the value of the usual message key ({@code msg}, {@code message}, {@code log}
 * ...); the level, time and logger keys fill the header; every other scalar field is appended to
 * the message as {@code key=value}, so that templates keep the field names and the masker hides
 * their values.
 */
final class StructuredLines {

  private static final String[] MESSAGE_KEYS = {
    "msg", "message", "log", "text", "event", "@message", "MESSAGE", "Message"
  };
  private static final String[] LEVEL_KEYS = {
    "level",
    "lvl",
    "severity",
    "loglevel",
    "log.level",
    "levelname",
    "@level",
    "Level",
    "LEVEL",
    "@l",
    "levelno",
    "severity_number",
    "severityNumber",
    "SeverityNumber"
  };
  private static final String[] TIME_KEYS = {
    "ts", "time", "timestamp", "@timestamp", "t", "datetime", "date", "Timestamp", "TIME", "@t"
  };
  private static final String[] COMPONENT_KEYS = {
    "logger", "component", "caller", "name", "logger_name", "module", "source", "subsystem"
  };

  private StructuredLines() {}

  /** A key and its value; {@code quoted} when the value was a JSON string or a quoted value. */
  record Field(String key, String value, boolean quoted) {}

  /** Reads {@code text} from {@code start} as one JSON object; null when it is not one. */
  static LineHeader json(String text, int start) {
    List<Field> fields = new JsonObjectReader(text, start).read();
    return fields == null ? null : fromFields(fields);
  }

  /**
   * Whether the text is a logfmt record: {@code key=value} pairs naming a message or level, or
   * go-kit's {@code ts=... caller=...} pairs, which need neither.
   */
  static boolean looksLikeLogfmt(String text) {
    int eq = CharRanges.indexOf(text, '=', 0, Math.min(text.length(), 41));
    if (eq <= 0) {
      return false;
    }
    for (int i = 0; i < eq; i++) {
      if (!isKeyChar(text.charAt(i))) {
        return false;
      }
    }
    return hasKey(text, "msg=")
        || hasKey(text, "level=")
        || hasKey(text, "message=")
        // go-kit writes ts= and caller= on every line, level= and msg= only when asked to.
        || (text.startsWith("ts=") || text.startsWith("time=")) && hasKey(text, "caller=");
  }

  private static boolean hasKey(String text, String key) {
    int at = text.indexOf(key);
    return at == 0 || (at > 0 && text.charAt(at - 1) == ' ');
  }

  /** Reads {@code text} as logfmt; null when it is not. */
  static LineHeader logfmt(String text) {
    List<Field> fields = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      i = CharRanges.skipSpaces(text, i);
      int keyStart = i;
      while (i < n && isKeyChar(text.charAt(i))) {
        i++;
      }
      if (i == keyStart || i >= n || text.charAt(i) != '=') {
        return null;
      }
      String key = text.substring(keyStart, i);
      i++;
      if (i < n && text.charAt(i) == '"') {
        StringBuilder value = new StringBuilder();
        i = readQuoted(text, i, value);
        if (i < 0) {
          return null;
        }
        fields.add(new Field(key, value.toString(), true));
      } else {
        int valueStart = i;
        while (i < n && text.charAt(i) > ' ') {
          i++;
        }
        fields.add(new Field(key, text.substring(valueStart, i), false));
      }
    }
    return fields.isEmpty() ? null : fromFields(fields);
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '@';
  }

  /** Reads a double-quoted string at {@code i} into {@code out}; the index after it, or -1. */
  static int readQuoted(String text, int i, StringBuilder out) {
    int n = text.length();
    for (int j = i + 1; j < n; j++) {
      char c = text.charAt(j);
      if (c == '"') {
        return j + 1;
      }
      if (c == '\\' && j + 1 < n) {
        j++;
        char e = text.charAt(j);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'u' -> {
            if (j + 4 < n) {
              out.append((char) Integer.parseInt(text.substring(j + 1, j + 5), 16));
              j += 4;
            }
          }
          default -> out.append(e);
        }
      } else {
        out.append(c);
      }
    }
    return -1;
  }

  private static LineHeader fromFields(List<Field> fields) {
    Field message = find(fields, MESSAGE_KEYS);
    Field level = find(fields, LEVEL_KEYS);
    Field time = find(fields, TIME_KEYS);
    Field component = find(fields, COMPONENT_KEYS);
    StringBuilder content = new StringBuilder();
    if (message != null) {
      content.append(message.value().strip());
    }
    for (Field field : fields) {
      if (field == message || field == level || field == time || field == component) {
        continue;
      }
      if (!content.isEmpty()) {
        content.append(' ');
      }
      content.append(field.key()).append('=');
      if (field.quoted() && needsQuotes(field.value())) {
        content.append('"').append(field.value()).append('"');
      } else {
        content.append(field.value());
      }
    }
    LogLevel parsed = level == null ? null : levelOf(level);
    return new LineHeader(
        time == null ? null : time.value(),
        parsed == null ? LogLevel.UNKNOWN : parsed,
        component == null ? null : component.value(),
        content.toString());
  }

  /**
   * A level written as a word, or as a number on the scale its key implies: pino and bunyan's
   * {@code "level":50} (10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal), Python's {@code
   * levelno} (10 debug to 50 critical), OpenTelemetry's severity number (1 to 24) and syslog's
   * severity (0 emergency to 7 debug, as GELF writes it).
   */
  static LogLevel levelOf(Field field) {
    String value = field.value().strip();
    LogLevel word = LogLevel.parse(value);
    if (word != null || value.isEmpty() || !CharRanges.isNumber(value, 0, value.length())) {
      return word;
    }
    if (value.length() > 3) {
      return null;
    }
    int n = Integer.parseInt(value);
    String key = field.key().toLowerCase(java.util.Locale.ROOT);
    if (key.equals("levelno")) {
      return n >= 50
          ? LogLevel.FATAL
          : n >= 40
              ? LogLevel.ERROR
              : n >= 30 ? LogLevel.WARN : n >= 20 ? LogLevel.INFO : n >= 10 ? LogLevel.DEBUG : null;
    }
    if (key.startsWith("severity_number") || key.equals("severitynumber")) {
      return n >= 21
          ? LogLevel.FATAL
          : n >= 17
              ? LogLevel.ERROR
              : n >= 13
                  ? LogLevel.WARN
                  : n >= 9
                      ? LogLevel.INFO
                      : n >= 5 ? LogLevel.DEBUG : n >= 1 ? LogLevel.TRACE : null;
    }
    if (n <= 7) {
      return new LogLevel[] {
            LogLevel.FATAL, LogLevel.FATAL, LogLevel.ERROR, LogLevel.ERROR,
            LogLevel.WARN, LogLevel.NOTICE, LogLevel.INFO, LogLevel.DEBUG
          }
          [n];
    }
    return n >= 60
        ? LogLevel.FATAL
        : n >= 50
            ? LogLevel.ERROR
            : n >= 40
                ? LogLevel.WARN
                : n >= 30
                    ? LogLevel.INFO
                    : n >= 20 ? LogLevel.DEBUG : n >= 10 ? LogLevel.TRACE : null;
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) <= ' ' || value.charAt(i) == '"') {
        return true;
      }
    }
    return false;
  }

  private static Field find(List<Field> fields, String[] keys) {
    for (String key : keys) {
      for (Field field : fields) {
        if (field.key().equals(key)) {
          return field;
        }
      }
    }
    return null;
  }

  /**
   * Reads the top level of one JSON object. Nested objects and arrays are kept as their raw text;
   * the object must span the whole rest of the line.
   */
  private static final class JsonObjectReader {
    private final String text;
    private int i;

    JsonObjectReader(String text, int start) {
      this.text = text;
      this.i = start;
    }

    List<Field> read() {
      List<Field> fields = new ArrayList<>();
      if (!consume('{')) {
        return null;
      }
      skip();
      if (peek() == '}') {
        i++;
        return end() ? fields : null;
      }
      while (true) {
        skip();
        if (peek() != '"') {
          return null;
        }
        StringBuilder key = new StringBuilder();
        i = readQuoted(text, i, key);
        if (i < 0 || !consume(':')) {
          return null;
        }
        skip();
        Field field = value(key.toString());
        if (field == null) {
          return null;
        }
        fields.add(field);
        skip();
        if (consume(',')) {
          continue;
        }
        return consume('}') && end() ? fields : null;
      }
    }

    private Field value(String key) {
      char c = peek();
      if (c == '"') {
        StringBuilder value = new StringBuilder();
        i = readQuoted(text, i, value);
        return i < 0 ? null : new Field(key, value.toString(), true);
      }
      int start = i;
      if (c == '{' || c == '[') {
        i = skipNested(i);
        if (i < 0) {
          return null;
        }
      } else {
        while (i < text.length() && ",}] \t".indexOf(text.charAt(i)) < 0) {
          i++;
        }
      }
      return i == start ? null : new Field(key, text.substring(start, i), false);
    }

    private int skipNested(int from) {
      int depth = 0;
      for (int j = from; j < text.length(); j++) {
        char c = text.charAt(j);
        if (c == '"') {
          j = readQuoted(text, j, new StringBuilder()) - 1;
          if (j < 0) {
            return -1;
          }
        } else if (c == '{' || c == '[') {
          depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
          return j + 1;
        }
      }
      return -1;
    }

    private boolean end() {
      skip();
      return i >= text.length();
    }

    private char peek() {
      return i < text.length() ? text.charAt(i) : 0;
    }

    private boolean consume(char c) {
      skip();
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    private void skip() {
      while (i < text.length() && text.charAt(i) <= ' ') {
        i++;
      }
    }
  }
}
