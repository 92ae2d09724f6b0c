package dev.oats.config;

/**
 * How OATS logs.
 *
 * @param level {@code OATS_LOG_LEVEL}: TRACE, DEBUG, INFO (default), WARN or ERROR
 * @param format {@code OATS_LOG_FORMAT}: {@code text} (default) or {@code json}
 */
public record LoggingConfig(String level, String format) {

  public static final LoggingConfig DEFAULT = new LoggingConfig("INFO", "text");

  public boolean json() {
    return format.equals("json");
  }
}
