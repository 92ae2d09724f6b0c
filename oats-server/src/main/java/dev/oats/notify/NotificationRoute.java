package dev.oats.notify;

import dev.oats.tools.runbooks.LabelMatcher;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where notifications of some investigations go: the receiver, which investigations (every matcher
 * must hold on their labels) and which events.
 *
 * @param name the route's name, in logs and metrics (the URL never is)
 * @param type the kind of receiver, which decides the payload
 * @param url the webhook's URL: a secret (a Slack or Teams webhook URL is its own credential)
 * @param matchers conditions on the investigation's labels, all of which must hold
 * @param events the events this route is told of
 */
public record NotificationRoute(
    String name, TargetType type, URI url, List<LabelMatcher> matchers, Set<NotifyEvent> events) {

  public NotificationRoute {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    matchers = List.copyOf(matchers);
    events = Set.copyOf(events);
  }

  /** Whether this route is told of this event of an investigation with these labels. */
  public boolean accepts(NotifyEvent event, Map<String, String> labels) {
    return events.contains(event) && matchers.stream().allMatch(m -> m.matches(labels));
  }

  /** The URL as it may be shown: scheme and host only, the path (the secret part) masked. */
  public String maskedUrl() {
    return masked(url);
  }

  static String masked(URI url) {
    String port = url.getPort() < 0 ? "" : ":" + url.getPort();
    return url.getScheme() + "://" + url.getHost() + port + "/****";
  }

  /** The URL never reaches a log through {@code toString}. */
  @Override
  public String toString() {
    return "NotificationRoute[name=%s, type=%s, url=%s, matchers=%s, events=%s]"
        .formatted(name, type.label(), maskedUrl(), matchers, events);
  }
}
