package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A run's end is written to every watcher, by every broadcaster, before any of them is closed: a
 * watcher puts its close off with {@link EventFeed#afterPass}, as the streams' watchers do when
 * their last event was written, so a close (a WebSocket's close frame and Jetty's close handling)
 * does not hold the last event back from the watchers after it, in its share or another's.
 */
class EventFeedAfterPassTest {

  private static final int WATCHERS = 300;

  @Test
  void everyWatcherIsWrittenTheLastEventBeforeAnyIsClosed() throws Exception {
    // Two broadcasters, each with half the watchers: no close before both have passed.
    EventFeed feed = new EventFeed("after-pass-test", 2, lag -> {});
    feed.loadOnce(List::of);
    AtomicInteger written = new AtomicInteger();
    ConcurrentLinkedQueue<Integer> writtenWhenClosed = new ConcurrentLinkedQueue<>();
    CountDownLatch closed = new CountDownLatch(WATCHERS);
    try {
      for (int i = 0; i < WATCHERS; i++) {
        feed.subscribe(
            new EventFeed.Subscriber() {
              boolean ended;

              @Override
              public void wake() {
                // Called by the broadcaster once the feed holds the end; a watcher whose write
                // completed at once (a loopback socket's buffer) ends its stream from here.
                if (!ended && feed.size() > 0) {
                  ended = true;
                  written.incrementAndGet();
                  feed.afterPass(
                      () -> {
                        writtenWhenClosed.add(written.get());
                        closed.countDown();
                      });
                }
              }
            });
      }

      feed.offer(
          new RecordedEvent(1, Instant.now(), new AgentEvent.Finished("done", 1, Usage.ZERO)));

      assertThat(closed.await(10, TimeUnit.SECONDS)).as("every watcher was closed").isTrue();
      assertThat(writtenWhenClosed)
          .as("how many watchers had the last event when each close ran")
          .hasSize(WATCHERS)
          .allMatch(count -> count == WATCHERS);
    } finally {
      feed.close();
    }
  }

  @Test
  void anEndAskedForOffTheBroadcasterRunsAtOnce() {
    EventFeed feed = new EventFeed("after-pass-other-thread", 1, lag -> {});
    try {
      AtomicInteger ran = new AtomicInteger();
      // A write that completed later, on Jetty's thread: no pass to wait for.
      feed.afterPass(ran::incrementAndGet);
      assertThat(ran).hasValue(1);
    } finally {
      feed.close();
    }
  }
}
