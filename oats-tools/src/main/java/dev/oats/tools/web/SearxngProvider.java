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
 * SearXNG's JSON API: {@code GET /search?q=…&format=json}, hits in {@code results[]} with {@code
 * title}, {@code url} and {@code content}.
 */
final class SearxngProvider implements SearchProvider {

  static final String NAME = "searxng";
  static final String URL = "OATS_SEARXNG_URL";

  private final URI base;
  private final HttpClient http;

  SearxngProvider(URI base, HttpClient http) {
    this.base = base;
    this.http = http;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Results search(String query, int maxResults, Duration timeout)
      throws BackendException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(base + "/search?q=" + WebHttp.encode(query) + "&format=json&pageno=1"))
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<String> response = WebHttp.send(http, request, "SearXNG", URL);
    JsonNode body = ServiceHttp.jsonObject(response.body());
    if (response.statusCode() != 200 || body == null) {
      throw failure(response);
    }
    List<Hit> hits = new ArrayList<>();
    for (JsonNode result : body.path("results")) {
      if (hits.size() == maxResults) {
        break;
      }
      hits.add(
          new Hit(
              result.path("title").asText(""),
              result.path("url").asText(""),
              result.path("content").asText("")));
    }
    return new Results(hits, unresponsiveEngines(body));
  }

  /** SearXNG lists engines that failed as pairs: {@code [["google", "timeout"], …]}. */
  private static List<String> unresponsiveEngines(JsonNode body) {
    List<String> engines = new ArrayList<>();
    for (JsonNode engine : body.path("unresponsive_engines")) {
      engines.add(engine.path(0).asText() + " (" + engine.path(1).asText() + ")");
    }
    return engines.isEmpty()
        ? List.of()
        : List.of("engines that failed: " + String.join(", ", engines));
  }

  private BackendException failure(HttpResponse<String> response) {
    int status = response.statusCode();
    return new BackendException(
        switch (status) {
          case 401 ->
              "SearXNG at %s asks for a login (401), which OATS does not send: point %s at an instance reachable without one."
                  .formatted(base, URL);
          case 403 ->
              "SearXNG at %s refused the JSON API (403): enable it by adding json to search.formats in the instance's settings.yml."
                  .formatted(base);
          case 429 ->
              "SearXNG at %s is rate limiting this client (429): wait before searching again, or exempt OATS from the instance's limiter (server.limiter in settings.yml)."
                  .formatted(base);
          case 200 ->
              "SearXNG at %s did not answer JSON (%s): check that %s points at the SearXNG instance."
                  .formatted(base, ServiceHttp.excerpt(response.body()), URL);
          default ->
              "SearXNG at %s answered HTTP %d (%s)."
                  .formatted(base, status, ServiceHttp.excerpt(response.body()));
        });
  }
}
