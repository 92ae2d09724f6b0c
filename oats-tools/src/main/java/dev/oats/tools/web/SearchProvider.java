package dev.oats.tools.web;

import java.time.Duration;
import java.util.List;

/**
 * A web search backend behind {@code web_search}: a self-hosted SearXNG or a hosted API. Each
 * implementation speaks its backend's wire format and turns its failures into messages that say
 * what to fix.
 */
interface SearchProvider {

  /** The provider's name as {@code OATS_WEB_SEARCH_PROVIDER} spells it. */
  String name();

  /**
   * Runs one search.
   *
   * @param maxResults the most hits to return
   * @param timeout how long to wait for the backend
   * @throws BackendException when the backend cannot be reached or refuses the search
   */
  Results search(String query, int maxResults, Duration timeout)
      throws BackendException, InterruptedException;

  /** One hit, with the snippet as plain text. */
  record Hit(String title, String url, String snippet) {}

  /**
   * What a search found.
   *
   * @param hits at most the requested number, best first
   * @param problems what the backend reported as partly failed (engines that timed out, say)
   */
  record Results(List<Hit> hits, List<String> problems) {
    public Results {
      hits = List.copyOf(hits);
      problems = List.copyOf(problems);
    }
  }
}
