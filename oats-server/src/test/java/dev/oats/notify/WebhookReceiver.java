package dev.oats.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on a loopback port, as Slack, Teams or any JSON endpoint would be: it records
 * every request and answers from a script (200 once the script is used up).
 */
final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** An answer to give: status, headers and body. */
  record Reply(int status, Map<String, String> headers, String body, Duration delay) {
    Reply(int status, Map<String, String> headers, String body) {
      this(status, headers, body, Duration.ZERO);
    }

    static Reply ok() {
      return new Reply(200, Map.of(), "ok");
    }

    /** This answer, given only after a while. */
    Reply after(Duration wait) {
      return new Reply(status, headers, body, wait);
    }

    static Reply status(int status, String body) {
      return new Reply(status, Map.of(), body);
    }
  }

  /** A request as it arrived. */
  record Received(Instant at, String method, String path, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private final HttpServer server;
  private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private volatile Reply fallback = Reply.ok();

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The URL of a path on this receiver. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  WebhookReceiver script(Reply... replies) {
    script.addAll(Arrays.asList(replies));
    return this;
  }

  /** The answer once the script is used up. */
  WebhookReceiver always(Reply reply) {
    fallback = reply;
    return this;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  /** Waits (bounded) until at least {@code count} requests arrived, and returns them. */
  List<Received> await(int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (received.size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    if (received.size() < count) {
      throw new AssertionError("expected " + count + " requests, got " + received);
    }
    return received();
  }

  /** Waits (bounded) until {@code count} requests mention {@code text}, and returns those. */
  List<Received> awaitAbout(String text, int count) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (about(text).size() < count && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
    }
    if (about(text).size() < count) {
      throw new AssertionError(
          "expected " + count + " requests about " + text + ", got " + received);
    }
    return about(text);
  }

  private List<Received> about(String text) {
    return received.stream().filter(r -> r.body().contains(text)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      received.add(
          new Received(
              Instant.now(),
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Content-Type"),
              body));
      Reply reply = script.poll();
      if (reply == null) {
        reply = fallback;
      }
      if (!reply.delay().isZero()) {
        try {
          Thread.sleep(reply.delay());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream stream = exchange.getResponseBody()) {
          stream.write(out);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
