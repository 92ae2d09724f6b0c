package dev.oats.api;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many live event streams (SSE and WebSocket together) each API key holds open on this server:
 * at most {@link #perKey()}. A stream costs the server a connection, its buffers, a request thread
 * (SSE) and a place on its investigation's feed for as long as the client keeps it open, reading or
 * not; one key's client opening thousands (a reconnect loop, a script that never closes, slow
 * readers that never read) would otherwise hold the server's memory and threads alone. The count is
 * this replica's: what it protects, memory and threads, is this JVM's.
 *
 * <p>A {@link Lease} is taken when a stream opens and given back once, whichever of its ends comes
 * first, so a storm of reconnects and closes leaves the count where the streams left it.
 */
final class StreamLimits {

  /** What a client refused a stream is told to wait before trying again. */
  static final long RETRY_AFTER_SECONDS = 5;

  private final int perKey;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /**
   * @param perKey the streams one key may hold open at once (at least 1)
   */
  StreamLimits(int perKey) {
    if (perKey < 1) {
      throw new IllegalArgumentException("perKey must be at least 1, not " + perKey);
    }
    this.perKey = perKey;
  }

  int perKey() {
    return perKey;
  }

  /** The streams {@code keyName} holds open now. */
  int open(String keyName) {
    return open.getOrDefault(name(keyName), 0);
  }

  /** Whether {@code keyName} may open one more stream now (a check only: nothing is taken). */
  boolean hasRoom(String keyName) {
    return open(keyName) < perKey;
  }

  /** One more stream for {@code keyName}, if it holds fewer than the limit (counted atomically). */
  Optional<Lease> tryAcquire(String keyName) {
    String name = name(keyName);
    AtomicBoolean taken = new AtomicBoolean();
    open.compute(
        name,
        (key, count) -> {
          int now = count == null ? 0 : count;
          if (now >= perKey) {
            return count;
          }
          taken.set(true);
          return now + 1;
        });
    return taken.get() ? Optional.of(new Lease(name)) : Optional.empty();
  }

  /** The answer to a stream over the limit. */
  ApiException refusal(String keyName) {
    return new ApiException(
        429,
        "too_many_streams",
        ("The API key '%s' already holds %d live event streams open on this server, its limit"
                + " (OATS_STREAMS_PER_KEY): close one (or read the events as JSON) and try again.")
            .formatted(name(keyName), perKey),
        RETRY_AFTER_SECONDS);
  }

  private static String name(String keyName) {
    return keyName == null ? "" : keyName;
  }

  /** One open stream of a key; {@link #close()} gives it back, once, however often it is called. */
  final class Lease implements AutoCloseable {
    private final String keyName;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Lease(String keyName) {
      this.keyName = keyName;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        open.computeIfPresent(keyName, (key, count) -> count <= 1 ? null : count - 1);
      }
    }
  }
}
