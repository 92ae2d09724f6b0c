package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import dev.oats.testkit.FakeModelServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent's delivery of events, against a real HTTP server that behaves like OATS's. */
class EventDeliveryTest {

  private static final String ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
  private static final EventDelivery.Timing FAST =
      new EventDelivery.Timing(
          Duration.ofMillis(100),
          Duration.ofMillis(50),
          Duration.ofMillis(200),
          Duration.ofSeconds(2));

  private InvestigationsServer server;
  private EventDelivery delivery;

  @BeforeEach
  void start() throws IOException {
    server = new InvestigationsServer();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (delivery != null) {
      delivery.close();
    }
    server.close();
  }

  private EventDelivery deliver(String token) {
    delivery = new EventDelivery(server.url(), ID, token, FAST);
    return delivery;
  }

  private static List<RecordedEvent> run(int thoughts, String thoughtText) {
    List<RecordedEvent> events = new ArrayList<>();
    Instant at = Instant.parse("2026-01-10T10:00:00Z");
    events.add(
        new RecordedEvent(
            1,
            at,
            new AgentEvent.Started(
                "why?", "shop", "claude-test", "native", 15, List.of("kubectl_info", "finish"))));
    for (int i = 0; i < thoughts; i++) {
      events.add(
          new RecordedEvent(
              events.size() + 1, at.plusSeconds(i), new AgentEvent.Thought(1, thoughtText + i)));
    }
    events.add(
        new RecordedEvent(
            events.size() + 1,
            at.plusSeconds(60),
            new AgentEvent.Finished("## Root cause\nOOM.", 1, Usage.ZERO)));
    return events;
  }

