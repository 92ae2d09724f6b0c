package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.testkit.ScriptedReply;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live streams with many watchers: one that stops reading holds up no one else and catches up when
 * it reads again; a watcher that reconnects from the last event it saw misses nothing.
 */
class LiveFanOutTest {

  /**
   * 8 MB: twice what the kernel buffers for the stalled socket (its receive buffer is 4 KiB, the
   * server's send buffer 4 MiB at most), so its writer is held up for sure.
   */
  private static final int BIG_EVENTS = 80;

  private static final String BIG_TEXT = "x".repeat(100_000);
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final Pattern CHUNK_HEAD = Pattern.compile("(?:^|\r\n)[0-9a-fA-F]+\r\n");

  @TempDir Path dir;
  ServerHarness harness;
  final CompletableFuture<Void> release = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    release.complete(null);
    if (harness != null) {
      harness.close();
    }
  }

  /** A running investigation whose model does not answer until {@link #release}. */
  private String heldInvestigation() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"done\"}").heldUntil(release));
    String id = harness.submit("watch me");
    harness.awaitInvestigation(id, r -> r.path("status").asText().equals("running"));
    return id;
  }

  /** Stores events as an agent would deliver them; each is published to the watchers. */
  private long append(String id, int count, String text) {
    long last = 0;
    for (int i = 0; i < count; i++) {
      var result =
          harness
              .server
              .service()
              .append(
                  id,
                  "test:" + System.nanoTime() + ":" + i,
                  Instant.now(),
                  new AgentEvent.Thought(1, text));
      last = ((dev.oats.store.AppendResult.Appended) result).event().seq();
    }
    return last;
  }

  @Test
  void anSseWatcherThatStopsReadingDelaysNoOtherAndCatchesUpLater() throws Exception {
    String id = heldInvestigation();
    try (Socket slow = stalledWatcher(id, false)) {
      List<Long> fast = new CopyOnWriteArrayList<>();
      CompletableFuture<Void> fastEnded = sseWatcher(id, 0, fast);

      long last = append(id, BIG_EVENTS, BIG_TEXT);

      awaitSeq(fast, last);
      staysLive(id, fast);
      release.complete(null);
      fastEnded.get(30, TimeUnit.SECONDS);
      assertThat(fast).isEqualTo(oneTo(fast.getLast()));
      // The stalled watcher reads again: everything, in order, nothing missing.
      assertThat(readUntil(slow.getInputStream(), fast.getLast())).isEqualTo(oneTo(fast.getLast()));
    }
  }

  @Test
  void aWebSocketWatcherThatStopsReadingDelaysNoOtherAndCatchesUpLater() throws Exception {
    String id = heldInvestigation();
    try (Socket slow = stalledWatcher(id, true)) {
      List<Long> fast = new CopyOnWriteArrayList<>();
      List<String> messages = new CopyOnWriteArrayList<>();
      CompletableFuture<Integer> closed = new CompletableFuture<>();
      harness
          .http
          .newWebSocketBuilder()
          .header("X-API-Key", ServerHarness.KEY)
          .buildAsync(
              URI.create(harness.url("/ws/investigations/" + id).replace("http://", "ws://")),
              new SeqCollector(messages, fast, closed))
          .get(10, TimeUnit.SECONDS);

      long last = append(id, BIG_EVENTS, BIG_TEXT);

      awaitSeq(fast, last);
      staysLive(id, fast);
      release.complete(null);
      assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
      assertThat(fast).isEqualTo(oneTo(fast.getLast()));
      assertThat(readUntil(slow.getInputStream(), fast.getLast())).isEqualTo(oneTo(fast.getLast()));
    }
  }

  /**
   * The stream metrics count each live event once per watcher and transport, from its time to the
   * end of the write, and not the replay a watcher starts with.
   */
  @Test
  void theStreamMetricsCountLiveDeliveriesAndNotTheReplay() throws Exception {
    String id = heldInvestigation();
    long replayed = append(id, 3, "stored before anyone watched");
    List<Long> sse = new CopyOnWriteArrayList<>();
    sseWatcher(id, 0, sse);
    List<Long> ws = new CopyOnWriteArrayList<>();
    harness
        .http
        .newWebSocketBuilder()
        .header("X-API-Key", ServerHarness.KEY)
        .buildAsync(
            URI.create(harness.url("/ws/investigations/" + id).replace("http://", "ws://")),
            new SeqCollector(new CopyOnWriteArrayList<>(), ws, new CompletableFuture<>()))
        .get(10, TimeUnit.SECONDS);
    awaitSeq(sse, replayed);
    awaitSeq(ws, replayed);

    long live = append(id, 2, "live");
    awaitSeq(sse, live);
    awaitSeq(ws, live);

    // The count follows the write's completion, which may come just after the client's read.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && (metric("oats_event_stream_delivery_seconds_count{transport=\"sse\"}") < 2
            || metric("oats_event_stream_delivery_seconds_count{transport=\"ws\"}") < 2)) {
      Thread.sleep(10);
    }
    for (String transport : List.of("sse", "ws")) {
      String tag = "{transport=\"" + transport + "\"}";
      assertThat(metric("oats_event_stream_delivery_seconds_count" + tag))
          .as(transport)
          .isEqualTo(2);
      assertThat(metric("oats_event_stream_queued_seconds_count" + tag)).as(transport).isEqualTo(2);
      assertThat(metric("oats_event_stream_write_seconds_count" + tag))
          .as(transport)
          .isBetween(1.0, 2.0);
      // From the event's stamp to the write's end: under the test's own wait.
      assertThat(metric("oats_event_stream_delivery_seconds_max" + tag))
          .as(transport)
          .isBetween(0.0, 20.0);
    }
    // The feed saw the two live events once, whatever the number of watchers.
    assertThat(metric("oats_event_stream_feed_lag_seconds_count")).isEqualTo(2);
  }

  /** A sample's value in the server's Prometheus text, 0 when absent. */
  private double metric(String sample) throws Exception {
    for (String line : harness.get("/metrics").body().split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1));
      }
    }
    return 0;
  }

  @Test
  void anSseWatcherThatReconnectsWithLastEventIdMissesNothing() throws Exception {
    String id = heldInvestigation();
    long before = append(id, 5, "before the drop");

    // The first connection reads up to `before`, then drops while more events are stored.
    List<Long> first = new ArrayList<>();
    HttpResponse<InputStream> response = openSse(id, null);
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("id: ")) {
          first.add(Long.parseLong(line.substring(4)));
          if (first.getLast() == before) {
            break;
          }
        }
      }
    }
    append(id, 5, "while away");

    List<Long> second = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> ended = sseWatcher(id, first.getLast(), second);
    append(id, 5, "after coming back");
    release.complete(null);
    ended.get(30, TimeUnit.SECONDS);

    assertThat(second.getFirst()).isEqualTo(first.getLast() + 1);
    List<Long> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).isEqualTo(oneTo(second.getLast()));
  }

  @Test
  void aWebSocketWatcherThatReconnectsAfterTheLastEventMissesNothing() throws Exception {
    String id = heldInvestigation();
    long before = append(id, 5, "before the drop");
    String url = harness.url("/ws/investigations/" + id).replace("http://", "ws://");

    List<Long> first = new CopyOnWriteArrayList<>();
    var socket =
        harness
            .http
            .newWebSocketBuilder()
            .header("X-API-Key", ServerHarness.KEY)
            .buildAsync(
                URI.create(url),
                new SeqCollector(new CopyOnWriteArrayList<>(), first, new CompletableFuture<>()))
            .get(10, TimeUnit.SECONDS);
    awaitSeq(first, before);
    socket.abort();
    append(id, 5, "while away");

    List<Long> second = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    harness
        .http
        .newWebSocketBuilder()
        .header("X-API-Key", ServerHarness.KEY)
        .buildAsync(
            URI.create(url + "?after=" + first.getLast()),
            new SeqCollector(new CopyOnWriteArrayList<>(), second, closed))
        .get(10, TimeUnit.SECONDS);
    append(id, 5, "after coming back");
    release.complete(null);
    assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);

    assertThat(second.getFirst()).isEqualTo(first.getLast() + 1);
    List<Long> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).isEqualTo(oneTo(second.getLast()));
  }

  /**
   * A watcher on a raw socket with a tiny receive buffer that reads the response head and then
   * nothing more, until the test reads the rest.
   */
  private Socket stalledWatcher(String id, boolean webSocket) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress("127.0.0.1", harness.server.port()), 10_000);
    socket.setSoTimeout(60_000);
    String request =
        webSocket
            ? "GET /ws/investigations/"
                + id
                + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                + ServerHarness.KEY
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
            : "GET /investigations/"
                + id
                + "/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
                + ServerHarness.KEY
                + "\r\nAccept: text/event-stream\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    // The response head, then stop reading.
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the response head").isNotNegative();
      head.write(b);
    }
    assertThat(head.toString(StandardCharsets.ISO_8859_1))
        .startsWith(webSocket ? "HTTP/1.1 101" : "HTTP/1.1 200");
    return socket;
  }

  /**
   * Reads a stalled watcher's stream until it has event {@code last}; the sequence numbers in the
   * order they came.
   */
  private static List<Long> readUntil(InputStream in, long last) throws IOException {
    StringBuilder raw = new StringBuilder();
    byte[] buffer = new byte[1 << 16];
    while (true) {
      int n = in.read(buffer);
      assertThat(n).as("the stream went on up to event " + last).isNotNegative();
      raw.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      if (seqs(raw.substring(Math.max(0, raw.length() - 300_000))).contains(last)) {
        return seqs(raw.toString());
      }
    }
  }

  /**
   * The sequence numbers in a raw stream, read off the JSON of each event. HTTP chunk headers are
   * taken out first (the events' JSON has no CRLF); WebSocket frame heads sit between messages.
   */
  private static List<Long> seqs(String raw) {
    List<Long> seqs = new ArrayList<>();
    Matcher matcher = SEQ.matcher(CHUNK_HEAD.matcher(raw).replaceAll(""));
    while (matcher.find()) {
      seqs.add(Long.parseLong(matcher.group(1)));
    }
    return seqs;
  }

  private static List<Long> oneTo(long last) {
    List<Long> all = new ArrayList<>();
    for (long seq = 1; seq <= last; seq++) {
      all.add(seq);
    }
    return all;
  }

  /**
   * While the stalled watcher still holds its write, events stored one at a time each reach the
   * watcher that reads within 5 s (Jetty would drop the stalled socket after 30 s): each needs a
   * fresh wake from the feed, so a writer held up by the stalled socket would fail this.
   */
  private void staysLive(String id, List<Long> seen) throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      long seq = append(id, 1, "live while another watcher is stalled");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!seen.contains(seq) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(seen).as("events seen live by the watcher that reads").contains(seq);
    }
  }

  /**
   * Waits up to 20 s, less than Jetty's 30 s idle timeout: a broadcaster held up by the stalled
   * socket would deliver late here, or only after the timeout had dropped the stalled socket.
   */
  private static void awaitSeq(List<Long> seen, long seq) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!seen.contains(seq) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(seen).as("events seen by the watcher that reads").contains(seq);
  }

  private HttpResponse<InputStream> openSse(String id, Long lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
            .header("X-API-Key", ServerHarness.KEY)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(60));
    if (lastEventId != null) {
      request.header("Last-Event-ID", String.valueOf(lastEventId));
    }
    return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** An SSE watcher on a thread of its own, noting each event's id; completes at the end. */
  private CompletableFuture<Void> sseWatcher(String id, long after, List<Long> seen)
      throws Exception {
    HttpResponse<InputStream> response = openSse(id, after == 0 ? null : after);
    return CompletableFuture.runAsync(
        () -> {
          try (BufferedReader lines =
              new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              if (line.startsWith("id: ")) {
                seen.add(Long.parseLong(line.substring(4)));
              }
            }
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** A WebSocket listener noting each message's sequence number. */
  private static final class SeqCollector implements java.net.http.WebSocket.Listener {
    private final List<String> messages;
    private final List<Long> seqs;
    private final CompletableFuture<Integer> closed;
    private final StringBuilder partial = new StringBuilder();

    SeqCollector(List<String> messages, List<Long> seqs, CompletableFuture<Integer> closed) {
      this.messages = messages;
      this.seqs = seqs;
      this.closed = closed;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(
        java.net.http.WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String message = partial.toString();
        partial.setLength(0);
        messages.add(message);
        Matcher matcher = SEQ.matcher(message);
        if (matcher.find()) {
          seqs.add(Long.parseLong(matcher.group(1)));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(
        java.net.http.WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }

    @Override
    public void onError(java.net.http.WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }
  }
}
