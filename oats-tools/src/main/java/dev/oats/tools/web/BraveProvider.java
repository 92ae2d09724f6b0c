package dev.oats.tools.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tools.ServiceHttp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Brave Search API: {@code GET /res/v1/web/search?q=…&count=…} with the key in {@code
 * X-Subscription-Token}; hits in {@code web.results[]} with {@code title}, {@code url} and {@code
 * description}.
 */
final class BraveProvider implements SearchProvider {

  static final String NAME = "brave";
  static final String KEY = "OATS_WEB_SEARCH_API_KEY";
  static final String URL = "OATS_BRAVE_URL";

  /** Brave answers at most this many web results per request. */
  static final int MAX_COUNT = 20;

  private final URI base;
  private final String apiKey;
  private final HttpClient http;

  BraveProvider(URI base, String apiKey, HttpClient http) {
    this.base = base;
    this.apiKey = apiKey;
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Results search(String query, int maxResults, Duration timeout)
      throws BackendException, InterruptedException {
    int count = Math.min(maxResults, MAX_COUNT);
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    base + "/res/v1/web/search?q=" + WebHttp.encode(query) + "&count=" + count))
            .timeout(timeout)
            .header("Accept", "application/json")
            .header("X-Subscription-Token", apiKey)
            .GET()
            .build();
    HttpResponse<String> response = WebHttp.send(http, request, "Brave Search", URL);
    JsonNode body = ServiceHttp.jsonObject(response.body());
    if (response.statusCode() != 200 || body == null) {
      throw failure(response.statusCode(), body, response.body());
    }
    List<Hit> hits = new ArrayList<>();
    for (JsonNode result : body.path("web").path("results")) {
      if (hits.size() == count) {
        break;
      }
      hits.add(
          new Hit(
              result.path("title").asText(""),
              result.path("url").asText(""),
              result.path("description").asText("")));
    }
    return new Results(hits, List.of());
  }

  /** Brave's errors: {@code {"type": "ErrorResponse", "error": {"code", "detail", "status"}}}. */
  private static BackendException failure(int status, JsonNode body, String raw) {
    JsonNode error = body == null ? null : body.path("error");
    String code = error == null ? "" : error.path("code").asText("");
    String detail =
        error == null || error.path("detail").asText("").isBlank()
            ? ServiceHttp.excerpt(raw)
            : error.path("detail").asText();
    if (status == 401 || code.equals("SUBSCRIPTION_TOKEN_INVALID")) {
      return new BackendException(
          "Brave Search rejected the API key (%d: %s): check %s.".formatted(status, detail, KEY));
    }
    return new BackendException(
        switch (status) {
          case 403 ->
              "Brave Search refused the request (403: %s): the key's plan may not include web search, or the key is disabled."
                  .formatted(detail);
          case 429 ->
              "Brave Search rate limit or quota reached (429: %s): wait a moment before searching again, or check the plan's quota."
                  .formatted(detail);
          case 200 -> "Brave Search did not answer JSON (%s).".formatted(detail);
          default -> "Brave Search answered HTTP %d (%s).".formatted(status, detail);
        });
  }
}
