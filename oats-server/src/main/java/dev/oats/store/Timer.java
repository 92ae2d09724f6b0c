package dev.oats.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Work due at a time, stored so that any replica settles it, once: the end of a cancelled
 * investigation's grace period.
 *
 * @param reason what the investigation is ended with when the timer fires
 */
public record Timer(String investigationId, Kind kind, Instant dueAt, String reason) {

  /** What a timer is for. */
  public enum Kind {
    /** A cancelled investigation that has not stopped by then is ended as cancelled. */
    CANCEL_GRACE
  }

  public Timer {
    Objects.requireNonNull(investigationId, "investigationId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dueAt, "dueAt");
    Objects.requireNonNull(reason, "reason");
  }
}
