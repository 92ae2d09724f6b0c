package dev.oats.logs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * What {@link LogAnalyzer} keeps and how much it may say.
 *
 * @param since events before this instant are left out, or {@code null} for no lower bound
 * @param until events from this instant on are left out, or {@code null} for no upper bound
 * @param minLevel events below this level are left out; {@link LogLevel#UNKNOWN} keeps all
 * @param budget the most characters the rendered summary may take
 * @param maxTemplates the most templates kept in memory; the least recently seen are evicted
 * @param recentFraction the last share of the time range (or of the lines, without timestamps) in
 *     which a template seen for the first time is marked new
 * @param defaultYear the year given to timestamps written without one (syslog, klog)
 */
public record AnalyzerOptions(
    Instant since,
    Instant until,
    LogLevel minLevel,
    int budget,
    int maxTemplates,
    double recentFraction,
    int defaultYear) {

  /** The budget when none is given: about a thousand tokens of a model's context. */
  public static final int DEFAULT_BUDGET = 4_000;

  /** Checks the values. */
  public AnalyzerOptions {
    if (minLevel == null) {
      throw new IllegalArgumentException("minLevel must not be null; use UNKNOWN to keep all");
    }
    if (budget < 200) {
      throw new IllegalArgumentException("budget must be at least 200 characters: " + budget);
    }
    if (maxTemplates < 1) {
      throw new IllegalArgumentException("maxTemplates must be positive: " + maxTemplates);
    }
    if (recentFraction < 0 || recentFraction >= 1) {
      throw new IllegalArgumentException("recentFraction must be in [0, 1): " + recentFraction);
    }
  }

  /** Everything kept, the default budget, the current year for year-less timestamps. */
  public static AnalyzerOptions defaults() {
    return new AnalyzerOptions(
        null,
        null,
        LogLevel.UNKNOWN,
        DEFAULT_BUDGET,
        TemplateMiner.Config.defaults().maxTemplates(),
        0.2,
        Instant.now().atZone(ZoneOffset.UTC).getYear());
  }

  /** These options with a lower time bound. */
  public AnalyzerOptions withSince(Instant value) {
    return new AnalyzerOptions(
        value, until, minLevel, budget, maxTemplates, recentFraction, defaultYear);
  }

  /** These options with an upper time bound. */
  public AnalyzerOptions withUntil(Instant value) {
    return new AnalyzerOptions(
        since, value, minLevel, budget, maxTemplates, recentFraction, defaultYear);
  }

  /** These options with a minimum level. */
  public AnalyzerOptions withMinLevel(LogLevel value) {
    return new AnalyzerOptions(
        since, until, value, budget, maxTemplates, recentFraction, defaultYear);
  }

  /** These options with another budget. */
  public AnalyzerOptions withBudget(int value) {
    return new AnalyzerOptions(
        since, until, minLevel, value, maxTemplates, recentFraction, defaultYear);
  }

  /** These options with another cap on templates. */
  public AnalyzerOptions withMaxTemplates(int value) {
    return new AnalyzerOptions(since, until, minLevel, budget, value, recentFraction, defaultYear);
  }

  /** These options with another default year. */
  public AnalyzerOptions withDefaultYear(int value) {
    return new AnalyzerOptions(since, until, minLevel, budget, maxTemplates, recentFraction, value);
  }

  /**
   * Reads a time bound as users write it: an ISO-8601 instant ({@code 2024-05-01T12:00:00Z}), any
   * timestamp {@link TimestampParser} reads, or a duration back from now like kubectl's {@code
   * --since} ({@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 1h30m}).
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static Instant parseInstant(String text, Clock clock) {
    String value = text.strip();
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException notIso) {
      // Not ISO-8601 with a zone: try the other shapes.
    }
    Duration ago = parseDuration(value);
    if (ago != null) {
      return clock.instant().minus(ago);
    }
    long millis =
        new TimestampParser(clock.instant().atZone(ZoneOffset.UTC).getYear()).parse(value);
    if (millis == TimestampParser.NONE) {
      throw new IllegalArgumentException(
          "not a time: '" + text + "' (use 2024-05-01T12:00:00Z or a duration such as 15m or 2h)");
    }
    return Instant.ofEpochMilli(millis);
  }

  /** {@code 90s}, {@code 15m}, {@code 2h}, {@code 1d}, {@code 1h30m}; null when not a duration. */
  static Duration parseDuration(String text) {
    if (text.isEmpty()) {
      return null;
    }
    Duration total = Duration.ZERO;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && Character.isDigit(text.charAt(i))) {
        i++;
      }
      if (i == start || i == text.length()) {
        return null;
      }
      long amount = Long.parseLong(text.substring(start, i));
      total =
          switch (text.charAt(i)) {
            case 's' -> total.plusSeconds(amount);
            case 'm' -> total.plusMinutes(amount);
            case 'h' -> total.plusHours(amount);
            case 'd' -> total.plusDays(amount);
            default -> null;
          };
      if (total == null) {
        return null;
      }
      i++;
    }
    return total;
  }
}
