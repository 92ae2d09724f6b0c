package dev.oats.logs;

/**
 * Two fields that syslog-family lines carry around their usual header, each recognised by its fixed
 * shape: the priority that a syslog message has on the wire, {@code <30>Mar 3 14:02:11 host
 * dhclient[555]: ...} (RFC 3164, as a network receiver or {@code logger --stderr} writes it), and
 * the kernel's uptime stamp, {@code [ 123.456789]}, which printk puts before every message, at the
 * start of a {@code dmesg} line or after {@code kernel:} in a syslog file.
 *
 * <p>The uptime stamp is padded to a column, so the number of spaces inside its bracket changes
 * with the uptime's magnitude: left in the message it makes one event into one template per width.
 */
final class SyslogPrefixes {

  private SyslogPrefixes() {}

  /**
   * Where the header after an RFC 3164 priority starts ({@code <PRI>} with one to three digits,
   * then no space), or -1 when the text does not start with one. RFC 5424's {@code <PRI>1 } is not
   * this.
   *
   * <p>Each check of a digit's value made is recorded in {@code checks} when it is not null.
   */
  static int afterPriority(String text, int start, HeaderChecks checks) {
    if (start >= text.length() || text.charAt(start) != '<') {
      return -1;
    }
    int close = CharRanges.indexOf(text, '>', start + 1, Math.min(text.length(), start + 5));
    if (close < start + 2
        || close + 1 >= text.length()
        || !CharRanges.isDigit(text.charAt(start + 1))
        || !CharRanges.isNumber(text, start + 1, close)
        || FixedLayoutHeaders.check(checks, HeaderChecks.PRIORITY_TOO_HIGH, text, start + 1, close)
            != 0) {
      return -1;
    }
    char next = text.charAt(close + 1);
    boolean rfc5424 =
        CharRanges.isDigit(next) && close + 2 < text.length() && text.charAt(close + 2) == ' ';
    return next == ' ' || rfc5424 ? -1 : close + 1;
  }

  /**
   * The syslog severity of the priority that ends just before {@code end}, as a level; the check of
   * its value is recorded in {@code checks} when it is not null.
   */
  static LogLevel severity(String text, int start, int end, HeaderChecks checks) {
    return SEVERITIES[
        FixedLayoutHeaders.check(checks, HeaderChecks.SEVERITY, text, start + 1, end - 1)];
  }

  private static final LogLevel[] SEVERITIES = {
    LogLevel.FATAL, LogLevel.FATAL, LogLevel.ERROR, LogLevel.ERROR,
    LogLevel.WARN, LogLevel.NOTICE, LogLevel.INFO, LogLevel.DEBUG
  };

  /**
   * The end of a printk uptime stamp at {@code start} and the spaces after it: {@code [}, optional
   * spaces, seconds, a dot, exactly six digits of microseconds, {@code ]}; -1 when there is none.
   */
  static int afterUptime(String text, int start) {
    int n = text.length();
    if (start >= n || text.charAt(start) != '[') {
      return -1;
    }
    int i = CharRanges.skipSpaces(text, start + 1);
    int seconds = i;
    while (i < n && CharRanges.isDigit(text.charAt(i))) {
      i++;
    }
    if (i == seconds || i >= n || text.charAt(i) != '.') {
      return -1;
    }
    int micros = ++i;
    while (i < n && CharRanges.isDigit(text.charAt(i))) {
      i++;
    }
    if (i - micros != 6 || i >= n || text.charAt(i) != ']') {
      return -1;
    }
    return CharRanges.skipSpaces(text, i + 1);
  }

  /** The header without the uptime stamp that starts its message, if there is one. */
  static LineHeader withoutUptime(LineHeader header) {
    String content = header.content();
    int end = afterUptime(content, 0);
    if (end < 0) {
      return header;
    }
    String stamp = content.substring(0, end).trim();
    return new LineHeader(
        header.timestamp() != null ? header.timestamp() : stamp,
        header.level(),
        header.component(),
        content.substring(end));
  }
}
