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
 * klog, nginx and Apache, ctime, epoch-prefixed and pipe-separated headers, and syslog's wire
 * priority and the kernel's uptime stamp around them ({@link SyslogPrefixes}); lines that are JSON
 * objects or logfmt records are read by their keys instead.
 *
 * <p>Instances are stateless and thread-safe.
 */
public final class HeaderDetector {

  /** Reads one line; never fails: a line with no recognisable header is all message. */
  public LineHeader detect(String line) {
    return detectPrepared(prepared(line), null);
  }

  /** The line as the detector reads it: without escape sequences and trailing white space. */
  static String prepared(String line) {
    return stripTrailing(AnsiCodes.strip(line));
  }

  /**
   * Reads a line already {@link #prepared}, recording in {@code checks} (when not null) each check
   * of a digit's value made on the way, or refusing there when the header found is not made of
   * ranges of the line.
   */
  LineHeader detectPrepared(String text, HeaderChecks checks) {
    int start = CharRanges.skipSpaces(text, 0);
    if (start < text.length() && text.charAt(start) == '{') {
      if (checks != null) {
        checks.refuse();
      }
      LineHeader json = StructuredLines.json(text, start);
      if (json != null) {
        return json.level() == LogLevel.UNKNOWN ? withInnerHeader(json) : json;
      }
    }
    return detectText(text, start, checks);
  }

  private LineHeader detectText(String text, int start, HeaderChecks checks) {
    return SyslogPrefixes.withoutUptime(detectFields(text, start, checks));
  }

  private LineHeader detectFields(String text, int start, HeaderChecks checks) {
    int afterPriority = SyslogPrefixes.afterPriority(text, start, checks);
    if (afterPriority > 0) {
      LineHeader header = detectFields(text, afterPriority, checks);
      return header.level() != LogLevel.UNKNOWN
          ? header
          : new LineHeader(
              header.timestamp(),
              SyslogPrefixes.severity(text, start, afterPriority, checks),
              header.component(),
              header.content());
    }
    LineHeader piped = FixedLayoutHeaders.pipeSeparated(text, start, checks);
    if (piped != null) {
      return piped;
    }
    LineHeader syslog = FixedLayoutHeaders.syslog5424(text, start, checks);
    if (syslog != null) {
      return syslog;
    }
    LineHeader prefixed = FixedLayoutHeaders.levelPrefixed(text, start);
    if (prefixed != null) {
      return prefixed;
    }
    LineHeader header = new HeaderScan(text, start, checks, 0).run();
    LineHeader read = structuredContent(header, text, checks);
    return FixedLayoutHeaders.accessLogLevel(read, checks, text.length() - read.content().length());
  }

  /**
   * A JSON record whose message carries the application's own header, as container runtimes write
   * them ({@code {"log":"2024-05-01 10:00:00 ERROR ...","stream":"stderr","time":...}}): the level
   * and component come from the inner header.
   */
  private LineHeader withInnerHeader(LineHeader json) {
    String message = json.content();
    LineHeader inner = detectText(message, 0, null);
    if (!inner.hasHeader()) {
      return json;
    }
    return new LineHeader(
        json.timestamp() != null ? json.timestamp() : inner.timestamp(),
        inner.level(),
        json.component() != null ? json.component() : inner.component(),
        inner.content());
  }

  /** A header followed by a JSON or logfmt message (for example kubectl's --timestamps). */
  private static LineHeader structuredContent(LineHeader header, String text, HeaderChecks checks) {
    String content = header.content();
    LineHeader inner = null;
    if (!content.isEmpty() && content.charAt(0) == '{') {
      refuse(checks);
      inner = StructuredLines.json(content, 0);
    } else if (StructuredLines.looksLikeLogfmt(content)) {
      refuse(checks);
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

  private static void refuse(HeaderChecks checks) {
    if (checks != null) {
      checks.refuse();
    }
  }

  private static String stripTrailing(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) <= ' ') {
      end--;
    }
    return end == line.length() ? line : line.substring(0, end);
  }
}
