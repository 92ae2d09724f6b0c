package dev.oats.tools.web;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;

/** What the web tools share: JSON, deadlines, and failures turned into messages. */
final class WebHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private static final Duration LEAST_USEFUL_TIME = Duration.ofMillis(100);

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
              .formatted(service, where, ServiceHttp.connectFailure(e, target), setting));
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
