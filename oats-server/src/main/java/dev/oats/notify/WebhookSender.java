package dev.oats.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Posts one payload to one route, retrying what may pass on a later try — a connection error, a
 * timeout, 408, 429 and 5xx — with a doubling wait, or the wait a 429 or 503 asks for in {@code
 * Retry-After}. Any other answer (400 invalid payload, 403/404 a revoked or wrong URL) will not
 * change by retrying, so it ends at once.
 */
final class WebhookSender {

  /** The longest wait between two tries, whatever the backoff or the receiver asks. */
  static final Duration LONGEST_WAIT = Duration.ofMinutes(5);

  private static final int KEPT_ANSWER = 300;

  /** How a delivery ended. */
  record Result(boolean delivered, int attempts, String detail) {}

  /** Waits between tries; a test may not want to wait at all. */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final HttpClient client;
  private final int maxAttempts;
  private final Duration backoff;
  private final Duration timeout;
  private final Sleeper sleeper;
  private final Clock clock;
  private final UnaryOperator<String> safe;

  /**
   * @param safe makes a receiver's answer fit for a log: redacted, the URL masked
   */
  WebhookSender(
      HttpClient client,
      int maxAttempts,
      Duration backoff,
      Duration timeout,
      Sleeper sleeper,
      Clock clock,
      UnaryOperator<String> safe) {
    this.client = client;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.timeout = timeout;
    this.sleeper = sleeper;
    this.clock = clock;
    this.safe = safe;
  }

  /**
   * Delivers the body, trying up to the limit.
   *
   * @param retried called before each retry, for the metrics
   */
  Result send(NotificationRoute route, byte[] body, Runnable retried) {
    String detail = "not tried";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Duration wait;
      try {
        HttpResponse<InputStream> response =
            client.send(request(route, body), HttpResponse.BodyHandlers.ofInputStream());
        int status = response.statusCode();
        String answer = answer(response);
        if (status >= 200 && status < 300) {
          return new Result(true, attempt, "HTTP " + status);
        }
        detail = "HTTP " + status + (answer.isEmpty() ? "" : ": " + answer);
        if (!retryable(status)) {
          return new Result(false, attempt, detail + " (not retried)");
        }
        wait = retryAfter(response).orElse(backoff(attempt));
      } catch (HttpTimeoutException e) {
        detail = "no answer within " + timeout.toSeconds() + " s";
        wait = backoff(attempt);
      } catch (IOException e) {
        detail = "could not connect: " + safe.apply(String.valueOf(e));
        wait = backoff(attempt);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(false, attempt, "stopped with the server; last: " + detail);
      }
      if (attempt == maxAttempts) {
        break;
      }
      retried.run();
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Result(false, attempt, "stopped with the server; last: " + detail);
      }
    }
    return new Result(false, maxAttempts, detail);
  }

  private HttpRequest request(NotificationRoute route, byte[] body) {
    return HttpRequest.newBuilder(route.url())
        .timeout(timeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "oats-notify/1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
  }

  private static boolean retryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /** The start of the receiver's answer (Slack says what was wrong in it), made safe to log. */
  private String answer(HttpResponse<InputStream> response) throws IOException {
    try (InputStream in = response.body()) {
      byte[] start = in.readNBytes(KEPT_ANSWER);
      return safe.apply(new String(start, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " "));
    }
  }

  /** The doubling wait after the given attempt, at most {@link #LONGEST_WAIT}. */
  Duration backoff(int attempt) {
    Duration wait = backoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  /** The wait a 429 or 503 asks for: seconds, or an HTTP date; at most {@link #LONGEST_WAIT}. */
  private Optional<Duration> retryAfter(HttpResponse<?> response) {
    if (response.statusCode() != 429 && response.statusCode() != 503) {
      return Optional.empty();
    }
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(this::parseRetryAfter)
        .map(d -> d.isNegative() ? Duration.ZERO : d)
        .map(d -> d.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : d);
  }

  private Optional<Duration> parseRetryAfter(String value) {
    String text = value.strip();
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Optional.of(Duration.between(clock.instant(), at.toInstant()));
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
  }
}
