package dev.oats.tools.kube;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes timestamps and durations, read and written the way kubectl shows them. */
final class Ages {

  private static final Pattern DURATION = Pattern.compile("(\\d+)([smhd])");

  private Ages() {}

  /** Parses an RFC 3339 timestamp; null when absent or unreadable. */
  static Instant parse(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(timestamp);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** How long ago a timestamp was, such as {@code 5m} or {@code 3d4h}; "?" when unknown. */
  static String since(String timestamp, Instant now) {
    return since(parse(timestamp), now);
  }

  static String since(Instant then, Instant now) {
    return then == null ? "?" : format(Duration.between(then, now));
  }

  /** Formats like kubectl's AGE column: more detail for short durations. */
  static String format(Duration duration) {
    long seconds = Math.max(0, duration.toSeconds());
    long minutes = seconds / 60;
    long hours = minutes / 60;
    long days = hours / 24;
    if (seconds < 120) {
      return seconds + "s";
    }
    if (minutes < 10) {
      return minutes + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }
    if (hours < 3) {
      return minutes + "m";
    }
    if (hours < 8) {
      return hours + "h" + (minutes % 60 == 0 ? "" : minutes % 60 + "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    if (days < 8) {
      return days + "d" + (hours % 24 == 0 ? "" : hours % 24 + "h");
    }
    return days < 730 ? days + "d" : days / 365 + "y";
  }

  /**
   * Reads a duration such as {@code 30s}, {@code 10m}, {@code 1h}, {@code 2h30m} or {@code 1d}.
   *
   * @param argument the argument's name, for the error message
   */
  static Duration parseDuration(String text, String argument) {
    String value = text.trim();
    Matcher matcher = DURATION.matcher(value);
    Duration total = Duration.ZERO;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      long amount = Long.parseLong(matcher.group(1));
      total =
          total.plus(
              switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
      end = matcher.end();
    }
    if (end == 0 || end != value.length() || total.isZero()) {
      throw new IllegalArgumentException(
          argument + " must be a duration such as 30s, 10m, 1h or 2h30m, not '" + text + "'");
    }
    return total;
  }
}
