package dev.oats.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns what went wrong in a provider call into a {@link ModelException}: the {@link Kind} the
 * retry decorator acts on, and a message that names the provider, the URL, the HTTP status and the
 * provider's own words. Shared by the provider adapters, which know their SDK's exception types.
 */
public final class ModelFailures {

  private static final int MAX_BODY_IN_MESSAGE = 300;

  private ModelFailures() {}

  /**
   * The failure for an HTTP error answer.
   *
   * @param provider the provider's display name, such as {@code Anthropic}
   * @param baseUrl the base URL the call went to
   * @param status the HTTP status
   * @param body the error body as JSON, or null when there was none
   * @param headers the response headers by name (any case), each with its values
   * @param requestIdHeader the header that carries the provider's request id
   * @param cause the SDK's exception
   */
  public static ModelException http(
      String provider,
      String baseUrl,
      int status,
      JsonNode body,
      Function<String, List<String>> headers,
      String requestIdHeader,
      Throwable cause) {
    String errorType = errorType(body).orElse("");
    Kind kind = "overloaded_error".equals(errorType) ? Kind.OVERLOADED : kindOf(status);
    StringBuilder message =
        new StringBuilder()
            .append(provider)
            .append(" at ")
            .append(baseUrl)
            .append(" answered HTTP ")
            .append(status);
    if (!errorType.isEmpty()) {
      message.append(' ').append(errorType);
    }
    message.append(": ").append(providerMessage(body).orElse(fallbackMessage(cause)));
    first(headers, requestIdHeader)
        .ifPresent(id -> message.append(" (request id ").append(id).append(')'));
    hint(kind, status).ifPresent(hint -> message.append("; ").append(hint));
    Duration retryAfter = retryAfter(headers, Instant.now()).orElse(null);
    return new ModelException(kind, message.toString(), retryAfter, cause);
  }

  /**
   * The failure for a call that got no HTTP answer: a timeout, an unreachable server, or an
   * interrupted thread. When the thread was interrupted, its interrupt flag is set again, since the
   * HTTP client may have cleared it.
   */
  public static ModelException transport(
      String provider, String baseUrl, Duration timeout, Throwable error) {
    if (wasInterrupted(error)) {
      Thread.currentThread().interrupt();
      return new ModelException(
          Kind.CANCELLED,
          provider + " call to " + baseUrl + " cancelled: the thread was interrupted",
          null,
          error);
    }
    if (timedOut(error)) {
      return new ModelException(
          Kind.TIMEOUT,
          provider + " at " + baseUrl + " did not answer within " + seconds(timeout),
          null,
          error);
    }
    return new ModelException(
        Kind.UNREACHABLE,
        "cannot reach " + provider + " at " + baseUrl + ": " + describe(rootCause(error)),
        null,
        error);
  }

