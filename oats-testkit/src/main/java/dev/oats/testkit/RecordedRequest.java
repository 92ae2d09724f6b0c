package dev.oats.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request a {@link FakeModelServer} received, kept so a test can check what the client sent.
 *
 * @param method the HTTP method
 * @param path the request path, such as {@code /v1/messages}
 * @param headers the request headers, names in lower case
 * @param body the request body as JSON; a text node when it was not JSON
 */
public record RecordedRequest(
    String method, String path, Map<String, List<String>> headers, JsonNode body) {

  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** The first value of a header, looked up without regard to case. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }
}
