package dev.oats.tools.metrics;

import dev.oats.config.ToolConfig;
import dev.oats.tool.ToolProvider.Offer;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The metrics tools: {@code metrics_fetcher}, which queries the Prometheus HTTP API.
 *
 * <p>Settings read: {@code OATS_PROMETHEUS_URL} (the server, with any path prefix; without it the
 * tool is offered as disabled) and {@code OATS_PROMETHEUS_TOKEN} (optional, sent as a bearer
 * token).
 */
public final class MetricsTools {

  static final String URL = "OATS_PROMETHEUS_URL";
  static final String TOKEN = "OATS_PROMETHEUS_TOKEN";

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private MetricsTools() {}

  /** The metrics tools under these settings, each enabled or disabled with the reason. */
  public static List<Offer> offers(Map<String, String> settings) {
    ToolConfig config = ToolConfig.from(settings);
    String url = config.prometheusUrl();
    if (url == null) {
      return List.of(
          Offer.disabled(
              MetricsFetcherTool.NAME,
              URL + " is not set (the Prometheus server, such as http://prometheus:9090)"));
    }
    URI base;
    try {
      base = baseUri(url);
    } catch (IllegalArgumentException e) {
      return List.of(Offer.disabled(MetricsFetcherTool.NAME, e.getMessage()));
    }
    PrometheusClient client = new PrometheusClient(base, config.prometheusToken(), httpClient());
    return List.of(Offer.enabled(new MetricsFetcherTool(client, Clock.systemUTC())));
  }

  private static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** The URL without a trailing slash, so API paths can be appended to it. */
  static URI baseUri(String url) {
    try {
      URI uri = new URI(url.strip().replaceAll("/+$", ""));
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getQuery() != null) {
        throw new URISyntaxException(url, "not an http(s) URL with a host and no query");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "%s '%s' is not a valid URL: use http(s)://host:port with any path prefix, such as http://prometheus:9090"
              .formatted(URL, url),
          e);
    }
  }
}
