package dev.oats.tools.metrics;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the times and durations a model writes, and picks a step Prometheus will accept. */
final class TimeSpec {

  /** Prometheus refuses a range query with more points per series than this. */
  static final long MAX_POINTS = 11_000;

  /** The default step keeps a range at or under this many points. */
  static final long TARGET_POINTS = 120;

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
  private static final Pattern RELATIVE = Pattern.compile("(?:now)?\\s*([+-])\\s*(\\S+)");
  private static final Pattern UNIX = Pattern.compile("\\d+(\\.\\d+)?");

  private static final List<Duration> NICE_STEPS =
      List.of(
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          Duration.ofSeconds(15),
          Duration.ofSeconds(30),
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10),
          Duration.ofMinutes(15),
          Duration.ofMinutes(30),
          Duration.ofHours(1),
          Duration.ofHours(2),
          Duration.ofHours(3),
          Duration.ofHours(6),
          Duration.ofHours(12),
          Duration.ofDays(1));

  private TimeSpec() {}

  /**
   * A point in time: RFC3339 ({@code 2024-05-01T10:00:00Z}), unix seconds ({@code 1714557600}), or
   * relative to now ({@code now}, {@code -1h}, {@code now-30m}).
   *
   * @param name the parameter's name, for the error message
   * @throws IllegalArgumentException saying which forms are accepted
   */
  static Instant instant(String name, String text, Instant now) {
    String value = text.strip();
    if (value.equalsIgnoreCase("now")) {
      return now;
    }
    if (UNIX.matcher(value).matches()) {
      BigDecimal seconds = new BigDecimal(value);
      return Instant.ofEpochSecond(
          seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
    Matcher relative = RELATIVE.matcher(value);
    if (relative.matches()) {
      Duration offset = durationOrNull(relative.group(2));
      if (offset != null) {
        return relative.group(1).equals("-") ? now.minus(offset) : now.plus(offset);
      }
    }
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeException notOffset) {
      try {
        return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException notLocal) {
        throw new IllegalArgumentException(
            "%s '%s' is not a time: use RFC3339 (2024-05-01T10:00:00Z), unix seconds (1714557600)"
                    .formatted(name, text)
                + " or a time relative to now (-1h, now-30m, now)");
      }
    }
  }

  /**
   * A Prometheus duration ({@code 30s}, {@code 1m}, {@code 1h30m}) or a number of seconds.
   *
   * @throws IllegalArgumentException when it is neither, or not positive
   */
  static Duration duration(String name, String text) {
    String value = text.strip();
    Duration parsed;
    if (UNIX.matcher(value).matches()) {
      parsed = Duration.ofMillis(new BigDecimal(value).movePointRight(3).longValue());
    } else {
      parsed = durationOrNull(value);
    }
    if (parsed == null || parsed.isZero()) {
      throw new IllegalArgumentException(
          "%s '%s' is not a positive duration: use a number and a unit, such as 30s, 1m, 5m or 1h"
              .formatted(name, text));
    }
    return parsed;
  }

  /** The smallest round step that keeps the range at or under {@link #TARGET_POINTS} points. */
  static Duration defaultStep(Duration range) {
    long wantedMillis = Math.max(1, Math.ceilDiv(range.toMillis(), TARGET_POINTS));
    for (Duration step : NICE_STEPS) {
      if (step.toMillis() >= wantedMillis) {
        return step;
      }
    }
    return Duration.ofSeconds(Math.ceilDiv(wantedMillis, 1000));
  }

  /** A duration the way Prometheus writes it: {@code 1h30m}, {@code 15s}, {@code 250ms}. */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + "ms";
    }
    long seconds = duration.toSeconds();
    StringBuilder text = new StringBuilder();
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    append(text, days, "d");
    append(text, hours, "h");
    append(text, minutes, "m");
    append(text, rest, "s");
    return text.toString();
  }

  /** Seconds since the epoch, as Prometheus takes them. */
  static String unix(Instant instant) {
    return BigDecimal.valueOf(instant.getEpochSecond())
        .add(BigDecimal.valueOf(instant.getNano(), 9))
        .stripTrailingZeros()
        .toPlainString();
  }

  private static void append(StringBuilder text, long amount, String unit) {
    if (amount > 0) {
      text.append(amount).append(unit);
    }
  }

  private static Duration durationOrNull(String text) {
    Matcher part = DURATION.matcher(text);
    Duration total = Duration.ZERO;
    int end = 0;
    while (part.find() && part.start() == end) {
      total = total.plus(unitDuration(part.group(2)).multipliedBy(Long.parseLong(part.group(1))));
      end = part.end();
    }
    return end == text.length() && end > 0 ? total : null;
  }

  private static Duration unitDuration(String unit) {
    return switch (unit) {
      case "ms" -> Duration.ofMillis(1);
      case "s" -> Duration.ofSeconds(1);
      case "m" -> Duration.ofMinutes(1);
      case "h" -> Duration.ofHours(1);
      case "d" -> Duration.ofDays(1);
      case "w" -> Duration.ofDays(7);
      default -> Duration.ofDays(365);
    };
  }
}
