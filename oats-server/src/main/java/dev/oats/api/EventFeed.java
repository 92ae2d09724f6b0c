package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One investigation's events as every live watcher sees them: replayed from the store once, then
 * grown by the bus, each event serialised once and the same bytes handed to every SSE and WebSocket
 * subscriber. A subscriber is just a position in the list.
 *
 * <p>A {@link ReentrantLock} rather than {@code synchronized}: a thousand watchers wait here on
 * virtual threads, which JDK 21 would pin to their carriers inside a monitor.
 */
final class EventFeed {

  /** An event in its wire forms: the JSON (WebSocket) and the whole SSE message. */
  record Frame(long seq, boolean terminal, String json, byte[] sse) {
    static Frame of(RecordedEvent event) {
      JsonNode tree = EventJson.MAPPER.valueToTree(event);
      String json = EventJson.write(tree);
      String type = tree.path("event").path("type").asText();
      byte[] sse =
          "id: %d\nevent: %s\ndata: %s\n\n"
              .formatted(event.seq(), type, json)
              .getBytes(StandardCharsets.UTF_8);
      return new Frame(event.seq(), event.event().isTerminal(), json, sse);
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition grown = lock.newCondition();
  private final List<Frame> frames = new ArrayList<>();
  private long lastSeq;
  private boolean loaded;

  /**
   * Fills the feed on first use. {@code source} subscribes to the bus (whose events wait on this
   * lock) and then returns the stored events, so nothing falls between replay and live.
   */
  void loadOnce(java.util.function.Supplier<List<RecordedEvent>> source) {
    lock.lock();
    try {
      if (!loaded) {
        source.get().forEach(this::appendLocked);
        loaded = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** A live event from the bus; one already held (replayed, or resent by an agent) is skipped. */
  void offer(RecordedEvent event) {
    lock.lock();
    try {
      appendLocked(event);
    } finally {
      lock.unlock();
    }
  }

  private void appendLocked(RecordedEvent event) {
    if (event.seq() <= lastSeq) {
      return;
    }
    frames.add(Frame.of(event));
    lastSeq = event.seq();
    grown.signalAll();
  }

  /** The position of the first event after sequence number {@code after}. */
  int positionAfter(long after) {
    lock.lock();
    try {
      int position = 0;
      while (position < frames.size() && frames.get(position).seq() <= after) {
        position++;
      }
      return position;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The frames from {@code position} on, waiting up to {@code wait} for one to arrive; empty when
   * none did.
   */
  List<Frame> from(int position, Duration wait) throws InterruptedException {
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (frames.size() <= position) {
        if (nanos <= 0) {
          return List.of();
        }
        nanos = grown.awaitNanos(nanos);
      }
      return List.copyOf(frames.subList(position, frames.size()));
    } finally {
      lock.unlock();
    }
  }

  /** How many frames the feed holds; each was serialised exactly once. */
  int size() {
    lock.lock();
    try {
      return frames.size();
    } finally {
      lock.unlock();
    }
  }
}
