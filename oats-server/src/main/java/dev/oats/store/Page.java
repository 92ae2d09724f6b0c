package dev.oats.store;

import java.util.List;

/**
 * One page of a {@link ListQuery}'s answer.
 *
 * @param items the investigations on this page, newest first
 * @param total how many investigations match the query across all pages
 */
public record Page(List<InvestigationRecord> items, long total) {
  public Page {
    items = List.copyOf(items);
  }
}
