package dev.oats.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Which investigations {@link InvestigationStore#list} returns, newest first. Filters combine with
 * AND; an empty or null filter matches everything.
 *
 * <pre>{@code
 * ListQuery.firstPage(50).withStatuses(RUNNING, PENDING).withNamespace("shop")
 * }</pre>
 *
 * @param statuses the statuses to include; empty for all
 * @param namespace the target namespace to match exactly, or null for all
 * @param goalContains text the goal must contain, ignoring case, or null for all
 * @param limit the page size, 1 to {@value #MAX_LIMIT}
 * @param offset how many matching investigations to skip
 * @param namespacePrefix what the target namespace must start with, or null for all
 */
public record ListQuery(
    Set<InvestigationStatus> statuses,
    String namespace,
    String goalContains,
    int limit,
    int offset,
    String namespacePrefix) {

  /** The largest page a query may ask for, so one request cannot pull the whole history. */
  public static final int MAX_LIMIT = 200;

  public ListQuery {
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
    namespace = blankToNull(namespace);
    goalContains = blankToNull(goalContains);
    namespacePrefix = blankToNull(namespacePrefix);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and %d, got %d".formatted(MAX_LIMIT, limit));
    }
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative, got " + offset);
    }
  }

  /** The newest {@code limit} investigations, unfiltered. */
  public static ListQuery firstPage(int limit) {
    return new ListQuery(Set.of(), null, null, limit, 0, null);
  }

  public ListQuery withStatuses(InvestigationStatus first, InvestigationStatus... more) {
    return new ListQuery(
        EnumSet.of(first, more), namespace, goalContains, limit, offset, namespacePrefix);
  }

  public ListQuery withNamespace(String namespace) {
    return new ListQuery(statuses, namespace, goalContains, limit, offset, namespacePrefix);
  }

  public ListQuery withGoalContaining(String text) {
    return new ListQuery(statuses, namespace, text, limit, offset, namespacePrefix);
  }

  /** Only investigations whose target namespace starts with {@code prefix} ({@code shop*}). */
  public ListQuery withNamespacePrefix(String prefix) {
    return new ListQuery(statuses, namespace, goalContains, limit, offset, prefix);
  }

  public ListQuery withOffset(int offset) {
    return new ListQuery(statuses, namespace, goalContains, limit, offset, namespacePrefix);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
