package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A feed's subscribers are dealt to several broadcaster threads, which write to their shares in
 * parallel: the writes to one share (a thousand sockets, one system call each) do not hold back the
 * subscribers of another.
 */
class EventFeedBroadcastersTest {

  /**
   * A subscriber whose wake, once the feed holds an event, takes until {@code done} (a long write).
   */
  private static EventFeed.Subscriber slow(
      EventFeed feed, CountDownLatch entered, CountDownLatch done) {
    return () -> {
      if (feed.size() > 0 && entered.getCount() > 0) {
        entered.countDown();
        try {
          done.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void aShareThatTakesLongToWriteDoesNotDelayAnotherShare() throws Exception {
    assumeTrue(
        Runtime.getRuntime().availableProcessors() >= 2,
        "one core: one broadcaster, nothing to write in parallel");
    EventFeed feed = new EventFeed("broadcasters-test");
    feed.loadOnce(List::of);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    CountDownLatch arrived = new CountDownLatch(1);
    try {
      // Dealt in turn: the slow one to the first broadcaster, the quick one to the second.
      feed.subscribe(slow(feed, entered, done));
      feed.subscribe(
          () -> {
            if (feed.size() > 0) {
              arrived.countDown();
            }
          });
      assertThat(feed.subscribers()).isEqualTo(2);

      feed.offer(new RecordedEvent(1, Instant.now(), new AgentEvent.TurnStarted(1, 15)));

      assertThat(entered.await(10, TimeUnit.SECONDS))
          .as("the slow share is being written")
          .isTrue();
      assertThat(arrived.await(5, TimeUnit.SECONDS))
          .as("the other share is woken while the first is still being written")
          .isTrue();
      assertThat(done.getCount()).as("the first share's write has not finished").isEqualTo(1);
    } finally {
      done.countDown();
      feed.close();
    }
  }
}