  /**
   * Whether an answer that could not be parsed was cut off in transit (the connection closed
   * mid-body) rather than being something else than the API's answer: a transport failure, worth
   * retrying.
   */
  public static boolean cutOff(Throwable error) {
    for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
      String name = t.getClass().getName();
      String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      boolean io =
          t instanceof java.io.IOException
              && !(t instanceof com.fasterxml.jackson.core.JsonProcessingException);
      if (io
          || name.endsWith("JsonEOFException")
          || message.contains("unexpected end-of-input")
          || message.contains("unexpected end of stream")
          || message.contains("connection reset")) {
        return true;
      }
    }
    return false;
  }

  /** The failure for an answer cut off mid-body: retried like an unreachable server. */
  public static ModelException cutOff(String provider, String baseUrl, Throwable error) {
    return new ModelException(
        Kind.UNREACHABLE,
        provider + " at " + baseUrl + " closed the connection before the whole answer arrived",
        null,
        error);
  }

  /** The configured timeout of one call, or less when the deadline comes first (at least 1 ms). */
  public static Duration within(Duration timeout, Instant deadline) {
    if (deadline.equals(Instant.MAX)) {
      return timeout;
    }
    Duration left = Duration.between(Instant.now(), deadline);
    Duration chosen = left.compareTo(timeout) < 0 ? left : timeout;
    return chosen.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : chosen;
  }

  /** The kind of failure an HTTP status means. */
  public static Kind kindOf(int status) {
    return switch (status) {
      case 400, 404, 413, 422 -> Kind.BAD_REQUEST;
      case 401, 403 -> Kind.AUTHENTICATION;
      case 408 -> Kind.TIMEOUT;
      case 429 -> Kind.RATE_LIMITED;
      case 529 -> Kind.OVERLOADED;
      default -> status >= 500 && status <= 599 ? Kind.SERVER_ERROR : Kind.OTHER;
    };
  }

  /**
   * The delay a provider asked for: {@code retry-after-ms} (milliseconds) when present, else {@code
   * retry-after} as seconds or as an HTTP date.
   *
   * @param headers the response headers by name (any case), each with its values
   * @param now the current time, to turn an HTTP date into a delay
   */
  public static Optional<Duration> retryAfter(Function<String, List<String>> headers, Instant now) {
    Optional<Duration> millis =
        first(headers, "retry-after-ms")
            .flatMap(ModelFailures::parseNumber)
            .map(asSeconds -> asSeconds.dividedBy(1000));
    if (millis.isPresent()) {
      return millis;
    }
    return first(headers, "retry-after")
        .flatMap(value -> parseNumber(value).or(() -> parseHttpDate(value, now)));
  }

  /** The provider's error message in an error body, in the shapes providers and proxies use. */
  public static Optional<String> providerMessage(JsonNode body) {
    if (body == null || body.isMissingNode() || body.isNull()) {
      return Optional.empty();
    }
    JsonNode error = body.path("error");
    if (error.isTextual()) {
      return nonBlank(error.asText());
    }
    return nonBlank(error.path("message").asText(null))
        .or(() -> nonBlank(body.path("message").asText(null)))
        .or(() -> nonBlank(body.path("detail").asText(null)));
  }

  /** A duration as seconds with one decimal, such as {@code 2.0 s}. */
  static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }

  private static Optional<String> errorType(JsonNode body) {
    if (body == null) {
      return Optional.empty();
    }
    return nonBlank(body.path("error").path("type").asText(null));
  }

  private static String fallbackMessage(Throwable cause) {
    String message = cause.getMessage() == null ? "(no message)" : cause.getMessage();
    return message.length() <= MAX_BODY_IN_MESSAGE
        ? message
        : dev.oats.redact.SafeCut.head(message, MAX_BODY_IN_MESSAGE) + "…";
  }

  private static Optional<String> hint(Kind kind, int status) {
    return switch (kind) {
      case AUTHENTICATION -> Optional.of("check the API key and its permissions");
      case BAD_REQUEST ->
          status == 404 ? Optional.of("check the model name and the base URL") : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static Optional<String> first(Function<String, List<String>> headers, String name) {
    List<String> values = headers.apply(name);
    if (values == null || values.isEmpty()) {
      return Optional.empty();
    }
    return nonBlank(values.get(0));
  }

  private static Optional<Duration> parseNumber(String value) {
    try {
      double seconds = Double.parseDouble(value.trim());
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> parseHttpDate(String value, Instant now) {
    try {
      Instant when =
          ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(now, when);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean wasInterrupted(Throwable error) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable t = error; t != null; t = t.getCause()) {
      boolean okioInterrupted =
          t instanceof InterruptedIOException
              && !(t instanceof SocketTimeoutException)
              && "interrupted".equals(t.getMessage());
      if (t instanceof InterruptedException
          || t instanceof ClosedByInterruptException
          || okioInterrupted) {
        return true;
      }
    }
    return false;
  }

  private static boolean timedOut(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException || t instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static Throwable rootCause(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root;
  }

  private static String describe(Throwable root) {
    String message = root.getMessage();
    if (root instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (root instanceof ConnectException && message != null) {
      return message;
    }
    return message == null
        ? root.getClass().getSimpleName()
        : root.getClass().getSimpleName() + ": " + message;
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }
}
