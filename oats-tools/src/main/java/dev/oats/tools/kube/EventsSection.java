package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** The "Events:" part of a describe view; a failed read is said, not fatal. */
final class EventsSection {

  private static final int MAX_ROWS = 20;

  private final KubeApi api;
  private final Instant now;

  EventsSection(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  /** The events about these objects, each named {@code Kind/name}, in a namespace. */
  String about(String namespace, Set<String> objects) {
    List<Event> events;
    try {
      events = EventsView.about(api.events(namespace), objects);
    } catch (KubeApiException e) {
      return "Events: could not be read: " + KubeErrors.explain(e, api.masterUrl()) + "\n";
    }
    if (events.isEmpty()) {
      return "Events: none recorded (the API server keeps events for about an hour)\n";
    }
    List<EventsView.Group> groups = EventsView.group(events);
    boolean severalObjects = objects.size() > 1;
    return "Events (warnings first, newest first):\n"
        + indent(EventsView.table(groups, now, MAX_ROWS, severalObjects, false));
  }

  private static String indent(String text) {
    return text.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
  }
}
