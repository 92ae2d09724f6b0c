package dev.oats.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * What both fakes share: the JDK HTTP server on a loopback port, the script, the recording and the
 * key check. Subclasses only render replies and errors in their provider's format.
 */
abstract class HttpFakeServer implements FakeModelServer {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response to send: the HTTP status and the JSON body. */
  record Response(int status, ObjectNode body) {}

  private final Server server;
  private final ServerConnector connector;
  private final ExecutorService executor;
  private final Queue<ScriptedReply> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile String expectedApiKey;

  /**
   * Jetty, not the JDK's HTTP server: that one sends a response's headers and its body in two
   * writes, so a client with Nagle's algorithm on waits ~40 ms for the second on a reused
   * connection. Jetty writes a response given whole in one gathering write.
   */
  HttpFakeServer() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setVirtualThreadsExecutor(executor);
    server = new Server(threads);
    connector = new ServerConnector(server);
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(
              Request request, org.eclipse.jetty.server.Response response, Callback callback) {
            HttpFakeServer.this.handle(request, response, callback);
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the fake " + provider() + " server", e);
    }
  }

  /** The path of the one endpoint the fake serves, such as {@code /v1/messages}. */
  abstract String endpointPath();

  /** The header that carries the request id in the provider's responses. */
  abstract String requestIdHeader();

  /** The message the provider gives for a wrong API key. */
  abstract String wrongKeyMessage();

  /** A 200 response carrying the scripted answer to the recorded request. */
  abstract Response answer(ScriptedReply reply, RecordedRequest request, int sequence);

  /** An error response in the provider's format. */
  abstract Response error(int status, String message, int sequence);

  /** The provider's overloaded response. */
  abstract Response overloaded(int sequence);

  /** The server's address without any path, such as {@code http://127.0.0.1:40123}. */
  final String origin() {
    return "http://" + connector.getHost() + ":" + connector.getLocalPort();
  }

  @Override
  public FakeModelServer enqueue(ScriptedReply... replies) {
    script.addAll(Arrays.asList(replies));
    return this;
  }

  @Override
  public FakeModelServer expectApiKey(String apiKey) {
    this.expectedApiKey = apiKey;
    return this;
  }

  @Override
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    // Interrupts the handlers still sleeping on a delayed reply, then stops at once.
    executor.shutdownNow();
    server.setStopTimeout(0);
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the fake " + provider() + " server", e);
    }
  }

  private void handle(Request exchange, org.eclipse.jetty.server.Response out, Callback callback) {
    try {
      int number = sequence.incrementAndGet();
      RecordedRequest request = record(exchange);
      ScriptedReply reply = null;
      Response response;
      if (!"POST".equals(request.method()) || !endpointPath().equals(request.path())) {
        response = error(404, noRoute(request), number);
      } else if (!carriesExpectedKey(request)) {
        response = error(401, wrongKeyMessage(), number);
      } else if ((reply = script.poll()) == null) {
        response = error(500, scriptRanOut(number), number);
      } else if (!sleep(reply)) {
        callback.failed(new InterruptedException("the fake was closed"));
        return;
      } else {
        response = render(reply, request, number);
      }
      send(out, response, reply, number, callback);
    } catch (IOException | RuntimeException e) {
      // The client gave up (a timeout test) and closed the connection: nothing left to answer.
      callback.failed(e);
    }
  }

  private RecordedRequest record(Request exchange) throws IOException {
    String text = Content.Source.asString(exchange, StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new TreeMap<>();
    for (HttpField field : exchange.getHeaders()) {
      headers
          .computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
          .add(field.getValue());
    }
    headers.replaceAll((name, values) -> List.copyOf(values));
    RecordedRequest request =
        new RecordedRequest(
            exchange.getMethod(), exchange.getHttpURI().getPath(), headers, parseBody(text));
    requests.add(request);
    return request;
  }

  private static JsonNode parseBody(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }

  private boolean carriesExpectedKey(RecordedRequest request) {
    String expected = expectedApiKey;
    if (expected == null) {
      return true;
    }
    boolean asHeader = request.header("x-api-key").map(expected::equals).orElse(false);
    boolean asBearer =
        request.header("authorization").map(("Bearer " + expected)::equals).orElse(false);
    return asHeader || asBearer;
  }

  /** Waits out the reply's delay and its release; false when the fake is closed meanwhile. */
  private static boolean sleep(ScriptedReply reply) {
    try {
      if (!reply.delay().isZero()) {
        Thread.sleep(reply.delay());
      }
      reply.release().get();
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (java.util.concurrent.ExecutionException e) {
      return true;
    }
  }

  private Response render(ScriptedReply reply, RecordedRequest request, int number) {
    try {
      return switch (reply.outcome()) {
        case ANSWER -> answer(reply, request, number);
        case HTTP_ERROR -> error(reply.status(), reply.text(), number);
        case OVERLOADED -> overloaded(number);
      };
    } catch (RuntimeException e) {
      return error(500, fakeName() + " cannot send " + reply + ": " + e.getMessage(), number);
    }
  }

  /** The whole response in one write, so headers and body leave in one send. */
  private void send(
      org.eclipse.jetty.server.Response out,
      Response response,
      ScriptedReply reply,
      int number,
      Callback callback)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(response.body());
    out.setStatus(response.status());
    out.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    out.getHeaders().put(requestIdHeader(), "req_fake_" + number);
    if (reply != null) {
      reply.headers().forEach(out.getHeaders()::put);
    }
    out.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    out.write(true, ByteBuffer.wrap(bytes), callback);
  }

  private String noRoute(RecordedRequest request) {
    return fakeName()
        + " serves POST "
        + endpointPath()
        + " only, not "
        + request.method()
        + " "
        + request.path();
  }

  private String scriptRanOut(int number) {
    return fakeName()
        + ": the script ran out: request #"
        + number
        + " has no scripted reply; enqueue one more ScriptedReply";
  }

  private String fakeName() {
    return getClass().getSimpleName();
  }
}
