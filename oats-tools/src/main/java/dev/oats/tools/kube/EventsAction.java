package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code events}: a namespace's events (or one object's, or those of the objects a kind and
 * selector pick), repeats folded with counts, warnings first, newest first.
 */
final class EventsAction {

  private static final int MAX_ROWS = 60;

  private final KubeApi api;
  private final Instant now;

  EventsAction(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  ToolResult run(KubeQuery query) {
    String namespace = query.kind().namespaced() ? query.namespace() : "default";
    List<Event> events = api.events(namespace);
    String subject = "";
    boolean oneObject = false;
    if (query.kind() != ResourceKind.EVENT) {
      Set<String> objects = objects(query);
      oneObject = objects.size() == 1;
      events = EventsView.about(events, objects);
      subject =
          " about "
              + (objects.size() == 1
                  ? objects.iterator().next()
                  : objects.size() + " " + query.kind().plural());
    }
    if (query.grep() != null) {
      Predicate<String> matches = LogFilter.matcher(query.grep());
      events =
          events.stream().filter(e -> matches.test(e.getReason() + " " + e.getMessage())).toList();
      subject += " matching '" + query.grep() + "'";
    }
    String where = namespace == null ? " in all namespaces" : " in namespace " + namespace;
    if (events.isEmpty()) {
      return ToolResult.noData(
          "no events"
              + subject
              + where
              + " (the API server keeps events for about an hour, so older trouble leaves none)");
    }
    List<EventsView.Group> groups = EventsView.group(events);
    return ToolResult.success(
        "Events"
            + subject
            + where
            + ": "
            + EventsView.summary(groups)
            + "\n"
            + EventsView.table(groups, now, MAX_ROWS, !oneObject, namespace == null));
  }

  /** The objects whose events are wanted, as {@code Kind/name}. */
  private Set<String> objects(KubeQuery query) {
    String kind = query.kind().kind();
    if (query.name() != null) {
      return Set.of(kind + "/" + query.name());
    }
    List<HasMetadata> items = api.list(query.kind(), query.namespace(), query.labelSelector());
    return items.stream()
        .map(item -> kind + "/" + item.getMetadata().getName())
        .collect(Collectors.toSet());
  }
}
