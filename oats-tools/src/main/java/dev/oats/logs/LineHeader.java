package dev.oats.logs;

/**
 * What {@link HeaderDetector} found at the start of one log line: the timestamp, level and
 * component of the header, and the message that follows it.
 *
 * @param timestamp the timestamp as written on the line, or {@code null} when there is none; turn
 *     it into an instant with {@link TimestampParser}
 * @param level the level of the line, {@link LogLevel#UNKNOWN} when the header has none
 * @param component the logger, class, process or thread name the header names, or {@code null}
 * @param content the message: the line without its header; what templates are mined from
 */
public record LineHeader(String timestamp, LogLevel level, String component, String content) {

  /** A line that has no header at all: the whole line is the message. */
  public static LineHeader none(String line) {
    return new LineHeader(null, LogLevel.UNKNOWN, null, line);
  }

  /**
   * Whether the line starts with a header (a timestamp or a level). Lines without one that follow a
   * line with one are continuations, such as the frames of a stack trace.
   */
  public boolean hasHeader() {
    return timestamp != null || level != LogLevel.UNKNOWN;
  }
}
