package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the object a call names, and when there is none, says what does exist, so the next call can
 * be right.
 *
 * @param item the object found, or null
 * @param problem why there is no object, or null when found
 */
record Lookup(HasMetadata item, String problem) {

  private static final int SHOWN_NAMES = 10;

  boolean found() {
    return item != null;
  }

  /** Looks up {@code query.name()} of {@code query.kind()}; across namespaces when asked to. */
  static Lookup find(KubeApi api, KubeQuery query) {
    if (query.allNamespaces()) {
      return findAnywhere(api, query);
    }
    return api.get(query.kind(), query.namespace(), query.name())
        .map(item -> new Lookup(item, null))
        .orElseGet(() -> new Lookup(null, notFound(api, query)));
  }

  private static Lookup findAnywhere(KubeApi api, KubeQuery query) {
    List<HasMetadata> matches = named(api, query.kind(), query.name());
    if (matches.size() == 1) {
      return new Lookup(matches.get(0), null);
    }
    if (matches.isEmpty()) {
      return new Lookup(
          null, "no " + query.kind().singular() + " named " + query.name() + " in any namespace");
    }
    return new Lookup(
        null,
        "a "
            + query.kind().singular()
            + " named "
            + query.name()
            + " exists in several namespaces ("
            + namespaces(matches)
            + "): pass one of them as namespace");
  }

  /**
   * "no deployment named x in namespace y; these exist: a, b, c", and where else an object of that
   * name lives.
   */
  static String notFound(KubeApi api, KubeQuery query) {
    ResourceKind kind = query.kind();
    StringBuilder message =
        new StringBuilder("no ")
            .append(kind.singular())
            .append(" named ")
            .append(query.name())
            .append(query.where());
    List<HasMetadata> existing = listQuietly(api, kind, query.namespace());
    if (existing.isEmpty()) {
      message.append("; there are no ").append(kind.plural()).append(query.where());
    } else {
      message.append("; these exist: ").append(names(existing));
    }
    if (kind.namespaced()) {
      List<HasMetadata> elsewhere = namedQuietly(api, kind, query.name());
      if (!elsewhere.isEmpty()) {
        message
            .append(". A ")
            .append(kind.singular())
            .append(" named ")
            .append(query.name())
            .append(" exists in namespace ")
            .append(namespaces(elsewhere))
            .append(": pass it as namespace");
      }
    }
    return message.toString();
  }

  /** Up to ten names, and how many more there are. */
  static String names(List<? extends HasMetadata> items) {
    String shown =
        items.stream()
            .limit(SHOWN_NAMES)
            .map(item -> item.getMetadata().getName())
            .collect(Collectors.joining(", "));
    return items.size() > SHOWN_NAMES
        ? shown + " (and " + (items.size() - SHOWN_NAMES) + " more)"
        : shown;
  }

  /** Objects of that name in every namespace, selected by the server rather than all listed. */
  private static List<HasMetadata> named(KubeApi api, ResourceKind kind, String name) {
    return api.listByField(kind.type(), kind, "metadata.name", name).stream()
        .map(HasMetadata.class::cast)
        .filter(item -> name.equals(item.getMetadata().getName()))
        .toList();
  }

  private static List<HasMetadata> namedQuietly(KubeApi api, ResourceKind kind, String name) {
    try {
      return named(api, kind, name);
    } catch (KubeApiException e) {
      return List.of();
    }
  }

  private static String namespaces(List<HasMetadata> items) {
    return items.stream()
        .map(item -> item.getMetadata().getNamespace())
        .collect(Collectors.joining(", "));
  }

  /** A best-effort list for hints: a forbidden or failing list just gives no hint. */
  private static List<HasMetadata> listQuietly(KubeApi api, ResourceKind kind, String namespace) {
    try {
      return api.list(kind, namespace, null);
    } catch (KubeApiException e) {
      return List.of();
    }
  }
}
