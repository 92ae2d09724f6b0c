package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tools.ServiceHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Calls the Prometheus HTTP API ({@code /api/v1/...}) and turns every way it can fail into a
 * message that says what to fix.
 */
final class PrometheusClient {

  private final URI base;
  private final String token;
  private final HttpClient http;

  /**
   * @param base the server's URL, with any path prefix and without a trailing slash
   * @param token a bearer token, or null to send none
   */
  PrometheusClient(URI base, String token, HttpClient http) {
    this.base = base;
    this.token = token;
    this.http = http;
  }

  /** The {@code data} of a successful answer, with the warnings Prometheus attached to it. */
  record Answer(JsonNode data, List<String> warnings) {}

  /** A call that failed; the message is written for the model and says what to do. */
  static final class PrometheusException extends Exception {
    PrometheusException(String message) {
      super(message);
    }
  }

  URI base() {
    return base;
  }

  /** A GET with query parameters, for the read-only listings ({@code alerts}, {@code targets}). */
  Answer get(String path, Map<String, String> parameters, Duration timeout)
      throws PrometheusException, InterruptedException {
    String query = parameters.isEmpty() ? "" : "?" + encode(parameters);
    return send(request(path + query, timeout).GET().build(), timeout);
  }

  /** A form POST, which Prometheus accepts for queries and which has no URL length limit. */
  Answer post(String path, Map<String, String> form, Duration timeout)
      throws PrometheusException, InterruptedException {
    HttpRequest request =
        request(path, timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
            .build();
    return send(request, timeout);
  }

  private HttpRequest.Builder request(String pathAndQuery, Duration timeout) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery))
            .timeout(timeout)
            .header("Accept", "application/json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Answer send(HttpRequest request, Duration timeout)
      throws PrometheusException, InterruptedException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new PrometheusException(
          "Prometheus at %s did not answer within %d s. Ask for less: a shorter range, a larger"
                  .formatted(base, Math.max(1, timeout.toSeconds()))
              + " step, or more label matchers.");
    } catch (IOException e) {
      throw new PrometheusException(
          "Cannot reach Prometheus at %s: %s. Check OATS_PROMETHEUS_URL and that Prometheus is"
                  .formatted(base, ServiceHttp.connectFailure(e, base))
              + " running and reachable from here.");
    }
    return answer(response);
  }

  private Answer answer(HttpResponse<String> response) throws PrometheusException {
    JsonNode body = ServiceHttp.jsonObject(response.body());
    if (body == null || !body.has("status")) {
      throw notTheApi(response);
    }
    if (!"success".equals(body.path("status").asText())) {
      throw apiError(body.path("errorType").asText("unknown"), body.path("error").asText(""));
    }
    List<String> warnings = new ArrayList<>();
    body.path("warnings").forEach(warning -> warnings.add(warning.asText()));
    return new Answer(body.path("data"), warnings);
  }

  private PrometheusException notTheApi(HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      return new PrometheusException(
          token == null
              ? "Prometheus at %s answered %d: it needs credentials. Set OATS_PROMETHEUS_TOKEN to a bearer token it accepts."
                  .formatted(base, status)
              : "Prometheus at %s answered %d: the token in OATS_PROMETHEUS_TOKEN was refused. Check it is valid and allowed to query."
                  .formatted(base, status));
    }
    return new PrometheusException(
        "%s answered HTTP %d, which is not a Prometheus API answer (%s). Check that"
                .formatted(base, status, ServiceHttp.excerpt(response.body()))
            + " OATS_PROMETHEUS_URL points at the Prometheus server, including any path prefix.");
  }

  private static PrometheusException apiError(String type, String message) {
    return new PrometheusException(
        switch (type) {
          case "bad_data" -> "PromQL error: " + message + ". Fix the expression and try again.";
          case "timeout" ->
              "Prometheus timed out evaluating the query: "
                  + message
                  + ". Ask for less: a shorter range, a larger step, or more label matchers.";
          case "canceled" -> "Prometheus cancelled the query: " + message + ". Try again.";
          default -> "Prometheus error (%s): %s".formatted(type, message);
        });
  }

  private static String encode(Map<String, String> parameters) {
    return parameters.entrySet().stream()
        .map(
            entry ->
                URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
