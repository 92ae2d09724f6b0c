package dev.oats.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One investigation's events as every live watcher sees them: replayed from the store once, then
 * grown by the bus, each event serialised once and the same bytes handed to every SSE and WebSocket
 * subscriber. A subscriber is a position in the list and a {@link Subscriber#wake()}.
 *
 * <p>The bus hands an event over on the thread that stored it; the feed's broadcaster threads (one
 * per core, each with its share of the subscribers) then wake every subscriber, so the store's
 * writer never waits on a socket. Waking is cheap and never blocks: a subscriber starts an
 * asynchronous write. A subscriber takes everything after its position in one go, so one that fell
 * behind catches up in one write and delays no one else. The frames are an array replaced on each
 * append, read without a lock.
 *
 * <p>{@link ReentrantLock} and {@link Semaphore} rather than monitors: the waiting is done on
 * virtual threads.
 */
final class EventFeed {

  /**
   * An event in its wire forms, made once for every watcher: the JSON, its UTF-8 bytes (a WebSocket
   * text frame's payload) and the whole SSE message; with the event's time ({@code atNanos}, epoch
   * nanoseconds) and, for one that came live from the bus ({@code live}), when it joined the feed
   * ({@code appended}, {@link System#nanoTime()}), for {@link StreamMetrics}.
   */
  record Frame(
      long seq,
      boolean terminal,
      String json,
      byte[] utf8,
      byte[] sse,
      long atNanos,
      boolean live,
      long appended) {
    static Frame of(RecordedEvent event, boolean live) {
      JsonNode tree = EventJson.MAPPER.valueToTree(event);
      String json = EventJson.write(tree);
      String type = tree.path("event").path("type").asText();
      byte[] sse =
          "id: %d\nevent: %s\ndata: %s\n\n"
              .formatted(event.seq(), type, json)
              .getBytes(StandardCharsets.UTF_8);
      return new Frame(
          event.seq(),
          event.event().isTerminal(),
          json,
          json.getBytes(StandardCharsets.UTF_8),
          sse,
          epochNanos(event.at()),
          live,
          System.nanoTime());
    }
  }

