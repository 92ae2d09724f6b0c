package dev.oats.server;

import static dev.oats.server.ServerHarness.KEY;
import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.store.AppendResult;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.EventNotifications;
import dev.oats.store.PostgresExtension;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server replicas on one real PostgreSQL behave as one server: an event appended on one reaches
 * live subscribers of the other within 100 ms, in order and once, even across a dropped listener
 * connection; a decision taken on either reaches the waiting run; a ticket from one opens a socket
 * on the other; both answer the same progress.
 */
class ReplicasTest {

  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  private static final Duration WITHIN = Duration.ofSeconds(20);

  @TempDir Path dir;
  DatabaseConfig database;
  ServerHarness a;
  ServerHarness b;
  ServerHarness c;
  TcpProxy proxy;

  @BeforeEach
  void startTwoReplicas() throws Exception {
    database = POSTGRES.newDatabase();
    a = replica("a");
    b = replica("b");
  }

  @AfterEach
  void stop() throws Exception {
    if (a != null) {
      a.close();
    }
    if (b != null) {
      b.close();
    }
    if (c != null) {
      c.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private ServerHarness replica(String name) throws Exception {
    return replica(name, database.url());
  }

  private ServerHarness replica(String name, String url) throws Exception {
    ServerHarness replica = new ServerHarness(dir.resolve(name));
    replica.env.put("PATH", System.getenv("PATH"));
    replica.env.put("OATS_API_KEYS", "alice=" + KEY);
    replica.env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    if (a != null) {
      // One model for both: its replies are taken in order, by whichever replica runs the turn.
      replica.env.put("ANTHROPIC_BASE_URL", a.model.baseUrl());
    }
    replica.env.put("OATS_DB_URL", url);
    if (database.user() != null) {
      replica.env.put("OATS_DB_USER", database.user());
    }
    return replica.start();
  }

  @Test
  void eventsAppendedOnOneReplicaReachWatchersOfTheOtherWithin100msInOrderAndOnce()
      throws Exception {
    String id = parkedOn(a, "watch from the other replica", "bus.txt");
    long before = lastSeq(id);
    // A ticket minted on A opens the WebSocket on B.
    String ticket = ticket(a, id);
    try (LiveWatcher sse = LiveWatcher.sse(b.http, b.url(eventsPath(id)), KEY);
        LiveWatcher socket = LiveWatcher.socket(b.http, socketUrl(b, id) + "?ticket=" + ticket)) {
      sse.awaitSeq(before, WITHIN);
      socket.awaitSeq(before, WITHIN);

      List<Long> sentAt = new ArrayList<>();
      List<Long> committedAt = new ArrayList<>();
      List<Long> seqs = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        long start = System.nanoTime();
        seqs.add(appendOn(a, id, new AgentEvent.Warning("tick " + i)));
        sentAt.add(start);
        committedAt.add(System.nanoTime());
        Thread.sleep(i % 10 == 0 ? 40 : 5);
      }
      sse.awaitSeq(seqs.getLast(), WITHIN);
      socket.awaitSeq(seqs.getLast(), WITHIN);

      Latency overSse = Latency.of("SSE on B", seqs, sentAt, sse);
      Latency overSocket = Latency.of("WebSocket on B", seqs, sentAt, socket);
      System.out.println(
          overSse
              + "\n"
              + overSocket
              + "\n"
              + Latency.of("SSE on B, from A's commit", seqs, committedAt, sse));
      // Live, not at the next check: without a notice B reads the store again only every 10 s
      // (IDLE_CHECK). Bounds on the median and the maximum, not on the tail, which a loaded
      // machine stretches (p95 149 ms seen at load 20); the tail is bench/fanout.sh's to measure.
      assertThat(overSse.medianMillis()).as(overSse.toString()).isLessThan(100);
      assertThat(overSocket.medianMillis()).as(overSocket.toString()).isLessThan(100);
      assertThat(overSse.maxMillis()).as(overSse.toString()).isLessThan(1_000);
      assertThat(overSocket.maxMillis()).as(overSocket.toString()).isLessThan(1_000);

      // Cancelled on A: the stream on B ends with that event, and held every event once.
      assertThat(a.post("/investigations/" + id + "/cancel", "").statusCode()).isIn(200, 202);
      assertThat(b.awaitEnd(id).path("status").asText()).isEqualTo("cancelled");
      sse.awaitEnd(WITHIN);
      socket.awaitEnd(WITHIN);
      List<Long> stored = storedSeqs(id);
      assertThat(sse.seqs()).isEqualTo(stored);
      assertThat(socket.seqs()).isEqualTo(stored);
    }
  }

  @Test
  void aListenerConnectionCutMidStreamCatchesUpEverythingItMissed() throws Exception {
    String id = parkedOn(a, "survive a dropped listener", "cut.txt");
    try (LiveWatcher sse = LiveWatcher.sse(b.http, b.url(eventsPath(id)), KEY)) {
      sse.awaitSeq(lastSeq(id), WITHIN);
      for (int i = 1; i <= 10; i++) {
        appendOn(a, id, new AgentEvent.Warning("before the cut " + i));
      }
      sse.awaitSeq(lastSeq(id), WITHIN);

      List<Integer> cut = terminateListeners();
      assertThat(cut).as("listener connections terminated").hasSize(2);
      awaitGone(cut);
      // Appended while B listens to nothing (it waits 100 ms before reconnecting), and nothing
      // after them: only B's catch-up once it listens again can deliver these.
      long last = 0;
      for (int i = 1; i <= 3; i++) {
        last = appendOn(a, id, new AgentEvent.Warning("during the cut " + i));
      }

      sse.awaitSeq(last, WITHIN);
      assertThat(sse.seqs()).isEqualTo(storedSeqs(id));
    }
  }

  @Test
  void aDecisionTakenOnEitherReplicaReachesTheRunWaitingOnTheOther() throws Exception {
    String first = parkedOn(a, "decide on the other replica", "decided-on-b.txt");
    String second = parkedOn(b, "decide on the first replica", "decided-on-a.txt");

    try (LiveWatcher onA = LiveWatcher.sse(a.http, a.url(eventsPath(first)), KEY)) {
      decide(b, first, "decided-on-b.txt");
      JsonNode done = a.awaitEnd(first);
      assertThat(done.path("status").asText()).isEqualTo("succeeded");
      assertThat(done.path("report").asText()).isEqualTo("done with decided-on-b.txt");
      onA.awaitEnd(WITHIN);
      assertThat(onA.seqs()).isEqualTo(storedSeqs(first));
    }
    decide(a, second, "decided-on-a.txt");
    assertThat(b.awaitEnd(second).path("status").asText()).isEqualTo("succeeded");
    assertThat(dir.resolve("workspace/decided-on-b.txt")).exists();
    assertThat(dir.resolve("workspace/decided-on-a.txt")).exists();
    JsonNode decision =
        types(first).stream()
            .filter(e -> e.path("type").asText().equals("approval_decided"))
            .findFirst()
            .orElseThrow();
    assertThat(decision.path("decided_by").asText()).isEqualTo("alice");
  }

  @Test
  void aTicketFromOneReplicaOpensOneSocketOnAnyAndATamperedOneNone() throws Exception {
    String id = parkedOn(a, "tickets across replicas", "ticket.txt");
    String ticket = ticket(a, id);
    String onB = socketUrl(b, id) + "?ticket=";
    char last = ticket.charAt(ticket.length() - 1);
    String tampered = ticket.substring(0, ticket.length() - 1) + (last == 'A' ? 'B' : 'A');

    assertThat(upgrade(onB + tampered)).isEqualTo(401);
    assertThat(upgrade(onB + ticket(a, "another-investigation"))).isEqualTo(401);
    try (LiveWatcher socket = LiveWatcher.socket(b.http, onB + ticket)) {
      socket.awaitSeq(1, WITHIN);
    }
    // Used on B: refused on A too.
    assertThat(upgrade(socketUrl(a, id) + "?ticket=" + ticket)).isEqualTo(401);
  }

  @Test
  void bothReplicasAnswerTheSameProgressAfterEventsAppendedOnEither() throws Exception {
    String id = parkedOn(a, "count on both", "progress.txt");
    assertThat(progress(b, id)).isEqualTo(progress(a, id));
    assertThat(progress(b, id).path("waiting_approvals")).hasSize(1);

    // B has folded the log up to here; events appended on A must show on B at once.
    appendOn(
        a,
        id,
        new AgentEvent.ToolCalled(
            2,
            "call-x",
            "kubectl_info",
            ServerHarness.JSON.createObjectNode().put("kind", "pods")));
    assertThat(progress(b, id).path("last_tool").asText()).isEqualTo("kubectl_info");
    assertThat(progress(b, id)).isEqualTo(progress(a, id));

    appendOn(b, id, new AgentEvent.ModelUsage(2, new dev.oats.model.Usage(100, 20, 0, 0), 12));
    appendOn(b, id, new AgentEvent.TurnStarted(2, 15));
    assertThat(progress(a, id)).isEqualTo(progress(b, id));
    assertThat(b.post("/investigations/" + id + "/cancel", "").statusCode()).isIn(200, 202);
    a.awaitEnd(id);
    JsonNode onA = progress(a, id);
    assertThat(progress(b, id)).isEqualTo(onA);
    assertThat(onA.path("status").asText()).isEqualTo("cancelled");
    assertThat(onA.path("runs").asInt()).isEqualTo(1);
    assertThat(onA.path("turns").asInt()).isEqualTo(2);
    assertThat(onA.path("waiting_approvals")).isEmpty();
    assertThat(onA.path("tokens").path("input_tokens").asLong()).isEqualTo(110);
  }

  @Test
  void aReplicaCutOffFromTheDatabaseIsNotReadyAndCatchesUpWhenItIsBack() throws Exception {
    URI target = URI.create(database.url().substring("jdbc:".length()));
    proxy = new TcpProxy(target.getPort());
    c =
        replica(
            "c", database.url().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"));
    assertThat(c.get("/readyz").statusCode()).isEqualTo(200);
    String id = parkedOn(a, "lose the database", "lost.txt");

    try (LiveWatcher sse = LiveWatcher.sse(c.http, c.url(eventsPath(id)), KEY)) {
      sse.awaitSeq(lastSeq(id), WITHIN);
      proxy.cut();
      long start = System.nanoTime();
      HttpResponse<String> cutOff = c.get("/readyz");
      long tookMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(cutOff.statusCode()).as(cutOff.body()).isEqualTo(503);
      assertThat(json(cutOff).at("/error/code").asText()).isEqualTo("not_ready");
      assertThat(tookMillis).as("/readyz answers without waiting out the pool").isLessThan(5_000);
      assertThat(b.get("/readyz").statusCode()).as("the other replica").isEqualTo(200);

      // Stored while C cannot hear of them; nothing is stored after them.
      long last = 0;
      for (int i = 1; i <= 5; i++) {
        last = appendOn(a, id, new AgentEvent.Warning("while C is cut off " + i));
      }
      proxy.restore();

      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (c.get("/readyz").statusCode() != 200) {
        assertThat(System.nanoTime()).as("ready again").isLessThan(deadline);
        Thread.sleep(100);
      }
      sse.awaitSeq(last, WITHIN);
      assertThat(sse.seqs()).isEqualTo(storedSeqs(id));
    }
  }

  @Test
  void aReplicaWhoseDatabaseStopsAnsweringIsNotReadyWithinSeconds() throws Exception {
    URI target = URI.create(database.url().substring("jdbc:".length()));
    proxy = new TcpProxy(target.getPort());
    c =
        replica(
            "c", database.url().replace(":" + target.getPort() + "/", ":" + proxy.port() + "/"));
    assertThat(c.get("/readyz").statusCode()).isEqualTo(200);
    // Past the pool's window in which it hands out an idle connection without checking it.
    Thread.sleep(1_000);

    proxy.freeze();
    long start = System.nanoTime();
    HttpResponse<String> hung = c.get("/readyz");
    long tookMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(hung.statusCode()).as(hung.body()).isEqualTo(503);
    assertThat(tookMillis).as("/readyz answers without waiting on the database").isLessThan(4_000);
  }

  // ---- helpers ----

  /** Submits on {@code replica} a goal whose first call waits for approval, until it has parked. */
  private String parkedOn(ServerHarness replica, String goal, String file) throws Exception {
    a.model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch " + file + "\"}")
            .withText("Make the file."));
    String id = replica.submit(goal);
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (types(id).stream().noneMatch(e -> e.path("type").asText().equals("paused"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("never parked: " + types(id));
      }
      Thread.sleep(20);
    }
    return id;
  }

  private long appendOn(ServerHarness replica, String id, AgentEvent event) {
    AppendResult result = replica.server.service().append(id, null, Instant.now(), event);
    return ((AppendResult.Appended) result).event().seq();
  }

  private long lastSeq(String id) {
    return a.server.service().store().lastSeq(id);
  }

  private List<Long> storedSeqs(String id) {
    return a.server.service().store().events(id, 0).stream().map(RecordedEvent::seq).toList();
  }

  private List<JsonNode> types(String id) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    json(a.get(eventsPath(id))).get("events").forEach(e -> events.add(e.path("event")));
    return events;
  }

