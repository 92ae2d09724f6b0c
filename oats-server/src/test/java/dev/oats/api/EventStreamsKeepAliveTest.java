package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An SSE stream gets a keep-alive only after a whole heartbeat without a write: a stream that just
 * carried an event is not written to again for nothing.
 */
class EventStreamsKeepAliveTest {

  private static final long HEARTBEAT = TimeUnit.SECONDS.toNanos(15);

  @Test
  void aStreamThatJustCarriedAnEventWaitsTheRestOfTheHeartbeat() {
    long event = 1_000_000_000L;
    assertThat(EventStreams.keepAliveDue(event, event + TimeUnit.SECONDS.toNanos(1), HEARTBEAT))
        .isEqualTo(TimeUnit.SECONDS.toNanos(14));
    assertThat(
            EventStreams.keepAliveDue(
                event, event + HEARTBEAT - TimeUnit.MILLISECONDS.toNanos(1), HEARTBEAT))
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1));
  }

  @Test
  void aQuietStreamGetsItsKeepAliveWhenTheHeartbeatIsUp() {
    long write = -5_000_000_000L; // nanoTime may be negative
    assertThat(EventStreams.keepAliveDue(write, write + HEARTBEAT, HEARTBEAT)).isZero();
    assertThat(EventStreams.keepAliveDue(write, write + 3 * HEARTBEAT, HEARTBEAT)).isZero();
  }
}
