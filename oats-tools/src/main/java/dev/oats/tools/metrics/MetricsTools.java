package dev.oats.tools.metrics;

import dev.oats.config.ToolConfig;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tools.ServiceHttp;
import java.net.URI;
import java.time.Clock;
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
      base = ServiceHttp.baseUri(URL, url, "http://prometheus:9090");
    } catch (IllegalArgumentException e) {
      return List.of(Offer.disabled(MetricsFetcherTool.NAME, e.getMessage()));
    }
    PrometheusClient client =
        new PrometheusClient(base, config.prometheusToken(), ServiceHttp.client());
    return List.of(Offer.enabled(new MetricsFetcherTool(client, Clock.systemUTC())));
  }
}