  @Test
  void everyEventArrivesInOrderWithTheTokenAndTheLastOneAtOnce() throws Exception {
    // Events would gather for 10 s; the terminal one sends them at once.
    delivery =
        new EventDelivery(
            server.url(),
            ID,
            "token-1",
            new EventDelivery.Timing(
                Duration.ofSeconds(10),
                Duration.ofMillis(50),
                Duration.ofMillis(200),
                Duration.ofSeconds(2)));
    List<RecordedEvent> events = run(3, "Looking at pods ");

    events.forEach(delivery);

    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.stored().size() < events.size() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.stored()).isEqualTo(json(events));
    assertThat(delivery.finish(Duration.ofSeconds(5))).isTrue();
    assertThat(server.requests())
        .allSatisfy(
            r -> {
              assertThat(r.authorization()).isEqualTo("Bearer token-1");
              assertThat(r.path()).isEqualTo("/internal/investigations/" + ID + "/events");
            });
    assertThat(server.requests().getFirst().seqs())
        .as("the first request asks where to start")
        .isEmpty();
    assertThat(server.requests().stream().filter(r -> !r.seqs().isEmpty()).count())
        .as("events sent together")
        .isLessThan(events.size());
  }

  @Test
  void aServerThatAnswers503IsRetriedUntilItTakesTheEvents() throws Exception {
    EventDelivery delivery = deliver("token-1");
    assertThat(delivery.awaitServer(Duration.ofSeconds(5))).isTrue();
    server.fail(Fault.UNAVAILABLE, Fault.UNAVAILABLE);
    List<RecordedEvent> events = run(2, "Thinking ");

    events.forEach(delivery);

    assertThat(delivery.finish(Duration.ofSeconds(5))).isTrue();
    assertThat(server.stored()).isEqualTo(json(events));
    assertThat(server.requests().stream().filter(r -> r.status() == 503)).hasSize(2);
  }

  @Test
  void aBatchWhoseAnswerWasLostIsResentAndStoredOnce() throws Exception {
    EventDelivery delivery = deliver("token-1");
    assertThat(delivery.awaitServer(Duration.ofSeconds(5))).isTrue();
    server.fail(Fault.STORED_BUT_ANSWER_LOST);
    List<RecordedEvent> events = run(2, "Thinking ");

    events.forEach(delivery);

    assertThat(delivery.finish(Duration.ofSeconds(5))).isTrue();
    List<Request> withEvents = server.requests().stream().filter(r -> !r.seqs().isEmpty()).toList();
    assertThat(withEvents.get(0).status()).isEqualTo(500);
    assertThat(withEvents.get(1).seqs())
        .as("the same events, with the same numbers")
        .isEqualTo(withEvents.get(0).seqs());
    assertThat(server.stored()).isEqualTo(json(events));
  }

  @Test
  void aRetriedJobsEventsFollowTheEarlierAttempts() throws Exception {
    List<RecordedEvent> earlier = run(1, "First attempt ");
    server.store(earlier.subList(0, 2));
    EventDelivery delivery = deliver("token-1");

    List<RecordedEvent> again = run(1, "Second attempt ");
    again.forEach(delivery);

    assertThat(delivery.finish(Duration.ofSeconds(5))).isTrue();
    assertThat(server.stored().keySet()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(server.stored().get(3L)).contains("\"type\":\"started\"");
    assertThat(server.stored().get(4L)).contains("Second attempt 0");
  }

  @Test
  void whenTheServerHasEndedTheInvestigationTheAgentIsToldAndSendsNothing() throws Exception {
    server.status("failed");
    EventDelivery delivery = deliver("token-1");

    assertThat(delivery.awaitServer(Duration.ofSeconds(5))).isTrue();
    assertThat(delivery.endedOnServer()).contains("failed");
    run(1, "x").forEach(delivery);
    delivery.finish(Duration.ofSeconds(1));
    assertThat(server.stored()).isEmpty();
  }

  @Test
  void aRefusedTokenStopsDeliveryWithoutRetrying() throws Exception {
    server.fail(Fault.UNAUTHORIZED);
    EventDelivery delivery = deliver("stolen");
    run(1, "x").forEach(delivery);

    long started = System.nanoTime();
    assertThat(delivery.finish(Duration.ofSeconds(30))).isFalse();

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void anUnreachableServerIsGivenUpAtTheDeadline() throws Exception {
    delivery =
        new EventDelivery(
            "http://127.0.0.1:" + FakeModelServer.unusedLocalPort(), ID, "token-1", FAST);
    run(1, "x").forEach(delivery);

    long started = System.nanoTime();
    assertThat(delivery.finish(Duration.ofMillis(800))).isFalse();

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isBetween(Duration.ofMillis(700), Duration.ofSeconds(10));
  }

  @Test
  void largeEventsTravelInBatchesTheServerAccepts() throws Exception {
    EventDelivery delivery = deliver("token-1");
    List<RecordedEvent> events = run(12, "y".repeat(20_000));

    events.forEach(delivery);

    assertThat(delivery.finish(Duration.ofSeconds(10))).isTrue();
    assertThat(server.stored()).isEqualTo(json(events));
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.bytes()).isLessThan(64 * 1024));
  }

  private static Map<Long, String> json(List<RecordedEvent> events) {
    Map<Long, String> byseq = new TreeMap<>();
    events.forEach(e -> byseq.put(e.seq(), EventJson.write(e)));
    return byseq;
  }

  /** What the fake server does with the next request. */
  enum Fault {
    UNAVAILABLE,
    STORED_BUT_ANSWER_LOST,
    UNAUTHORIZED
  }

  @Test
  void aTokenInAFileIsReadAnewForEachRequestSoThatARotatedPodTokenIsSent(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("token");
    java.nio.file.Files.writeString(file, "pod-token-1\n");
    Map<String, String> env =
        Map.of(
            "OATS_SERVER_URL", server.url(),
            "OATS_INVESTIGATION_ID", ID,
            "OATS_EVENT_TOKEN_FILE", file.toString());
    assertThat(EventDelivery.configured(env)).isTrue();
    delivery = new EventDelivery(server.url(), ID, new EventDelivery.TokenFile(file), FAST);
    List<RecordedEvent> events = run(2, "Looking at pods ");

    delivery.accept(events.getFirst());
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (server.stored().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // The kubelet rewrites the projected token before it expires.
    java.nio.file.Files.writeString(file, "pod-token-2");
    events.subList(1, events.size()).forEach(delivery);
    assertThat(delivery.finish(Duration.ofSeconds(5))).isTrue();

    assertThat(server.stored()).isEqualTo(json(events));
    assertThat(server.requests().getFirst().authorization()).isEqualTo("Bearer pod-token-1");
    assertThat(server.requests().getLast().authorization()).isEqualTo("Bearer pod-token-2");
  }

  @Test
  void aTokenFileThatCannotBeReadIsSaidAtTheStart(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    java.nio.file.Path missing = dir.resolve("no-such-token");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EventDelivery.TokenFile(missing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("OATS_EVENT_TOKEN_FILE")
        .hasMessageContaining(missing.toString());
  }

  record Request(String path, String authorization, List<Long> seqs, int bytes, int status) {}

  /** OATS's delivery endpoint in miniature: one event per sequence number, faults on demand. */
  static final class InvestigationsServer implements AutoCloseable {
    private final HttpServer http;
    private final TreeMap<Long, String> stored = new TreeMap<>();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String status = "running";
    private final java.util.Set<String> keys = new java.util.HashSet<>();

    InvestigationsServer() throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext("/internal/investigations/", this::handle);
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    void fail(Fault... next) {
      faults.addAll(List.of(next));
    }

    void status(String status) {
      this.status = status;
    }

    /** Stores as the server does: a resent key is skipped, a new one takes the next number. */
    synchronized void store(String runId, List<RecordedEvent> events) {
      for (RecordedEvent e : events) {
        if (keys.add(runId + ":" + e.seq())) {
          stored.put(stored.isEmpty() ? 1 : stored.lastKey() + 1, EventJson.write(e));
        }
      }
    }

    synchronized void store(List<RecordedEvent> events) {
      store("earlier-run", events);
    }

    synchronized Map<Long, String> stored() {
      return new TreeMap<>(stored);
    }

    List<Request> requests() {
      return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
      byte[] body = exchange.getRequestBody().readAllBytes();
      List<RecordedEvent> events = new ArrayList<>();
      JsonNode request = EventJson.MAPPER.readTree(body);
      String runId = request.path("run_id").asText();
      for (JsonNode node : request.path("events")) {
        events.add(EventJson.MAPPER.treeToValue(node, RecordedEvent.class));
      }
      Fault fault = faults.poll();
      int code =
          fault == null
              ? 200
              : switch (fault) {
                case UNAVAILABLE -> 503;
                case STORED_BUT_ANSWER_LOST -> 500;
                case UNAUTHORIZED -> 401;
              };
      if (fault == null || fault == Fault.STORED_BUT_ANSWER_LOST) {
        store(runId, events);
      }
      requests.add(
          new Request(
              exchange.getRequestURI().getPath(),
              exchange.getRequestHeaders().getFirst("Authorization"),
              events.stream().map(RecordedEvent::seq).toList(),
              body.length,
              code));
      long last;
      synchronized (this) {
        last = stored.isEmpty() ? 0 : stored.lastKey();
      }
      String answer =
          code == 200
              ? EventJson.write(
                  Map.of("accepted", events.size(), "last_seq", last, "status", status))
              : "{\"error\": {\"code\": \"x\", \"message\": \"fault " + fault + "\"}}";
      byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(code, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