  /** An instant as nanoseconds since the epoch (good until 2262). */
  static long epochNanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }

  /** A watcher of the feed, told that frames were added; it must not block. */
  interface Subscriber {
    void wake();
  }

  private static final Logger log = LoggerFactory.getLogger(EventFeed.class);

  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Frame[] frames = new Frame[0];
  private long lastSeq;
  private boolean loaded;
  private final Shard[] shards;
  private final AtomicInteger dealt = new AtomicInteger();
  private volatile boolean closed;
  private final LongConsumer feedLag;

  EventFeed(String name) {
    this(name, BROADCASTERS, lag -> {});
  }

  /**
   * @param feedLag told, for each live event, the nanoseconds from its time to its place here
   */
  EventFeed(String name, int broadcasters, LongConsumer feedLag) {
    this.name = name;
    this.feedLag = feedLag;
    shards = new Shard[Math.max(1, broadcasters)];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard();
      // Platform threads: a virtual one would wait for a carrier behind the very subscribers it
      // woke for the last event (a thousand of them), which delayed every next event.
      Thread.ofPlatform().daemon().name("feed-" + name + "-" + i).start(shards[i]);
    }
  }

  /**
   * How many broadcaster threads a feed has, each writing to its share of the subscribers: one per
   * core (at most four). Each write to a socket is a system call, and with one thread the last of a
   * thousand sockets waited for the 999 before it; the shares are written in parallel.
   */
  static final int BROADCASTERS = Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);

  /**
   * A broadcaster and its share of the subscribers. Until the feed closes: after a growth, wakes
   * each of them once, however many frames came; each then takes all it has not sent, in one write.
   */
  private final class Shard implements Runnable {
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Semaphore grown = new Semaphore(0);
    private volatile Thread thread;
    // How many frames the last finished pass covered.
    private volatile int passed;

    @Override
    public void run() {
      thread = Thread.currentThread();
      boolean interrupted = false;
      while (!closed && !interrupted) {
        try {
          grown.acquire();
        } catch (InterruptedException e) {
          // Stopped: the ends put off still run below.
          interrupted = true;
          continue;
        }
        grown.drainPermits();
        int passing = frames.length;
        for (Subscriber subscriber : subscribers) {
          try {
            subscriber.wake();
          } catch (RuntimeException e) {
            // One subscriber's failure is its own; the others are still woken.
            log.warn("A watcher of {} could not be woken: {}", name, e.toString());
          }
        }
        passed = passing;
        runEndsDue(false);
      }
      runEndsDue(true);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An action put off until every broadcaster has passed over {@code frames} frames. */
  private record Deferred(int frames, Runnable action) {}

  private final ReentrantLock endsLock = new ReentrantLock();
  private final List<Deferred> afterPasses = new ArrayList<>();

  /**
   * Runs {@code action} once every broadcaster of the feed has finished the pass that called it
   * (each has woken every subscriber of its share for the frames that pass covered), or at once
   * when called from any other thread (a write that completed later, on Jetty's thread, holds no
   * pass back). So a run's end is written to every watcher before any of them is closed: a
   * WebSocket's close (its close frame, Jetty's and Javalin's close handling, the client's answer)
   * and the leave from the feed ran between two watchers' writes of the last event, on the same two
   * cores, and the watchers after them got it that much later.
   */
  void afterPass(Runnable action) {
    Thread current = Thread.currentThread();
    for (Shard shard : shards) {
      if (shard.thread == current) {
        // Due once every broadcaster has passed over all the frames there are now.
        int size = frames.length;
        endsLock.lock();
        try {
          afterPasses.add(new Deferred(size, action));
        } finally {
          endsLock.unlock();
        }
        return;
      }
    }
    action.run();
  }

  /** Runs the put-off actions every broadcaster has passed (all of them when the feed closed). */
  private void runEndsDue(boolean all) {
    int covered = Integer.MAX_VALUE;
    for (Shard shard : shards) {
      covered = Math.min(covered, shard.passed);
    }
    List<Runnable> due = new ArrayList<>();
    endsLock.lock();
    try {
      for (var it = afterPasses.iterator(); it.hasNext(); ) {
        Deferred deferred = it.next();
        if (all || deferred.frames() <= covered) {
          due.add(deferred.action());
          it.remove();
        }
      }
    } finally {
      endsLock.unlock();
    }
    for (Runnable action : due) {
      try {
        action.run();
      } catch (RuntimeException e) {
        log.warn("A watcher of {} could not be ended: {}", name, e.toString());
      }
    }
  }

  /**
   * Fills the feed on first use. {@code source} subscribes to the bus (whose events wait on this
   * lock) and then returns the stored events, so nothing falls between replay and live.
   */
  void loadOnce(java.util.function.Supplier<List<RecordedEvent>> source) {
    lock.lock();
    try {
      if (!loaded) {
        source.get().forEach(event -> appendLocked(event, false));
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
      if (appendLocked(event, true)) {
        feedLag.accept(epochNanos(Instant.now()) - epochNanos(event.at()));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether the event was new. */
  private boolean appendLocked(RecordedEvent event, boolean live) {
    if (event.seq() <= lastSeq) {
      return false;
    }
    Frame[] now = Arrays.copyOf(frames, frames.length + 1);
    now[now.length - 1] = Frame.of(event, live);
    frames = now;
    lastSeq = event.seq();
    for (Shard shard : shards) {
      shard.grown.release();
    }
    return true;
  }

  /** Adds a subscriber and wakes it once, for what the feed already holds. */
  void subscribe(Subscriber subscriber) {
    shards[Math.floorMod(dealt.getAndIncrement(), shards.length)].subscribers.add(subscriber);
    subscriber.wake();
  }

  void unsubscribe(Subscriber subscriber) {
    for (Shard shard : shards) {
      if (shard.subscribers.remove(subscriber)) {
        return;
      }
    }
  }

  /** Stops the broadcasters; the feed's last watcher left. */
  void close() {
    closed = true;
    for (Shard shard : shards) {
      shard.grown.release();
    }
  }

  /** The position of the first event after sequence number {@code after}. */
  int positionAfter(long after) {
    Frame[] now = frames;
    int position = 0;
    while (position < now.length && now[position].seq() <= after) {
      position++;
    }
    return position;
  }

  /**
   * Whether the frames end at {@code position} with a run's end: a watcher that has seen it (a
   * reconnect after the stream closed) has nothing to wait for.
   */
  boolean endedAt(int position) {
    Frame[] now = frames;
    return position > 0 && position == now.length && now[position - 1].terminal();
  }

  /** The frames from {@code position} on, without waiting; the same objects for everyone. */
  List<Frame> since(int position) {
    Frame[] now = frames;
    return position >= now.length
        ? List.of()
        : Collections.unmodifiableList(Arrays.asList(now).subList(position, now.length));
  }

  /**
   * The frames from {@code position} on, waiting up to {@code wait} for one to arrive; empty when
   * none did.
   */
  List<Frame> from(int position, Duration wait) throws InterruptedException {
    Waiter waiter = new Waiter();
    subscribe(waiter);
    try {
      return waiter.next(position, wait);
    } finally {
      unsubscribe(waiter);
    }
  }

  /** How many frames the feed holds; each was serialised exactly once. */
  int size() {
    return frames.length;
  }

  /** How many subscribers the broadcaster wakes, for tests. */
  int subscribers() {
    int count = 0;
    for (Shard shard : shards) {
      count += shard.subscribers.size();
    }
    return count;
  }

  /** A subscriber on a thread of its own that waits for frames: an SSE stream. */
  final class Waiter implements Subscriber {
    private final Semaphore bell = new Semaphore(0);

    @Override
    public void wake() {
      if (bell.availablePermits() == 0) {
        bell.release();
      }
    }

    /** The frames from {@code position} on, waiting up to {@code wait}; empty when none came. */
    List<Frame> next(int position, Duration wait) throws InterruptedException {
      long deadline = System.nanoTime() + wait.toNanos();
      while (true) {
        List<Frame> fresh = since(position);
        if (!fresh.isEmpty()) {
          return fresh;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || !bell.tryAcquire(left, TimeUnit.NANOSECONDS)) {
          return since(position);
        }
      }
    }
  }
}
