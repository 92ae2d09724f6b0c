package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Events as an SRE wants them: repeats folded into one row with a count, warnings first, newest
 * first.
 */
final class EventsView {

  private EventsView() {}

  /**
   * Events folded by object, type, reason and message.
   *
   * @param namespace the object's namespace
   * @param object {@code Kind/name} of the object the events are about
   * @param count how many times it happened in all
   */
  record Group(
      String namespace,
      String type,
      String reason,
      String object,
      String message,
      int count,
      Instant first,
      Instant last) {

    boolean warning() {
      return "Warning".equals(type);
    }

    private Group merge(Group other) {
      return new Group(
          namespace,
          type,
          reason,
          object,
          message,
          count + other.count,
          earliest(first, other.first),
          latest(last, other.last));
    }
  }

  /** The events about the given objects, each named {@code Kind/name}. */
  static List<Event> about(List<Event> events, Set<String> objects) {
    return events.stream()
        .filter(event -> objects.contains(objectOf(event.getInvolvedObject())))
        .toList();
  }

  private static String objectOf(ObjectReference involved) {
    return involved == null ? "?" : involved.getKind() + "/" + involved.getName();
  }

  /** Folds repeats and sorts: warnings first, then the most recent first. */
  static List<Group> group(Collection<Event> events) {
    Map<List<String>, Group> groups = new LinkedHashMap<>();
    for (Event event : events) {
      Group group = groupOf(event);
      List<String> key =
          List.of(
              Objects.toString(group.namespace, ""),
              Objects.toString(group.type, ""),
              Objects.toString(group.reason, ""),
              group.object,
              Objects.toString(group.message, ""));
      groups.merge(key, group, Group::merge);
    }
    return groups.values().stream()
        .sorted(
            Comparator.comparing((Group g) -> !g.warning())
                .thenComparing(
                    g -> g.last == null ? Instant.EPOCH : g.last, Comparator.reverseOrder()))
        .toList();
  }

  /**
   * A table of grouped events.
   *
   * @param limit the most rows to show; the rest are counted
   * @param withObject whether to show the OBJECT column (not needed when describing one object)
   */
  static String table(
      List<Group> groups, Instant now, int limit, boolean withObject, boolean withNamespace) {
    List<String> headers = new ArrayList<>();
    if (withNamespace) {
      headers.add("NAMESPACE");
    }
    headers.addAll(List.of("TYPE", "REASON"));
    if (withObject) {
      headers.add("OBJECT");
    }
    headers.addAll(List.of("COUNT", "LAST SEEN", "FIRST SEEN", "MESSAGE"));
    TextTable table = new TextTable(headers);
    for (Group group : groups.subList(0, Math.min(limit, groups.size()))) {
      List<String> row = new ArrayList<>();
      if (withNamespace) {
        row.add(group.namespace);
      }
      row.add(group.type);
      row.add(group.reason);
      if (withObject) {
        row.add(group.object);
      }
      row.add(String.valueOf(group.count));
      row.add(Ages.since(group.last, now) + " ago");
      row.add(Ages.since(group.first, now) + " ago");
      row.add(group.message);
      table.add(row);
    }
    String more =
        groups.size() > limit
            ? "… " + (groups.size() - limit) + " more event groups not shown\n"
            : "";
    return table.render() + more;
  }

  /** "3 warnings (12 events), 2 normal" — a one-line summary. */
  static String summary(List<Group> groups) {
    long warnings = groups.stream().filter(Group::warning).count();
    int warningEvents = groups.stream().filter(Group::warning).mapToInt(Group::count).sum();
    return warnings
        + " warning kinds ("
        + warningEvents
        + " events), "
        + (groups.size() - warnings)
        + " normal";
  }

  private static Group groupOf(Event event) {
    String object = objectOf(event.getInvolvedObject());
    int count =
        event.getCount() != null
            ? event.getCount()
            : event.getSeries() != null && event.getSeries().getCount() != null
                ? event.getSeries().getCount()
                : 1;
    Instant last = lastSeen(event);
    Instant first = Ages.parse(event.getFirstTimestamp());
    return new Group(
        event.getMetadata().getNamespace(),
        event.getType(),
        event.getReason(),
        object,
        event.getMessage() == null ? "" : event.getMessage().strip(),
        count,
        first == null ? last : first,
        last);
  }

  /** When the event last happened, from whichever time field the emitter filled. */
  private static Instant lastSeen(Event event) {
    Instant last = Ages.parse(event.getLastTimestamp());
    if (last == null && event.getSeries() != null) {
      last = micro(event.getSeries().getLastObservedTime());
    }
    if (last == null) {
      last = micro(event.getEventTime());
    }
    if (last == null) {
      last = Ages.parse(event.getFirstTimestamp());
    }
    return last == null ? Ages.parse(event.getMetadata().getCreationTimestamp()) : last;
  }

  private static Instant micro(MicroTime time) {
    return time == null ? null : Ages.parse(time.getTime());
  }

  private static Instant earliest(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.isBefore(b) ? a : b;
  }

  private static Instant latest(Instant a, Instant b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    return a.isAfter(b) ? a : b;
  }
}
