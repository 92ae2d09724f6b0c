package dev.oats.logs;

/**
 * The severity of a log line, ordered from least to most severe.
 *
 * <p>Logging libraries spell levels many ways ({@code WARN}, {@code warning}, {@code W} in klog,
 * {@code crit} in syslog); {@link #parse} maps the common spellings onto this one scale so that
 * ranking and filtering work the same for every log.
 */
public enum LogLevel {
  /** No level could be found on the line. Ranked below every real level. */
  UNKNOWN,
  TRACE,
  DEBUG,
  INFO,
  NOTICE,
  WARN,
  ERROR,
  FATAL;

  /** Whether this level is a warning or worse. */
  public boolean isWarningOrWorse() {
    return compareTo(WARN) >= 0;
  }

  /** Whether this level is an error or worse. */
  public boolean isErrorOrWorse() {
    return compareTo(ERROR) >= 0;
  }

  /**
   * Reads a level word, in any letter case: the names above and their usual aliases ({@code
   * WARNING}, {@code ERR}, {@code SEVERE}, {@code CRITICAL}, {@code PANIC} ...).
   *
   * @param text the characters to read
   * @param start the first character of the word
   * @param end one past the last character of the word
   * @return the level, or {@code null} when the word is not a level name
   */
  public static LogLevel parse(CharSequence text, int start, int end) {
    int length = end - start;
    if (length < 3 || length > 11) {
      return null;
    }
    // Compared in place, without building an upper-case copy: this runs on every capitalised
    // word of every line header.
    for (int n = 0; n < NAMES.length; n++) {
      String name = NAMES[n];
      if (name.length() == length && matchesUpperCase(text, start, name)) {
        return LEVELS[n];
      }
    }
    return null;
  }

  /** The level names and aliases {@link #parse} reads, in upper case, with their levels. */
  private static final String[] NAMES = {
    "TRACE", "FINEST", "FINER", "DEBUG", "DBG", "FINE", "VERBOSE", "INFO", "INF", "INFORMATION",
    "CONFIG", "LOG", "NOTICE", "WARN", "WARNING", "WRN", "ERROR", "ERR", "SEVERE", "CRIT",
    "CRITICAL", "ALERT", "FATAL", "EMERG", "EMERGENCY", "PANIC"
  };

  private static final LogLevel[] LEVELS = {
    TRACE, TRACE, TRACE, DEBUG, DEBUG, DEBUG, DEBUG, INFO, INFO, INFO, INFO, INFO, NOTICE, WARN,
    WARN, WARN, ERROR, ERROR, ERROR, ERROR, ERROR, ERROR, FATAL, FATAL, FATAL, FATAL
  };

  /** Whether text at {@code start} spells {@code name}, ASCII lower case read as upper case. */
  private static boolean matchesUpperCase(CharSequence text, int start, String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = text.charAt(start + i);
      if ((c >= 'a' && c <= 'z' ? (char) (c - 32) : c) != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Reads a whole string as a level word; see {@link #parse(CharSequence, int, int)}. */
  public static LogLevel parse(String word) {
    return word == null ? null : parse(word, 0, word.length());
  }

  /** Reads a klog/glog severity letter ({@code I}, {@code W}, {@code E}, {@code F}). */
  static LogLevel fromKlogLetter(char letter) {
    return switch (letter) {
      case 'I' -> INFO;
      case 'W' -> WARN;
      case 'E' -> ERROR;
      case 'F' -> FATAL;
      default -> null;
    };
  }
}
