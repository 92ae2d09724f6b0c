package dev.oats.logs;

/**
 * Recognises the lines that continue an event rather than start one: the frames and causes of Java,
 * Python and Go stack traces, and indented lines.
 */
final class StackTraces {

  private StackTraces() {}

  /** Whether the line has the shape of a stack-trace line, whatever the log around it. */
  static boolean looksLikeContinuation(String line) {
    if (line.isEmpty()) {
      return false;
    }
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      return !line.isBlank();
    }
    return line.startsWith("Caused by: ")
        || line.startsWith("Suppressed: ")
        || line.startsWith("Traceback (most recent call last)")
        || line.startsWith("goroutine ")
        || line.startsWith("created by ")
        || line.startsWith("...additional frames elided...")
        || line.startsWith("[signal ")
        || TraceFold.isGoFunction(line)
        || isMoreFrames(line)
        || isExceptionLine(line);
  }

  /**
   * Whether the line opens a trace of its own: Go's {@code panic:} and {@code fatal error:}, an
   * uncaught Java exception, a Python traceback. Such a line continues an error or warning before
   * it (the trace that event announces), but after an ordinary line it is an event of its own.
   */
  static boolean startsTrace(String line) {
    return line.startsWith("panic: ")
        || line.startsWith("fatal error: ")
        || line.startsWith("Exception in thread ")
        || line.startsWith("Traceback (most recent call last)")
        || isExceptionLine(line);
  }

  /** {@code ... 12 more}. */
  private static boolean isMoreFrames(String line) {
    if (!line.startsWith("... ") || !line.endsWith(" more")) {
      return false;
    }
    String count = line.substring(4, line.length() - 5);
    return !count.isEmpty() && count.chars().allMatch(Character::isDigit);
  }

  /**
   * {@code java.lang.IllegalStateException: boom} or {@code ValueError: bad value}: a class name
   * ending in Exception or Error, then a colon or the end of the line.
   */
  static boolean isExceptionLine(String line) {
    int end = 0;
    while (end < line.length()) {
      char c = line.charAt(end);
      if (!Character.isLetterOrDigit(c) && c != '.' && c != '$' && c != '_') {
        break;
      }
      end++;
    }
    if (end == 0 || (end < line.length() && line.charAt(end) != ':')) {
      return false;
    }
    String name = line.substring(0, end);
    // A bare "Error:" is a message of its own; a named error class is the tail of a trace.
    for (String suffix : new String[] {"Exception", "Error", "Throwable"}) {
      if (name.endsWith(suffix) && name.length() > suffix.length()) {
        return true;
      }
    }
    return false;
  }
}
