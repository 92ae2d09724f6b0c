package dev.oats.notify;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What a notification tells: how an investigation's run ended, or that a call waits. */
public enum NotifyEvent {
  SUCCEEDED,
  FAILED,
  CANCELLED,
  WAITING_APPROVAL;

  /**
   * The name in configuration, payloads and metrics: {@code succeeded}, {@code waiting_approval}.
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The names a route's {@code events} may hold. */
  static final String CHOICES = "ended, succeeded, failed, cancelled, waiting_approval";

  /**
   * The events a name in a route's {@code events} stands for: {@code ended} is every end, the rest
   * themselves.
   *
   * @throws IllegalArgumentException for any other name
   */
  static Set<NotifyEvent> select(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    if (key.equals("ended")) {
      return EnumSet.of(SUCCEEDED, FAILED, CANCELLED);
    }
    for (NotifyEvent event : values()) {
      if (event.label().equals(key)) {
        return EnumSet.of(event);
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not one of " + CHOICES);
  }
}
