package dev.oats.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Where a live event's delay goes on its way to the watchers of SSE and WebSocket streams, as
 * Prometheus histograms: from the event's time to its place in the investigation's feed (the store
 * commit and the bus), from there to the start of a watcher's write (the broadcaster's pass and the
 * watcher's previous write still in flight), the write itself (Jetty until the bytes are in the
 * socket), and the whole, from the event's time to the write's end. Only events that became live
 * while the watcher was connected count, not the replay a watcher starts with.
 */
final class StreamMetrics {

  /** Fine below 100 ms (the live fan-out target), coarse above. */
  private static final Duration[] BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(20),
    Duration.ofMillis(30),
    Duration.ofMillis(50),
    Duration.ofMillis(70),
    Duration.ofMillis(100),
    Duration.ofMillis(150),
    Duration.ofMillis(200),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(5)
  };

  private final Timer feedLag;
  private final Transport sse;
  private final Transport ws;

  /** One transport's stages, per watcher and event. */
  record Transport(Timer queued, Timer written, Timer delivered) {}

  StreamMetrics(MeterRegistry registry) {
    feedLag =
        timer(
                "oats_event_stream_feed_lag",
                "From a live event's time to its place in the investigation's feed (store commit,"
                    + " bus)")
            .register(registry);
    sse = transport(registry, "sse");
    ws = transport(registry, "ws");
  }

  private static Transport transport(MeterRegistry registry, String name) {
    return new Transport(
        timer(
                "oats_event_stream_queued",
                "From a live event's place in the feed to the start of a watcher's write of it")
            .tag("transport", name)
            .register(registry),
        timer(
                "oats_event_stream_write",
                "A write to a watcher, from its start to the bytes in the socket (one or more"
                    + " events)")
            .tag("transport", name)
            .register(registry),
        timer(
                "oats_event_stream_delivery",
                "From a live event's time to the end of a watcher's write of it")
            .tag("transport", name)
            .register(registry));
  }

  private static Timer.Builder timer(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(BUCKETS);
  }

  void feedLag(long nanos) {
    feedLag.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  Transport sse() {
    return sse;
  }

  Transport ws() {
    return ws;
  }
}
