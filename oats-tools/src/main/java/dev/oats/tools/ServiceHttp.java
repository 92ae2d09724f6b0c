package dev.oats.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.redact.SafeCut;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * What the tools that call an HTTP service (Prometheus, Sourcegraph, a search backend) share: the
 * client, the service's URL setting checked once, when the tools are offered, and the words for
 * what went wrong.
 */
public final class ServiceHttp {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How many characters of an unexpected body a message quotes. */
  private static final int BODY_EXCERPT = 200;

  private ServiceHttp() {}

  /** An HTTP/1.1 client that follows redirects and gives up connecting after five seconds. */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /**
   * A setting's URL without its trailing slashes, so API paths can be appended to it.
   *
   * @param setting the setting's name, for the message
   * @param example a URL of the kind the setting wants, for the message
   * @throws IllegalArgumentException naming the setting and its value, when it is not an http(s)
   *     URL with a host and no query
   */
  public static URI baseUri(String setting, String url, String example) {
    try {
      URI uri = new URI(url.strip().replaceAll("/+$", ""));
      boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!http || uri.getHost() == null || uri.getQuery() != null) {
        throw new URISyntaxException(url, "not an http(s) URL with a host and no query");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "%s '%s' is not a valid URL: use http(s)://host[:port] with any path prefix, such as %s"
              .formatted(setting, url, example),
          e);
    }
  }

  /** The body as a JSON object, or null when it is not one. */
  public static JsonNode jsonObject(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The start of a body on one line, to quote in a message. */
  public static String excerpt(String body) {
    String flat = body.strip().replaceAll("\\s+", " ");
    if (flat.isEmpty()) {
      return "empty body";
    }
    return flat.length() <= BODY_EXCERPT ? flat : SafeCut.head(flat, BODY_EXCERPT) + "…";
  }

  /**
   * Why a connection to {@code target} failed. HttpClient often leaves every message in the chain
   * empty, so the exception types say it.
   */
  public static String connectFailure(IOException error, URI target) {
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
