package dev.oats.tools;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;

/**
 * What the tools that call an HTTP service (Prometheus, Sourcegraph, a search backend) share: the
 * client, and the service's URL setting checked once, when the tools are offered.
 */
public final class ServiceHttp {

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

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
}
