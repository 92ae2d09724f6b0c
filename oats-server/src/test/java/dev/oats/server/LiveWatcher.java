package dev.oats.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A live subscriber of one investigation's events on one replica, over SSE or a WebSocket: what it
 * received, in order, and when each event arrived ({@link System#nanoTime}).
 */
final class LiveWatcher implements AutoCloseable {

  /** One event as received. */
  record Arrival(long seq, String type, long nanos) {}

  private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
  private final Map<Long, Long> arrivedAt = new ConcurrentHashMap<>();
  private final CompletableFuture<Void> ended = new CompletableFuture<>();
  private volatile AutoCloseable closer = () -> {};

  private LiveWatcher() {}

  /** Subscribes over Server-Sent Events with the API key. */
  static LiveWatcher sse(HttpClient http, String url, String key) throws Exception {
    LiveWatcher watcher = new LiveWatcher();
    HttpResponse<InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("X-API-Key", key)
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      throw new AssertionError("SSE answered " + response.statusCode());
    }
    InputStream body = response.body();
    watcher.closer = body::close;
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.startsWith("data: ")) {
                    watcher.received(ServerHarness.JSON.readTree(line.substring(6)));
                  }
                }
              } catch (Exception e) {
                // Closed by the test.
              } finally {
                watcher.ended.complete(null);
              }
            });
    return watcher;
  }

  /** Subscribes over a WebSocket opened with a ticket. */
  static LiveWatcher socket(HttpClient http, String url) throws Exception {
    LiveWatcher watcher = new LiveWatcher();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      try {
                        watcher.received(ServerHarness.JSON.readTree(partial.toString()));
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                      partial.setLength(0);
                    }
                    ws.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                    watcher.ended.complete(null);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    watcher.closer = socket::abort;
    return watcher;
  }

  private void received(JsonNode recorded) {
    long now = System.nanoTime();
    long seq = recorded.path("seq").asLong();
    arrivals.add(new Arrival(seq, recorded.path("event").path("type").asText(), now));
    arrivedAt.putIfAbsent(seq, now);
  }

  List<Arrival> arrivals() {
    return List.copyOf(arrivals);
  }

  List<Long> seqs() {
    List<Long> seqs = new ArrayList<>();
    arrivals.forEach(a -> seqs.add(a.seq()));
    return seqs;
  }

  /** When event {@code seq} arrived, or null. */
  Long arrivedAt(long seq) {
    return arrivedAt.get(seq);
  }

  /** Waits (bounded) until event {@code seq} has arrived. */
  void awaitSeq(long seq, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!arrivedAt.containsKey(seq)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("event " + seq + " never arrived; got " + seqs());
      }
      Thread.sleep(5);
    }
  }

  /** Waits (bounded) for the server to end the stream. */
  void awaitEnd(Duration within) throws Exception {
    ended.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() throws Exception {
    closer.close();
  }
}