  private static String eventsPath(String id) {
    return "/investigations/" + id + "/events";
  }

  private static String socketUrl(ServerHarness replica, String id) {
    return replica.url("/ws/investigations/" + id).replace("http://", "ws://");
  }

  private static String ticket(ServerHarness replica, String id) throws Exception {
    HttpResponse<String> issued =
        replica.post("/ws-tickets", "{\"investigation_id\": \"" + id + "\"}");
    assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
    return json(issued).get("ticket").asText();
  }

  private int upgrade(String url) throws Exception {
    try {
      LiveWatcher.socket(b.http, url).close();
      return 101;
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw e;
    }
  }

  /** Approves the held call on {@code replica}; the resumed run's model then finishes. */
  private void decide(ServerHarness replica, String id, String file) throws Exception {
    a.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done with " + file + "\"}"));
    JsonNode waiting = json(replica.get("/investigations/" + id)).path("waiting_approvals");
    assertThat(waiting).as("waiting approvals seen by the deciding replica").hasSize(1);
    HttpResponse<String> decided =
        replica.post(
            "/investigations/" + id + "/approvals/" + waiting.get(0).path("call_id").asText(),
            "{\"approve\": true}");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
  }

  /** The investigation as a replica shows it, without what changes by the second. */
  private static JsonNode progress(ServerHarness replica, String id) throws Exception {
    var view =
        (com.fasterxml.jackson.databind.node.ObjectNode) json(replica.get("/investigations/" + id));
    view.remove("duration_ms");
    view.remove("command_to_check_logs");
    view.path("waiting_approvals")
        .forEach(w -> ((com.fasterxml.jackson.databind.node.ObjectNode) w).remove("seconds_left"));
    return view;
  }

  /**
   * Ends every replica's listening connection, as a database failover would; returns their process
   * ids.
   */
  private List<Integer> terminateListeners() throws Exception {
    List<Integer> pids = new ArrayList<>();
    try (Connection c = connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT pid, pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = '"
                    + EventNotifications.APPLICATION_NAME
                    + "' AND datname = current_database()")) {
      while (rs.next()) {
        if (rs.getBoolean(2)) {
          pids.add(rs.getInt(1));
        }
      }
    }
    return pids;
  }

  /** Waits until the backends have exited, so that nothing more reaches their clients. */
  private void awaitGone(List<Integer> pids) throws Exception {
    String list = pids.stream().map(String::valueOf).reduce((x, y) -> x + "," + y).orElseThrow();
    try (Connection c = connect();
        Statement s = c.createStatement()) {
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (true) {
        try (ResultSet rs =
            s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + list + ")")) {
          rs.next();
          if (rs.getInt(1) == 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("backends " + list + " never exited");
        }
        Thread.sleep(1);
      }
    }
  }

  private Connection connect() throws Exception {
    Properties login = new Properties();
    if (database.user() != null) {
      login.setProperty("user", database.user());
    }
    return DriverManager.getConnection(database.url(), login);
  }

  /** How long events took from the start of their append on A to a watcher on B. */
  record Latency(String where, long[] micros) {
    static Latency of(String where, List<Long> seqs, List<Long> sentAt, LiveWatcher watcher) {
      long[] micros = new long[seqs.size()];
      for (int i = 0; i < seqs.size(); i++) {
        micros[i] = (watcher.arrivedAt(seqs.get(i)) - sentAt.get(i)) / 1_000;
      }
      java.util.Arrays.sort(micros);
      return new Latency(where, micros);
    }

    long medianMillis() {
      return micros[micros.length / 2] / 1_000;
    }

    long maxMillis() {
      return micros[micros.length - 1] / 1_000;
    }

    @Override
    public String toString() {
      return "%s: %d events, median %.1f ms, p95 %.1f ms, max %.1f ms"
          .formatted(
              where,
              micros.length,
              micros[micros.length / 2] / 1000.0,
              micros[(int) Math.ceil(micros.length * 0.95) - 1] / 1000.0,
              micros[micros.length - 1] / 1000.0);
    }
  }
}
