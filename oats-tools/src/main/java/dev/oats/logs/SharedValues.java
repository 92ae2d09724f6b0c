package dev.oats.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Rule 44: where the words seen at an open position were seen, by site (one position of one
 * cluster). A few words kept apart at a position ({@code for root}, {@code for postgres}) are
 * either the constants of as many events or the values of one parameter; their count cannot tell
 * which. Their dependence on the rest of the line can: the constant of an event decides the words
 * around it, so the same two words do not turn up at a position of another event; a parameter's
 * values do not depend on the event, so the same two of them turn up wherever the parameter is
 * printed ({@code Failed password for root|postgres}, {@code Accepted password for root|postgres},
 * {@code session opened for user root|postgres}). Two words that share a site other than the one
 * being judged are the values of one parameter.
 *
 * <p>A site is any object the caller uses to name a position (the miner passes one per open
 * position of a cluster). Memory is bounded: at most {@link #CAPACITY} entries are kept, at most
 * {@link #MAX_SITES} sites a word, and all are forgotten when full.
 */
final class SharedValues {

  static final int CAPACITY = 8192;
  static final int MAX_SITES = 8;

  private final Map<String, List<Object>> sitesByWord = new HashMap<>();
  private int size;

  /** Remembers that {@code word} was seen at {@code site}. */
  void remember(String word, Object site) {
    if (size >= CAPACITY) {
      sitesByWord.clear();
      size = 0;
    }
    List<Object> sites = sitesByWord.computeIfAbsent(word, w -> new ArrayList<>(2));
    for (Object s : sites) {
      if (s == site) {
        return;
      }
    }
    if (sites.size() >= MAX_SITES) {
      sites.remove(0);
    } else {
      size++;
    }
    sites.add(site);
  }

  /**
   * A site other than {@code except} where both words were seen and that {@code alive} still
   * accepts, or null.
   */
  Object sharedSite(String a, String b, Object except, Predicate<Object> alive) {
    List<Object> first = sitesByWord.get(a);
    List<Object> second = sitesByWord.get(b);
    if (first == null || second == null) {
      return null;
    }
    for (Object site : first) {
      if (site == except || !alive.test(site)) {
        continue;
      }
      for (Object other : second) {
        if (other == site) {
          return site;
        }
      }
    }
    return null;
  }
}
