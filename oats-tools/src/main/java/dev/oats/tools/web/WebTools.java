package dev.oats.tools.web;

import dev.oats.config.ToolConfig;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tools.ServiceHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tools that search outside the cluster: {@code sourcegraph_search} (code, through a
 * Sourcegraph instance) and {@code web_search} (the web, through SearXNG or the Brave Search API).
 *
 * <p>Settings read: {@code OATS_SOURCEGRAPH_URL} and {@code OATS_SOURCEGRAPH_TOKEN} (optional);
 * {@code OATS_WEB_SEARCH_PROVIDER} ({@code searxng} or {@code brave}; when unset, SearXNG if its
 * URL is set, else Brave if a key is set), {@code OATS_SEARXNG_URL}, {@code
 * OATS_WEB_SEARCH_API_KEY} and {@code OATS_BRAVE_URL} (default {@code
 * https://api.search.brave.com}). A tool whose backend is not configured is offered as disabled,
 * with the reason.
 */
public final class WebTools {

  static final String PROVIDER = "OATS_WEB_SEARCH_PROVIDER";

  private WebTools() {}

  /** The web tools under these settings, each enabled or disabled with the reason. */
  public static List<Offer> offers(Map<String, String> settings) {
    HttpClient http = ServiceHttp.client();
    ToolConfig config = ToolConfig.from(settings);
    return List.of(sourcegraph(config, http), webSearch(config, http));
  }

  private static Offer sourcegraph(ToolConfig config, HttpClient http) {
    String url = config.sourcegraphUrl();
    if (url == null) {
      return Offer.disabled(
          SourcegraphSearchTool.NAME,
          SourcegraphSearchTool.URL
              + " is not set (the Sourcegraph instance, such as https://sourcegraph.example.com,"
              + " with an access token in "
              + SourcegraphSearchTool.TOKEN
              + ")");
    }
    try {
      URI base =
          ServiceHttp.baseUri(SourcegraphSearchTool.URL, url, "https://sourcegraph.example.com");
      return Offer.enabled(new SourcegraphSearchTool(base, config.sourcegraphToken(), http));
    } catch (IllegalArgumentException e) {
      return Offer.disabled(SourcegraphSearchTool.NAME, e.getMessage());
    }
  }

  private static Offer webSearch(ToolConfig config, HttpClient http) {
    try {
      return Offer.enabled(new WebSearchTool(provider(config, http)));
    } catch (IllegalArgumentException e) {
      return Offer.disabled(WebSearchTool.NAME, e.getMessage());
    }
  }

  /**
   * The provider the settings ask for.
   *
   * @throws IllegalArgumentException saying which setting is missing or wrong
   */
  private static SearchProvider provider(ToolConfig config, HttpClient http) {
    String searxngUrl = config.searxngUrl();
    String apiKey = config.webSearchApiKey();
    String chosen = config.webSearchProvider();
    if (chosen == null) {
      if (searxngUrl == null && apiKey == null) {
        throw new IllegalArgumentException(
            "no web search backend is configured: set %s to a SearXNG instance with JSON output enabled, or %s to a Brave Search API key (with %s=brave)"
                .formatted(SearxngProvider.URL, BraveProvider.KEY, PROVIDER));
      }
      chosen = searxngUrl != null ? SearxngProvider.NAME : BraveProvider.NAME;
    }
    return switch (chosen.toLowerCase(Locale.ROOT)) {
      case SearxngProvider.NAME -> {
        required(searxngUrl, SearxngProvider.URL, chosen);
        yield new SearxngProvider(
            ServiceHttp.baseUri(SearxngProvider.URL, searxngUrl, "http://searxng:8080"), http);
      }
      case BraveProvider.NAME -> {
        required(apiKey, BraveProvider.KEY, chosen);
        yield new BraveProvider(
            ServiceHttp.baseUri(
                BraveProvider.URL, config.braveUrl(), "https://api.search.brave.com"),
            apiKey,
            http);
      }
      default ->
          throw new IllegalArgumentException(
              "%s is '%s': use searxng or brave".formatted(PROVIDER, chosen));
    };
  }

  private static void required(String value, String setting, String provider) {
    if (value == null) {
      throw new IllegalArgumentException(
          "%s is %s but %s is not set".formatted(PROVIDER, provider, setting));
    }
  }
}
