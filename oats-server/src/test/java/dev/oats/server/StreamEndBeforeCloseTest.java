package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.testkit.ScriptedReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.AbstractExtension;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.OutgoingEntry;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's end is handed to every watcher of the investigation before the server closes any of them:
 * closing a WebSocket on the broadcaster's thread in the middle of its pass made the k-th watcher
 * wait for k - 1 closes (see {@code EventFeed.afterPass}).
 *
 * <p>The order is the server's, not the clients': hooks put into the real server's Jetty (no change
 * to OATS) note, on the thread that sends it and in one list for all connections, every WebSocket
 * frame (an extension the test's sockets negotiate) and every SSE write (a wrapper of the request's
 * {@link HttpStream}, put by a customizer of the connector) as it starts. Each watcher's last event
 * and the first close (a close frame, or an SSE response's last write) are then ordered whatever
 * the clients' read speed or the machine's load: no clock is read.
 */
public class StreamEndBeforeCloseTest {

  private static final int SOCKETS = 40;
  private static final int SSE = 20;
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
  private static final Pattern SSE_EVENT = Pattern.compile("(?m)^id: (\\d+)\nevent: (\\w+)$");

  /** A frame the server sent: which connection, its opcode, and the event's seq (text) or -1. */
  record Sent(Object connection, byte opcode, long seq, boolean terminal) {}

  /** Every frame sent on a connection that negotiated {@link OrderProbe}, in the order sent. */
  static final List<Sent> SENT = Collections.synchronizedList(new ArrayList<>());

  /** Passes every frame through, noting each outgoing one in {@link #SENT} first. */
  public static final class OrderProbe extends AbstractExtension {
    public static final String NAME = "x-oats-order-probe";

    @Override
    public void sendFrame(OutgoingEntry entry) {
      Frame frame = entry.getFrame();
      long seq = -1;
      boolean terminal = false;
      if (frame.getOpCode() == OpCode.TEXT) {
        String text = StandardCharsets.UTF_8.decode(frame.getPayload().duplicate()).toString();
        Matcher matcher = SEQ.matcher(text);
        seq = matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
        terminal = text.contains("\"type\":\"finished\"") || text.contains("\"type\":\"failed\"");
      }
      SENT.add(new Sent(this, frame.getOpCode(), seq, terminal));
      nextOutgoingFrame(entry);
    }
  }

  @TempDir Path dir;
  ServerHarness harness;
  final CompletableFuture<Void> release = new CompletableFuture<>();
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    release.complete(null);
    for (Socket socket : sockets) {
      socket.close();
    }
    if (harness != null) {
      harness.close();
    }
    SENT.clear();
  }

  @Test
  void everyWatcherIsSentTheRunsEndBeforeAnyIsClosed() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("OATS_STREAMS_PER_KEY", String.valueOf(SOCKETS + SSE + 10));
    harness.start();
    registerProbe();
    probeSse();

    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"done\"}").heldUntil(release));
    String id = harness.submit("watch me end");
    harness.awaitInvestigation(id, r -> r.path("status").asText().equals("running"));

    for (int i = 0; i < SOCKETS; i++) {
      sockets.add(webSocket(id));
    }
    List<SseWatcher> sse = new ArrayList<>();
    for (int i = 0; i < SSE; i++) {
      sse.add(new SseWatcher(harness, id));
    }
    // Every watcher is on the feed: each was sent an event stored after they all connected.
    long mark = append(id);
    awaitTrue(() -> textsOf(mark).size() == SOCKETS + SSE, "every watcher was sent event " + mark);

    release.complete(null);
    awaitTrue(
        () -> closes().size() == SOCKETS + SSE && sse.stream().allMatch(SseWatcher::ended),
        "every watcher was closed after the run's end");

    List<Sent> sent;
    synchronized (SENT) {
      sent = List.copyOf(SENT);
    }
    int firstClose = -1;
    List<Integer> ends = new ArrayList<>();
    for (int i = 0; i < sent.size(); i++) {
      Sent frame = sent.get(i);
      if (frame.opcode() == OpCode.CLOSE && firstClose < 0) {
        firstClose = i;
      }
      if (frame.terminal()) {
        ends.add(i);
      }
    }
    assertThat(ends).as("the run's end, sent once to each watcher").hasSize(SOCKETS + SSE);
    int before = firstClose;
    assertThat(ends.stream().filter(i -> i < before).count())
        .as(
            "watchers sent the run's end before the server's first close (%s, write %d of %d)",
            sent.get(firstClose).connection() instanceof OrderProbe ? "WebSocket" : "SSE",
            firstClose,
            sent.size())
        .isEqualTo(SOCKETS + SSE);
    long end = sent.get(ends.getFirst()).seq();
    for (SseWatcher watcher : sse) {
      assertThat(watcher.saw(end)).as("an SSE client read the run's end").isTrue();
    }
  }

  /** Makes {@link OrderProbe} one of the extensions the server's WebSockets may negotiate. */
  private void registerProbe() {
    var jetty = harness.server.jetty();
    Set<WebSocketComponents> all = new HashSet<>();
    for (ServletContextHandler context : jetty.getDescendants(ServletContextHandler.class)) {
      all.add(WebSocketServerComponents.getWebSocketComponents(context));
    }
    all.remove(null);
    assertThat(all).as("the server's WebSocket components").isNotEmpty();
    for (WebSocketComponents components : all) {
      components.getExtensionRegistry().register(OrderProbe.NAME, OrderProbe.class);
    }
  }

  /**
   * Notes every write of an SSE response in {@link #SENT} as Jetty hands it to the connection, on
   * the writer's thread: an event (with its seq, the run's end marked) or the response's last write
   * (its close, as {@link OpCode#CLOSE}). A customizer of the server's HTTP configuration wraps
   * each stream request's {@link HttpStream}.
   */
  private void probeSse() {
    Server jetty = harness.server.jetty();
    HttpConfiguration.Customizer probe =
        (request, responseHeaders) -> {
          String accept = request.getHeaders().get("Accept");
          if (accept == null || !accept.contains("text/event-stream")) {
            return request;
          }
          Object connection = new Object();
          request.addHttpStreamWrapper(
              stream ->
                  new HttpStream.Wrapper(stream) {
                    @Override
                    public void send(
                        MetaData.Request head,
                        MetaData.Response response,
                        boolean last,
                        ByteBuffer content,
                        Callback callback) {
                      noteSse(connection, last, content);
                      super.send(head, response, last, content, callback);
                    }
                  });
          return request;
        };
    int probed = 0;
    for (Connector connector : jetty.getConnectors()) {
      HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
      if (http != null) {
        http.getHttpConfiguration().addCustomizer(probe);
        probed++;
      }
    }
    assertThat(probed).as("the server's HTTP connectors").isPositive();
  }

  private static void noteSse(Object connection, boolean last, ByteBuffer content) {
    String text =
        content == null ? "" : StandardCharsets.UTF_8.decode(content.duplicate()).toString();
    Matcher matcher = SSE_EVENT.matcher(text);
    long seq = -1;
    boolean terminal = false;
    while (matcher.find()) {
      seq = Long.parseLong(matcher.group(1));
      terminal |= matcher.group(2).equals("finished") || matcher.group(2).equals("failed");
    }
    if (seq >= 0) {
      SENT.add(new Sent(connection, OpCode.TEXT, seq, terminal));
    }
    if (last) {
      SENT.add(new Sent(connection, OpCode.CLOSE, -1, false));
    }
  }

  /** The frames of text with event {@code seq}, one per connection sent it. */
  private static Set<Object> textsOf(long seq) {
    Set<Object> connections = new HashSet<>();
    synchronized (SENT) {
      for (Sent frame : SENT) {
        if (frame.opcode() == OpCode.TEXT && frame.seq() == seq) {
          connections.add(frame.connection());
        }
      }
    }
    return connections;
  }

  private static Set<Object> closes() {
    Set<Object> connections = new HashSet<>();
    synchronized (SENT) {
      for (Sent frame : SENT) {
        if (frame.opcode() == OpCode.CLOSE) {
          connections.add(frame.connection());
        }
      }
    }
    return connections;
  }

  /** Stores an event as an agent would deliver it; it is published to the watchers. */
  private long append(String id) {
    var result =
        harness
            .server
            .service()
            .append(
                id, "test:" + System.nanoTime(), Instant.now(), new AgentEvent.Thought(1, "mark"));
    return ((dev.oats.store.AppendResult.Appended) result).event().seq();
  }

  /**
   * A WebSocket watcher on a raw socket that offers the probe (the JDK client may not name an
   * extension); what the server sends is read and dropped.
   */
  private Socket webSocket(String id) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", harness.server.port()), 10_000);
    socket.setSoTimeout(60_000);
    String request =
        "GET /ws/investigations/"
            + id
            + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
            + ServerHarness.KEY
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Extensions: "
            + OrderProbe.NAME
            + "\r\n\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      assertThat(b).as("the response head").isNotNegative();
      head.write(b);
    }
    assertThat(head.toString(StandardCharsets.ISO_8859_1))
        .startsWith("HTTP/1.1 101")
        .containsIgnoringCase("Sec-WebSocket-Extensions: " + OrderProbe.NAME);
    Thread.ofVirtual()
        .start(
            () -> {
              byte[] sink = new byte[8192];
              try {
                while (in.read(sink) >= 0) {
                  // dropped
                }
              } catch (IOException e) {
                // closed by the test
              }
            });
    return socket;
  }

  /** An SSE watcher on a raw socket, noting each event's id; ends when the server ends it. */
  private final class SseWatcher {
    private final Set<Long> seen = Collections.synchronizedSet(new HashSet<>());
    private volatile boolean ended;

    SseWatcher(ServerHarness harness, String id) throws IOException {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", harness.server.port()), 10_000);
      socket.setSoTimeout(60_000);
      sockets.add(socket);
      String request =
          "GET /investigations/"
              + id
              + "/events HTTP/1.1\r\nHost: localhost\r\nX-API-Key: "
              + ServerHarness.KEY
              + "\r\nAccept: text/event-stream\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      Thread.ofVirtual()
          .start(
              () -> {
                StringBuilder raw = new StringBuilder();
                byte[] buffer = new byte[8192];
                Pattern ids = Pattern.compile("\nid: (\\d+)\n");
                try {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    raw.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    Matcher matcher = ids.matcher(raw);
                    while (matcher.find()) {
                      seen.add(Long.parseLong(matcher.group(1)));
                    }
                  }
                } catch (IOException e) {
                  // closed by the test
                }
                ended = true;
              });
    }

    boolean saw(long seq) {
      return seen.contains(seq);
    }

    boolean ended() {
      return ended;
    }
  }

  /** Waits up to 60 s for the condition (a bound on a hang, not on the server's speed). */
  private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }
}
