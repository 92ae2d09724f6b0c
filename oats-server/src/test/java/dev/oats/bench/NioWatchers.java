package dev.oats.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * N watchers on one thread and one NIO selector, speaking just enough HTTP/1.1 (an SSE response,
 * chunked) and WebSocket (RFC 6455, no extensions) to read the event stream. The arrival of an
 * event is the instant the read of the bytes that completed it returned, taken for each read (not
 * once per pass of the selector: a long pass would have stamped its last reads with its start,
 * earlier than the bytes came, which hid delay and even gave delays below zero), before any
 * parsing; with it, how long after the selector's return the read came (the client's own share:
 * bytes that came before the selector returned waited for the sockets read before theirs): the JDK
 * HTTP client, with a thread per watcher and its own queues, adds its own delay on two shared
 * cores, which this client keeps out of the measure.
 */
final class NioWatchers {

  /** Receives each complete event (its JSON) with the instant its last bytes were read. */
  interface Sink {
    /**
     * @param arrived when the read returned
     * @param heldNanos how long after the selector's return the read came (the client's own wait)
     */
    void event(int watcher, String json, Instant arrived, long heldNanos);
  }

  private final URI server;
  private final String key;
  private final String id;
  private final boolean sse;
  private final Sink sink;
  private final CountDownLatch connected;
  private final java.util.concurrent.atomic.AtomicInteger failed =
      new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.Map<String, Integer> failures =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Each pass of the selector loop that had sockets to read: when {@code select} returned (epoch
   * nanoseconds), how long the pass took to read and frame them (nanoseconds) and how many sockets
   * it read. Bytes that reach a socket during a pass are noted at the next pass: the client's own
   * share of a delay is at most the pass before it.
   */
  final List<long[]> passes = java.util.Collections.synchronizedList(new ArrayList<>());

  /**
   * Each watcher's connect phase, in {@link System#nanoTime()}: its connect started, the TCP
   * handshake finished ({@code finishConnect}), the answer's head (101 or 200) came, its first
   * event frame came (0 when it never did). The stream is open, for the benchmark, at the first
   * frame: the server has put the watcher on the investigation's feed by then (the replay goes
   * through it), which the answer's head alone does not show.
   */
  final long[] connectStarted;

  final long[] tcpConnected;
  final long[] answered;
  final long[] firstFrame;

  /** The watchers that failed, and at which step (connect, answer, stream). */
  final java.util.Map<Integer, String> failedAt = new java.util.concurrent.ConcurrentHashMap<>();

  NioWatchers(
      URI server,
      String key,
      String id,
      boolean sse,
      Sink sink,
      CountDownLatch connected,
      int watchers) {
    this.connectStarted = new long[watchers];
    this.tcpConnected = new long[watchers];
    this.answered = new long[watchers];
    this.firstFrame = new long[watchers];
    this.server = server;
    this.key = key;
    this.id = id;
    this.sse = sse;
    this.sink = sink;
    this.connected = connected;
  }

