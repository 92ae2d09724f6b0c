package dev.oats.tools.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** What the web tools share: JSON, deadlines, and failures turned into messages. */
final class WebHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration LEAST_USEFUL_TIME = Duration.ofMillis(100);
  private static final int BODY_EXCERPT = 200;

  private WebHttp() {}

  /**
   * How long a call may wait: what is left before the deadline, at most {@code most}.
   *
   * @throws BackendException when no useful time is left
   */
  static Duration timeLeft(Instant deadline, Duration most) throws BackendException {
    Duration left = Duration.between(Instant.now(), deadline);
    if (left.compareTo(LEAST_USEFUL_TIME) < 0) {
      throw new BackendException("No time is left for this call in the investigation.");
    }
    return left.compareTo(most) < 0 ? left : most;
  }

  /**
   * Sends the request and returns whatever the server answered, any status.
   *
   * @param service the backend's name and the setting that points at it, for the messages
   * @throws BackendException when no answer came: refused, unknown host, timed out
   */
  static HttpResponse<String> send(
      HttpClient http, HttpRequest request, String service, String setting)
      throws BackendException, InterruptedException {
    URI target = request.uri();
    String where = target.getScheme() + "://" + target.getAuthority();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new BackendException(
          "%s at %s did not answer within %d s. Try again, or narrow the query."
              .formatted(
                  service,
                  where,
                  Math.max(1, request.timeout().orElse(Duration.ZERO).toSeconds())));
    } catch (IOException e) {
      throw new BackendException(
          "Cannot reach %s at %s: %s. Check %s and that the service is running and reachable."
              .formatted(service, where, reason(e, target), setting));
    }
  }

  /** The body as a JSON object, or null when it is not one. */
  static JsonNode json(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The start of a body on one line, to quote in a message. */
  static String excerpt(String body) {
    String flat = body.strip().replaceAll("\\s+", " ");
    if (flat.isEmpty()) {
      return "empty body";
    }
    return flat.length() <= BODY_EXCERPT
        ? flat
        : dev.oats.redact.SafeCut.head(flat, BODY_EXCERPT) + "…";
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Why a connection failed; HttpClient often leaves every message in the chain empty. */
  private static String reason(IOException error, URI target) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
        return "unknown host '" + target.getHost() + "'";
      }
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
        return cause.getMessage();
      }
    }
    return error instanceof ConnectException
        ? "connection refused"
        : error.getClass().getSimpleName();
  }
}
