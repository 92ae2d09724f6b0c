package dev.oats.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Where a route's messages go, and the payload each kind of receiver expects. */
public enum TargetType {
  /** A Slack incoming webhook: Block Kit blocks with a {@code text} fallback. */
  SLACK,
  /** A Microsoft Teams workflow ("when a Teams webhook request is received"): an Adaptive Card. */
  TEAMS,
  /** Any HTTP endpoint: the generic JSON documented in docs/notifications.md. */
  WEBHOOK;

  static final String CHOICES = "slack, teams, webhook";

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The request body for this receiver. */
  ObjectNode payload(Notification notification) {
    return switch (this) {
      case SLACK -> SlackMessage.of(notification);
      case TEAMS -> TeamsCard.of(notification);
      case WEBHOOK -> WebhookJson.of(notification);
    };
  }

  /**
   * @throws IllegalArgumentException for a name that is not one of {@link #CHOICES}
   */
  static TargetType of(String name) {
    for (TargetType type : values()) {
      if (type.label().equalsIgnoreCase(name.strip())) {
        return type;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not one of " + CHOICES);
  }
}
