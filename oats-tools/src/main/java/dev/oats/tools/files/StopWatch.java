package dev.oats.tools.files;

import java.time.Duration;
import java.time.Instant;

/**
 * When a long read should stop so its partial answer still reaches the executor before the call's
 * deadline: a little ahead of it (a tenth of the time left, at most two seconds).
 */
record StopWatch(Instant stopAt) {

  private static final Duration MOST_MARGIN = Duration.ofSeconds(2);

  static StopWatch before(Instant deadline) {
    Duration left = Duration.between(Instant.now(), deadline);
    Duration margin = left.isNegative() ? Duration.ZERO : left.dividedBy(10);
    return new StopWatch(deadline.minus(margin.compareTo(MOST_MARGIN) < 0 ? margin : MOST_MARGIN));
  }

  /** When to stop, in {@link System#nanoTime()}'s terms. */
  long nanoDeadline() {
    return System.nanoTime() + Duration.between(Instant.now(), stopAt).toNanos();
  }

  boolean expired() {
    return Instant.now().isAfter(stopAt);
  }
}
