package dev.oats.tools.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 and a free port, for fakes that speak a backend's wire format. It
 * records every request so a test can check what the tool sent.
 */
public final class LoopbackServer implements AutoCloseable {

  /** A request as received. */
  public record Request(
      String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {

    /** The first value of a header, or null; names are matched ignoring case. */
    public String header(String name) {
      return headers.entrySet().stream()
          .filter(entry -> entry.getKey().equalsIgnoreCase(name))
          .map(entry -> entry.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }

    /** The decoded query parameters. */
    public Map<String, String> query() {
      return decode(rawQuery);
    }

    /** The decoded parameters of a form body. */
    public Map<String, String> form() {
      return decode(body);
    }
  }

  /** What the server answers. */
  public record Reply(int status, String contentType, String body) {
    public static Reply json(String body) {
      return new Reply(200, "application/json", body);
    }

    public static Reply json(int status, String body) {
      return new Reply(status, "application/json", body);
    }

    public static Reply text(int status, String body) {
      return new Reply(status, "text/plain; charset=utf-8", body);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private LoopbackServer(HttpServer server) {
    this.server = server;
    server.setExecutor(threads);
  }

  public static LoopbackServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LoopbackServer loopback = new LoopbackServer(server);
      server.start();
      return loopback;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Answers requests under {@code path} with the handler's reply. */
  public LoopbackServer route(String path, Function<Request, Reply> handler) {
    server.createContext(path, exchange -> answer(exchange, handler.apply(record(exchange))));
    return this;
  }

  /** Accepts requests under {@code path} and never answers them, until the server closes. */
  public LoopbackServer hang(String path) {
    server.createContext(
        path,
        exchange -> {
          record(exchange);
          try {
            closing.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    return this;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public Request lastRequest() {
    return requests.getLast();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.close();
  }

  private Request record(HttpExchange exchange) throws IOException {
    Request request =
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestURI().getPath(),
            exchange.getRequestURI().getRawQuery(),
            Map.copyOf(exchange.getRequestHeaders()),
            new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    requests.add(request);
    return request;
  }

  private static void answer(HttpExchange exchange, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> decode(String encoded) {
    Map<String, String> values = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return values;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      values.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return values;
  }
}