  /**
   * Runs until every watcher's stream ended or {@code seconds} passed; returns how many failed. The
   * watchers are dealt to {@code threads} selector threads (watcher i to thread i mod threads): a
   * thread the scheduler stops mid-pass then holds only its share of the sockets.
   */
  int run(int watchers, long seconds, int threads) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    if (threads <= 1) {
      group(watchers, 0, 1, deadline);
    } else {
      List<java.util.concurrent.Future<?>> groups = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
        for (int t = 0; t < threads; t++) {
          int first = t;
          groups.add(
              pool.submit(
                  () -> {
                    group(watchers, first, threads, deadline);
                    return null;
                  }));
        }
        for (var group : groups) {
          group.get();
        }
      }
    }
    if (!failures.isEmpty()) {
      System.err.println("watchers failed: " + new java.util.TreeMap<>(failures));
    }
    return failed.get();
  }

  /** One selector thread: watchers first, first + step, ... */
  private void group(int watchers, int first, int step, long deadline) throws IOException {
    InetSocketAddress address = new InetSocketAddress(server.getHost(), server.getPort());
    ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
    try (Selector selector = Selector.open()) {
      List<Watcher> all = new ArrayList<>();
      for (int i = first; i < watchers; i += step) {
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        connectStarted[i] = System.nanoTime();
        channel.connect(address);
        Watcher watcher = new Watcher(i, channel);
        all.add(watcher);
        channel.register(selector, SelectionKey.OP_CONNECT, watcher);
      }
      int open = all.size();
      while (open > 0 && System.nanoTime() < deadline) {
        int ready = selector.select(1000);
        Instant now = Instant.now();
        long passStart = System.nanoTime();
        for (SelectionKey selected : selector.selectedKeys()) {
          Watcher watcher = (Watcher) selected.attachment();
          try {
            if (selected.isConnectable()) {
              watcher.channel.finishConnect();
              tcpConnected[watcher.index] = System.nanoTime();
              watcher.sendRequest();
              selected.interestOps(SelectionKey.OP_READ);
            } else if (selected.isReadable() && !watcher.read(in, passStart)) {
              selected.cancel();
              watcher.channel.close();
              open--;
            }
          } catch (IOException | RuntimeException e) {
            failures.merge(e.toString(), 1, Integer::sum);
            watcher.fail();
            selected.cancel();
            watcher.channel.close();
            open--;
          }
        }
        selector.selectedKeys().clear();
        if (ready > 0) {
          passes.add(
              new long[] {
                now.getEpochSecond() * 1_000_000_000L + now.getNano(),
                System.nanoTime() - passStart,
                ready
              });
        }
      }
      for (Watcher watcher : all) {
        if (watcher.channel.isOpen()) {
          failures.merge("still open at the deadline", 1, Integer::sum);
          watcher.fail();
          watcher.channel.close();
        }
      }
    }
  }

  private final class Watcher {
    final int index;
    final SocketChannel channel;

    /** The raw bytes not yet consumed (headers, chunk framing, WebSocket framing). */
    byte[] pending = new byte[0];

    boolean headersDone;
    boolean counted;
    // SSE: the decoded body not yet split into messages; the chunk remaining.
    final StringBuilder body = new StringBuilder();
    long chunkLeft = -1;
    boolean unchunked;
    // WebSocket: a text message in fragments.
    final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();

    Watcher(int index, SocketChannel channel) {
      this.index = index;
      this.channel = channel;
    }

    void fail() {
      failedAt.putIfAbsent(
          index,
          tcpConnected[index] == 0
              ? "connect"
              : answered[index] == 0
                  ? "answer"
                  : firstFrame[index] == 0 ? "first frame" : "stream");
      failed.incrementAndGet();
      if (!counted) {
        counted = true;
        connected.countDown();
      }
    }

    /** Hands an event on; the first marks the stream open (see {@link #firstFrame}). */
    private void deliver(String json, Instant now, long held) {
      if (!counted) {
        counted = true;
        firstFrame[index] = System.nanoTime();
        connected.countDown();
      }
      sink.event(index, json, now, held);
    }

    void sendRequest() throws IOException {
      String path = "/investigations/" + id + "/events";
      String request;
      if (sse) {
        request =
            "GET "
                + path
                + " HTTP/1.1\r\nHost: "
                + server.getAuthority()
                + "\r\nX-API-Key: "
                + key
                + "\r\nAccept: text/event-stream\r\n\r\n";
      } else {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        request =
            "GET /ws/investigations/"
                + id
                + " HTTP/1.1\r\nHost: "
                + server.getAuthority()
                + "\r\nX-API-Key: "
                + key
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: "
                + Base64.getEncoder().encodeToString(nonce)
                + "\r\n\r\n";
      }
      write(request.getBytes(StandardCharsets.US_ASCII));
    }

    private void write(byte[] bytes) throws IOException {
      ByteBuffer out = ByteBuffer.wrap(bytes);
      while (out.hasRemaining()) {
        channel.write(out);
      }
    }

    /** Reads what is there; false when the stream ended. */
    /**
     * @param in the selector thread's one buffer for every read: direct, so the read needs no copy
     *     through the JDK's temporary direct buffer, and not 64 KiB of heap per watcher
     */
    boolean read(ByteBuffer in, long selected) throws IOException {
      in.clear();
      int n = channel.read(in);
      Instant now = Instant.now();
      long held = System.nanoTime() - selected;
      if (n < 0) {
        // The stream's end is the SSE body's last chunk or the WebSocket's close frame (both return
        // false below): a connection the server closes before either, or before its answer, lost
        // its events. Counted as failed; before, it counted as a normal end and, without an answer,
        // never as connected either, so the client waited 60 s for it before measuring.
        throw new IOException(
            headersDone
                ? "closed without the stream's end"
                : "closed before the answer (" + pending.length + " bytes)");
      }
      in.flip();
      byte[] merged = new byte[pending.length + n];
      System.arraycopy(pending, 0, merged, 0, pending.length);
      in.get(merged, pending.length, n);
      pending = merged;
      int used = 0;
      if (!headersDone) {
        int end = indexOf(pending, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        if (end < 0) {
          return true;
        }
        String head = new String(pending, 0, end, StandardCharsets.ISO_8859_1);
        String status =
            head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n"));
        if (!status.contains(sse ? " 200" : " 101")) {
          throw new IOException("unexpected answer: " + status);
        }
        String lower = head.toLowerCase(java.util.Locale.ROOT);
        if (sse && !lower.contains("transfer-encoding: chunked")) {
          // A whole body with a Content-Length (a server that held the stream back): read as is.
          int at = lower.indexOf("content-length:");
          if (at < 0) {
            throw new IOException("an event stream neither chunked nor of known length: " + head);
          }
          int eol = lower.indexOf("\r\n", at);
          chunkLeft =
              Long.parseLong(lower.substring(at + 15, eol < 0 ? lower.length() : eol).strip());
          unchunked = true;
        }
        headersDone = true;
        answered[index] = System.nanoTime();
        used = end + 4;
      }
      boolean more = sse ? sseBody(used, now, held) : frames(used, now, held);
      return more;
    }

    /** Decodes chunks from {@code from} on, then hands on every complete SSE message. */
    private boolean sseBody(int from, Instant now, long held) {
      int at = from;
      boolean ended = false;
      while (at < pending.length) {
        if (unchunked) {
          int take = (int) Math.min(chunkLeft, pending.length - at);
          body.append(new String(pending, at, take, StandardCharsets.UTF_8));
          at += take;
          chunkLeft -= take;
          if (chunkLeft == 0) {
            ended = true;
            at = pending.length;
          }
          continue;
        }
        if (chunkLeft < 0) {
          int eol = indexOf(pending, new byte[] {'\r', '\n'}, at);
          if (eol < 0) {
            break;
          }
          String size = new String(pending, at, eol - at, StandardCharsets.US_ASCII).strip();
          int semi = size.indexOf(';');
          chunkLeft = Long.parseLong(semi < 0 ? size : size.substring(0, semi), 16);
          at = eol + 2;
          if (chunkLeft == 0) {
            ended = true;
            at = pending.length;
            break;
          }
        }
        int take = (int) Math.min(chunkLeft, pending.length - at);
        body.append(new String(pending, at, take, StandardCharsets.UTF_8));
        at += take;
        chunkLeft -= take;
        if (chunkLeft == 0) {
          if (pending.length - at < 2) {
            break; // the chunk's CRLF is still on its way
          }
          at += 2;
          chunkLeft = -1;
        }
      }
      pending = java.util.Arrays.copyOfRange(pending, at, pending.length);
      int end;
      while ((end = body.indexOf("\n\n")) >= 0) {
        String message = body.substring(0, end);
        body.delete(0, end + 2);
        for (String line : message.split("\n")) {
          if (line.startsWith("data: ")) {
            deliver(line.substring(6), now, held);
          }
        }
      }
      return !ended;
    }

    /** Reads whole WebSocket frames from {@code from} on. */
    private boolean frames(int from, Instant now, long held) throws IOException {
      int at = from;
      boolean open = true;
      while (pending.length - at >= 2) {
        int b0 = pending[at] & 0xff;
        int b1 = pending[at + 1] & 0xff;
        int header = 2;
        long length = b1 & 0x7f;
        if (length == 126) {
          if (pending.length - at < 4) {
            break;
          }
          length = ((pending[at + 2] & 0xff) << 8) | (pending[at + 3] & 0xff);
          header = 4;
        } else if (length == 127) {
          if (pending.length - at < 10) {
            break;
          }
          length = 0;
          for (int i = 0; i < 8; i++) {
            length = (length << 8) | (pending[at + 2 + i] & 0xff);
          }
          header = 10;
        }
        if ((b1 & 0x80) != 0) {
          throw new IOException("a server frame must not be masked");
        }
        if (pending.length - at - header < length) {
          break;
        }
        int start = at + header;
        int opcode = b0 & 0x0f;
        boolean fin = (b0 & 0x80) != 0;
        switch (opcode) {
          case 0, 1 -> {
            message.write(pending, start, (int) length);
            if (fin) {
              deliver(message.toString(StandardCharsets.UTF_8), now, held);
              message.reset();
            }
          }
          case 8 -> {
            write(maskedFrame(0x88, new byte[0]));
            open = false;
            // Only "investigation ended" (1000) is a normal end: any other code (an error in
            // the server's handler, an idle timeout) fails the watcher, with the code and reason.
            int code =
                length >= 2 ? ((pending[start] & 0xff) << 8) | (pending[start + 1] & 0xff) : 1005;
            if (code != 1000) {
              String reason =
                  length > 2
                      ? new String(pending, start + 2, (int) length - 2, StandardCharsets.UTF_8)
                      : "";
              failures.merge("closed with " + code + " " + reason, 1, Integer::sum);
              fail();
            }
          }
          case 9 ->
              write(
                  maskedFrame(
                      0x8A, java.util.Arrays.copyOfRange(pending, start, start + (int) length)));
          default -> {}
        }
        at = start + (int) length;
      }
      pending = java.util.Arrays.copyOfRange(pending, at, pending.length);
      return open;
    }
  }

  private static byte[] maskedFrame(int first, byte[] payload) {
    byte[] frame = new byte[2 + 4 + payload.length];
    frame[0] = (byte) first;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
