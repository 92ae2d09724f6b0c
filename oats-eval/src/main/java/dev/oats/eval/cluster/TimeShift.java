package dev.oats.eval.cluster;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves every RFC 3339 UTC time in a text by a fixed amount, so a scenario captured on one day
 * reads, when it runs, as if it had just happened: ages, "last seen 2m ago" and {@code since}
 * windows mean what they meant when it was captured.
 *
 * @param offset how far to move
 */
public record TimeShift(Duration offset) {

  private static final Pattern TIME =
      Pattern.compile("\\b(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(\\.\\d{1,9})?Z");

  /** No shift. */
  public static final TimeShift NONE = new TimeShift(Duration.ZERO);

  /** The shift that makes {@code captured} now; none when the scenario gives no time. */
  public static TimeShift to(Instant captured, Instant now) {
    return captured == null ? NONE : new TimeShift(Duration.between(captured, now));
  }

  public String apply(String text) {
    if (offset.isZero()) {
      return text;
    }
    Matcher times = TIME.matcher(text);
    StringBuilder out = new StringBuilder();
    while (times.find()) {
      String replaced;
      try {
        Instant moved = Instant.parse(times.group()).plus(offset);
        // Whole seconds keep the format Kubernetes writes; fractions keep theirs.
        replaced =
            times.group(3) == null
                ? moved.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()
                : moved.toString();
      } catch (DateTimeParseException e) {
        replaced = times.group();
      }
      times.appendReplacement(out, Matcher.quoteReplacement(replaced));
    }
    times.appendTail(out);
    return out.toString();
  }

  public Instant apply(Instant time) {
    return time.plus(offset);
  }
}
