package dev.oats.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/**
 * What both fakes share: the JDK HTTP server on a loopback port, the script, the recording and the
 * key check. Subclasses only render replies and errors in their provider's format.
 */
abstract class HttpFakeServer implements FakeModelServer {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A response to send: the HTTP status and the JSON body. */
  record Response(int status, ObjectNode body) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Queue<ScriptedReply> script = new ConcurrentLinkedQueue<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger sequence = new AtomicInteger();
  private volatile String expectedApiKey;

  HttpFakeServer() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake " + provider() + " server", e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
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
    InetSocketAddress address = server.getAddress();
    return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort();
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
    server.stop(0);
    // Interrupts the handlers still sleeping on a delayed reply.
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
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
        return;
      } else {
        response = render(reply, request, number);
      }
      send(exchange, response, reply, number);
    } catch (IOException e) {
      // The client gave up (a timeout test) and closed the connection: nothing left to answer.
    }
  }

  private RecordedRequest record(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readAllBytes();
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new TreeMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    RecordedRequest request =
        new RecordedRequest(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            headers,
            parseBody(text));
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

  private void send(HttpExchange exchange, Response response, ScriptedReply reply, int number)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(response.body());
    exchange.getResponseHeaders().set("content-type", "application/json");
    exchange.getResponseHeaders().set(requestIdHeader(), "req_fake_" + number);
    if (reply != null) {
      reply.headers().forEach(exchange.getResponseHeaders()::set);
    }
    exchange.sendResponseHeaders(response.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
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
