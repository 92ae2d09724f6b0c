package dev.oats.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

/**
 * A model provider's HTTP API, faked on a loopback port for tests: it speaks the provider's real
 * wire format, answers with the {@link ScriptedReply replies} enqueued in order, and records every
 * request. When the script runs out it answers HTTP 500 with an error that says so.
 *
 * <p>Both fakes implement this interface, so a test can be parameterized over providers.
 */
public interface FakeModelServer extends AutoCloseable {

  /** The provider's name in lower case: {@code anthropic} or {@code openai}. */
  String provider();

  /** The base URL in the form the provider's SDK expects (with or without {@code /v1}). */
  String baseUrl();

  /** Appends replies to the script; each request consumes the next one. */
  FakeModelServer enqueue(ScriptedReply... replies);

  /**
   * Answers HTTP 401 in the provider's format unless a request carries this key, as {@code
   * x-api-key} or as {@code Authorization: Bearer}. By default any key is accepted.
   */
  FakeModelServer expectApiKey(String apiKey);

  /** The requests received so far, oldest first. */
  List<RecordedRequest> requests();

  /** The last request received. */
  default RecordedRequest lastRequest() {
    List<RecordedRequest> all = requests();
    if (all.isEmpty()) {
      throw new IllegalStateException(provider() + " fake received no request");
    }
    return all.get(all.size() - 1);
  }

  /** Stops the server at once, abandoning delayed replies. */
  @Override
  void close();

  /**
   * A loopback port with nothing listening on it, for testing an unreachable server. Another
   * process could take it in the meantime, which is unlikely enough for a test.
   */
  static int unusedLocalPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free loopback port", e);
    }
  }
}
