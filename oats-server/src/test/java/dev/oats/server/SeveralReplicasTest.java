package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.store.PostgresServer;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three server processes on one real PostgreSQL behave as one server: a round-robin client submits
 * 300 investigations (a fake model answers each after a short wait), one replica is killed with
 * {@code kill -9} in the middle and started again, and still every investigation ends exactly once,
 * the cap on running investigations holds across the replicas at every sample, and what ran on the
 * killed replica fails with "replica lost".
 *
 * <p>Every fifteenth investigation is watched over SSE on a replica other than the one it was
 * submitted to (never on the killed one, whose streams die with it): each stream holds every stored
 * event once, in order, live (the first before the run has ended), and ends with the terminal event
 * the database holds; one of what the killed replica ran is watched too, subscribed right after the
 * kill, and its stream ends with "replica lost". Three investigations park for approval before the
 * load; each is approved, under the load, on a replica other than the one running it, and the
 * waiting run resumes and succeeds, the decision carrying the key's name.
 */
class SeveralReplicasTest {

  private static final int CAP = 10;
  private static final int INVESTIGATIONS = 300;
  private static final String KEY = "replicas-api-key-0123456789abcdef";
  private static final String KEY_NAME = "alice";
  private static final int WATCH_EVERY = 15;
  private static final int APPROVALS = 3;
  private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<Replica> started = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, Watch> watches = new ConcurrentHashMap<>();

  /** A subscription to {@code id}'s events on {@code watchedOn}, opened right after the submit. */
  private record Watch(
      String id, String submittedTo, String watchedOn, boolean live, LiveWatcher watcher) {}

  /**
   * Wall-clock nanoseconds minus {@link System#nanoTime}, to compare arrivals with stored times.
   */
  private static final long WALL_MINUS_NANO =
      System.currentTimeMillis() * 1_000_000 - System.nanoTime();

  @AfterEach
  void stopReplicas() {
    synchronized (started) {
      started.forEach(Replica::kill9);
    }
  }

  @Test
  void threeReplicasEndEveryInvestigationOnceUnderOneCapThroughAKill9AndARestart()
      throws Exception {
    long began = System.nanoTime();
    // Closed in reverse: the replicas stop before the model and the database go.
    try (PostgresServer postgres = PostgresServer.obtain();
        FakeAnthropicServer model = FakeAnthropicServer.start();
        AutoCloseable replicasStop = this::stopReplicas) {
      String schema = "replicas";
      try (Connection c = postgres.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
      }
      Map<String, String> env = new HashMap<>();
      env.put("OATS_DB_URL", postgres.urlWithSchema(schema));
      if (postgres.user() != null) {
        env.put("OATS_DB_USER", postgres.user());
      }
      env.put("ANTHROPIC_API_KEY", "sk-ant-test-0123456789");
      env.put("ANTHROPIC_BASE_URL", model.baseUrl());
      env.put("OATS_MAX_CONCURRENT", Integer.toString(CAP));
      // Short enough to recover within the test, long enough for a busy machine to renew in time.
      env.put("OATS_LEASE_SECONDS", "10");
      env.put("OATS_DISPATCH_TICK_MILLIS", "200");

      // All three at once: they migrate the schema together (Flyway takes a lock for that).
      AtomicReferenceArray<Replica> replicas = new AtomicReferenceArray<>(3);
      List<Thread> starting = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int slot = i;
        starting.add(
            Thread.ofVirtual()
                .start(() -> replicas.set(slot, start("replica-" + (char) ('a' + slot), env))));
      }
      for (Thread t : starting) {
        t.join();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(replicas.get(i)).as("replica %d started", i).isNotNull();
      }

      long replicasUp = System.nanoTime();
      try (Connection db = postgres.connect()) {
        db.setSchema(schema);
        // Before the load, while the model's queue is theirs alone: three runs park on a command
        // that needs approval.
        Map<String, String> parked = new HashMap<>();
        for (int k = 0; k < APPROVALS; k++) {
          String file = "approved-" + k + ".txt";
          model.enqueue(
              ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch " + file + "\"}")
                  .withText("Make the file."));
          String id = submit(replicas.get(k), "approval question " + k);
          awaitStatus(db, id, "WAITING_FOR_APPROVAL", Instant.now().plusSeconds(30));
          parked.put(id, file);
        }
        // Spare replies for the calls the killed replica made and never got answers to. One in
        // eight is slow, so that when the killed replica comes back the others are in the middle
        // of some investigations, which its start must leave alone. The approved runs take theirs
        // from here too.
        for (int i = 0; i < INVESTIGATIONS + 100; i++) {
          model.enqueue(
              ScriptedReply.toolCall("finish", "{\"result\": \"done\"}")
                  .withDelay(Duration.ofMillis(i % 8 == 0 ? 3_000 : 300)));
        }
        Sampler sampler = new Sampler(postgres, schema);
        Thread sampling = Thread.ofPlatform().daemon().start(sampler);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger turn = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
          clients.add(
              Thread.ofVirtual().start(() -> submitUntilDone(replicas, next, turn, acknowledged)));
        }

        // Under the load, each parked run is approved on a replica other than the one running it.
        Instant deadline = Instant.now().plusSeconds(60);
        while (acknowledged.size() < INVESTIGATIONS / 10 && Instant.now().isBefore(deadline)) {
          Thread.sleep(5);
        }
        Map<String, String> decidedOn = new HashMap<>();
        for (String id : parked.keySet()) {
          String owner = leaseOwner(db, id);
          Replica decider = null;
          for (int i = 0; i < 3 && decider == null; i++) {
            if (!replicas.get(i).id.equals(owner)) {
              decider = replicas.get(i);
            }
          }
          decide(decider, id);
          decidedOn.put(id, decider.id + " (run on " + owner + ")");
        }
        System.out.println("Approvals decided: " + decidedOn);
        // The approved runs end before the kill, so that none of them is lost with it.
        for (String id : parked.keySet()) {
          awaitStatus(db, id, "SUCCEEDED", deadline);
        }

        // Kill the second replica once a good part is in and it is running some.
        Replica victim = replicas.get(1);
        while ((acknowledged.size() < INVESTIGATIONS / 3 || runningOn(db, victim.id).isEmpty())
            && Instant.now().isBefore(deadline)) {
          Thread.sleep(5);
        }
        // Its sessions are known by name, so that their end below means something.
        assertThat(sessionsOf(db, victim.id)).as("database sessions of %s", victim.id).isPositive();
        victim.kill9();
        // A commit the killed process sent just before it died may still be on its way to the
        // database: what it had running is known once its sessions are gone, for a session
        // ends only after it has read (and run) everything the process sent.
        awaitSessionsGone(db, victim.id, deadline);
        // A run that appended its end but died before its row said so is not lost: the replica
        // that recovers it closes the row as that end says (one end, in the log).
        Set<String> endedBeforeTheKill = new HashSet<>();
        Set<String> lost = new HashSet<>();
        Map<String, Ended> atTheKill = ends(db);
        for (String id : runningOn(db, victim.id)) {
          (atTheKill.get(id).terminalEvents > 0 ? endedBeforeTheKill : lost).add(id);
        }
        System.out.println(
            "Running on the killed replica: lost "
                + lost
                + ", ended in the log "
                + endedBeforeTheKill);
        assertThat(lost).as("investigations running on the killed replica").isNotEmpty();
        // One of them is watched from another replica too, from before its lease expires: the
        // stream must carry its "replica lost" end, appended by whichever replica recovers it.
        String lostOne = lost.iterator().next();
        Replica survivor = replicas.get(0);
        watches.computeIfAbsent(
            lostOne,
            id -> {
              try {
                // Its lease may expire before this subscribes: not held to arrive live.
                return new Watch(
                    id,
                    "(ran on) " + victim.id,
                    survivor.id,
                    false,
                    LiveWatcher.sse(
                        http,
                        "http://127.0.0.1:" + survivor.port + "/investigations/" + id + "/events",
                        KEY));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
        Replica restarted = start("replica-b-again", env);
        replicas.set(1, restarted);

        for (Thread client : clients) {
          client.join(Duration.ofSeconds(60));
        }
        assertThat(acknowledged).hasSize(INVESTIGATIONS);
        long submitted = System.nanoTime();
        awaitAllEnded(db, Instant.now().plusSeconds(45));
        sampler.stop();
        sampling.join();

        Map<String, Ended> ends = ends(db);
        System.out.printf(
            "%d investigations on 3 replicas, 1 killed (%d lost): replicas up after %d ms, all"
                + " submitted after %d ms, all ended after %d ms; %d samples, max running %d of cap"
                + " %d%n",
            ends.size(),
            lost.size(),
            (replicasUp - began) / 1_000_000,
            (submitted - began) / 1_000_000,
            (System.nanoTime() - began) / 1_000_000,
            sampler.samples.get(),
            sampler.maxRunning.get(),
            CAP);
        Map<String, Long> outcomes = new java.util.TreeMap<>();
        ends.values()
            .forEach(
                end ->
                    outcomes.merge(
                        end.status + (end.reason == null ? "" : ": " + end.reason), 1L, Long::sum));
        System.out.println("Outcomes: " + outcomes);
        // The cap held across the replicas at every sample, and was reached.
        assertThat(sampler.samples.get()).isGreaterThan(100);
        assertThat(sampler.maxRunning.get()).isEqualTo(CAP);
        // Exactly one end per investigation, counted in the event log.
        assertThat(ends.keySet()).containsAll(acknowledged);
        assertThat(ends.values())
            .allSatisfy(
                end -> {
                  assertThat(end.status).as(end.id).isIn("SUCCEEDED", "FAILED");
                  assertThat(end.terminalEvents).as("terminal events of %s", end.id).isEqualTo(1);
                });
        // What the killed replica ran failed with the reason, in the row and the last event.
        for (String id : lost) {
          Ended end = ends.get(id);
          assertThat(end.status).as(id).isEqualTo("FAILED");
          assertThat(end.reason).as(id).startsWith("replica lost").contains(victim.id);
          assertThat(end.lastEvent).contains("\"type\":\"failed\"").contains("replica lost");
        }
        assertThat(ends.values())
            .filteredOn(end -> !lost.contains(end.id))
            .allSatisfy(end -> assertThat(end.status).as(end.id).isEqualTo("SUCCEEDED"));
        for (String id : endedBeforeTheKill) {
          assertThat(ends.get(id).lastEvent).as(id).contains("\"type\":\"finished\"");
        }
        assertThat(restarted.process.isAlive()).isTrue();

        // The approved runs resumed where they waited, ran the command and finished; the decision
        // carries the name of the key that took it.
        for (Map.Entry<String, String> run : parked.entrySet()) {
          String id = run.getKey();
          assertThat(ends.get(id).status).as(id).isEqualTo("SUCCEEDED");
          List<String> decisions = eventsOfType(db, id, "approval_decided");
          assertThat(decisions).as("decisions of %s", id).hasSize(1);
          assertThat(JSON.readTree(decisions.get(0)).path("event").path("decided_by").asText())
              .as(decisions.get(0))
              .isEqualTo(KEY_NAME);
          assertThat(JSON.readTree(decisions.get(0)).path("event").path("approved").asBoolean())
              .isTrue();
          assertThat(
                  List.of("replica-a", "replica-b", "replica-c", "replica-b-again").stream()
                      .anyMatch(
                          r -> Files.exists(dir.resolve(r).resolve("ws").resolve(run.getValue()))))
              .as("%s touched by the approved command of %s", run.getValue(), id)
              .isTrue();
        }

        // Every watched stream, on a replica other than the one it was submitted to, held every
        // event once and in order, live, up to the terminal event the database holds.
        assertThat(watches.size())
            .isBetween(INVESTIGATIONS / WATCH_EVERY, INVESTIGATIONS / WATCH_EVERY + 1);
        List<Long> latencies = new ArrayList<>();
        int onVictim = 0;
        int watchedLost = 0;
        for (Watch watch : watches.values()) {
          watch.watcher.awaitEnd(Duration.ofSeconds(10));
          watch.watcher.close();
          List<Stored> stored = stored(db, watch.id);
          List<Long> dense = new ArrayList<>();
          for (long seq = 1; seq <= stored.size(); seq++) {
            dense.add(seq);
          }
          String what =
              watch.id + " submitted to " + watch.submittedTo + ", watched on " + watch.watchedOn;
          assertThat(stored.stream().map(Stored::seq).toList()).as(what).isEqualTo(dense);
          assertThat(watch.watcher.seqs()).as(what).isEqualTo(dense);
          List<LiveWatcher.Arrival> arrivals = watch.watcher.arrivals();
          Stored terminal = stored.getLast();
          assertThat(terminal.type).as(what).isIn("finished", "failed");
          assertThat(arrivals.getLast().type()).as(what).isEqualTo(terminal.type);
          long firstArrivedMillis = (arrivals.getFirst().nanos() + WALL_MINUS_NANO) / 1_000_000;
          assertThat(!watch.live || firstArrivedMillis < terminal.emittedMillis)
              .as("%s: first event arrived before the terminal one was emitted", what)
              .isTrue();
          for (int i = 0; i < stored.size() && watch.live; i++) {
            long arrived = (arrivals.get(i).nanos() + WALL_MINUS_NANO) / 1_000_000;
            if (stored.get(i).emittedMillis > firstArrivedMillis) {
              latencies.add(arrived - stored.get(i).emittedMillis);
            }
          }
          onVictim += watch.submittedTo.endsWith(victim.id) ? 1 : 0;
          watchedLost += lost.contains(watch.id) ? 1 : 0;
        }
        assertThat(watchedLost).as("watched streams that ended with \"replica lost\"").isPositive();
        latencies.sort(null);
        System.out.printf(
            "%d watched streams (%d submitted to the killed replica, %d lost with it): %d live"
                + " events, latency from emission median %d ms, p95 %d ms, max %d ms%n",
            watches.size(),
            onVictim,
            watchedLost,
            latencies.size(),
            latencies.get(latencies.size() / 2),
            latencies.get(latencies.size() * 95 / 100),
            latencies.getLast());
        assertThat(latencies).hasSizeGreaterThan(watches.size());
        assertThat(latencies.get(latencies.size() / 2)).as("median latency, ms").isLessThan(1_000);
      }
    }
  }

  /** Submits until all are acknowledged, each to the next live replica in turn. */
  private void submitUntilDone(
      AtomicReferenceArray<Replica> replicas,
      AtomicInteger next,
      AtomicInteger turn,
      Set<String> acknowledged) {
    int n;
    while ((n = next.getAndIncrement()) < INVESTIGATIONS) {
      Instant deadline = Instant.now().plusSeconds(60);
      boolean done = false;
      boolean watched = n % WATCH_EVERY == 0;
      boolean first = true;
      while (!done && Instant.now().isBefore(deadline)) {
        // A watched one goes first to the replica its number names, so that some go to the one
        // that will be killed.
        int slot =
            watched && first ? (n / WATCH_EVERY) % 3 : Math.floorMod(turn.getAndIncrement(), 3);
        first = false;
        Replica replica = replicas.get(slot);
        try {
          HttpResponse<String> answer =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + replica.port + "/investigate"))
                      .header("X-API-Key", KEY)
                      .header("Content-Type", "application/json")
                      .timeout(Duration.ofSeconds(20))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"goal\": \"replicated question " + n + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (answer.statusCode() == 200) {
            String id = JSON.readTree(answer.body()).get("job_id").asText();
            if (watched) {
              // Never on the replica that gets killed: its streams would die with it.
              Replica on = replicas.get(slot == 0 ? 2 : 0);
              watches.put(
                  id,
                  new Watch(
                      id,
                      replica.id,
                      on.id,
                      true,
                      LiveWatcher.sse(
                          http,
                          "http://127.0.0.1:" + on.port + "/investigations/" + id + "/events",
                          KEY)));
            }
            acknowledged.add(id);
            done = true;
          }
        } catch (IOException e) {
          // That replica is down: a load balancer would send the request to another.
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private String submit(Replica replica, String goal) throws Exception {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port + "/investigate"))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"goal\": \"" + goal + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return JSON.readTree(answer.body()).get("job_id").asText();
  }

  /** Approves on {@code replica} the one call {@code id} waits on, as that replica shows it. */
  private void decide(Replica replica, String id) throws Exception {
    String base = "http://127.0.0.1:" + replica.port + "/investigations/" + id;
    HttpResponse<String> view =
        http.send(
            HttpRequest.newBuilder(URI.create(base)).header("X-API-Key", KEY).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    var waiting = JSON.readTree(view.body()).path("waiting_approvals");
    assertThat(waiting).as("waiting approvals of %s on %s", id, replica.id).hasSize(1);
    HttpResponse<String> decided =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/approvals/" + waiting.get(0).path("call_id").asText()))
                .header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"approve\": true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
  }

  private static void awaitStatus(Connection db, String id, String status, Instant deadline)
      throws Exception {
    String now = null;
    while (Instant.now().isBefore(deadline)) {
      try (PreparedStatement s =
          db.prepareStatement("SELECT status FROM investigations WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          now = rs.next() ? rs.getString(1) : null;
        }
      }
      if (status.equals(now)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(id + " is " + now + ", not " + status + ", in time");
  }

  private static String leaseOwner(Connection db, String id) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT lease_owner FROM investigations WHERE id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private record Stored(long seq, String type, long emittedMillis) {}

  private static List<Stored> stored(Connection db, String id) throws SQLException {
    List<Stored> events = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT seq, event_type, emitted_at FROM investigation_events"
                + " WHERE investigation_id = ? ORDER BY seq")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(new Stored(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).getTime()));
        }
      }
    }
    return events;
  }

  private static List<String> eventsOfType(Connection db, String id, String type)
      throws SQLException {
    List<String> events = new ArrayList<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT event_json FROM investigation_events"
                + " WHERE investigation_id = ? AND event_type = ? ORDER BY seq")) {
      s.setString(1, id);
      s.setString(2, type);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          events.add(rs.getString(1));
        }
      }
    }
    return events;
  }

  /**
   * Waits until the database has no session of the replica's (each replica's sessions carry its id
   * as their {@code application_name}).
   */
  private static void awaitSessionsGone(Connection db, String replica, Instant deadline)
      throws Exception {
    long sessions = sessionsOf(db, replica);
    while (sessions > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      sessions = sessionsOf(db, replica);
    }
    assertThat(sessions).as("database sessions of %s after its kill", replica).isZero();
  }

  private static long sessionsOf(Connection db, String replica) throws SQLException {
    try (PreparedStatement s =
        db.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
      s.setString(1, replica);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static Set<String> runningOn(Connection db, String replica) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement s =
        db.prepareStatement(
            "SELECT id FROM investigations WHERE lease_owner = ? AND status = 'RUNNING'")) {
      s.setString(1, replica);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
    }
    return ids;
  }

  private static void awaitAllEnded(Connection db, Instant deadline) throws Exception {
    long open = -1;
    while (Instant.now().isBefore(deadline)) {
      try (Statement s = db.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT COUNT(*) FROM investigations"
                      + " WHERE status IN ('PENDING', 'RUNNING', 'WAITING_FOR_APPROVAL')")) {
        rs.next();
        open = rs.getLong(1);
      }
      if (open == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(open + " investigations had not ended in time");
  }

  private record Ended(
      String id, String status, String reason, long terminalEvents, String lastEvent) {}

  private static Map<String, Ended> ends(Connection db) throws SQLException {
    Map<String, Ended> ends = new HashMap<>();
    try (Statement s = db.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                SELECT i.id, i.status, i.failure_reason,
                  (SELECT COUNT(*) FROM investigation_events e WHERE e.investigation_id = i.id
                     AND e.event_type IN ('finished', 'failed')) AS ends,
                  (SELECT e.event_json FROM investigation_events e WHERE e.investigation_id = i.id
                     ORDER BY e.seq DESC LIMIT 1) AS last_event
                FROM investigations i""")) {
      while (rs.next()) {
        ends.put(
            rs.getString(1),
            new Ended(
                rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
      }
    }
    return ends;
  }

  /**
   * Counts the running investigations, as often as the database answers, on a connection of its
   * own.
   */
  private static final class Sampler implements Runnable {
    final AtomicLong maxRunning = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    private final PostgresServer postgres;
    private final String schema;
    private volatile boolean stopped;

    Sampler(PostgresServer postgres, String schema) {
      this.postgres = postgres;
      this.schema = schema;
    }

    void stop() {
      stopped = true;
    }

    @Override
    public void run() {
      try (Connection c = postgres.connect();
          PreparedStatement s =
              c.prepareStatement("SELECT COUNT(*) FROM investigations WHERE status = 'RUNNING'")) {
        c.setSchema(schema);
        while (!stopped) {
          try (ResultSet rs = s.executeQuery()) {
            rs.next();
            long running = rs.getLong(1);
            maxRunning.accumulateAndGet(running, Math::max);
            samples.incrementAndGet();
          }
          Thread.sleep(2);
        }
      } catch (SQLException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private Replica start(String id, Map<String, String> env) {
    try {
      Path home = Files.createDirectories(dir.resolve(id));
      // Kept after the run (the temporary directory is not), to read what a replica did.
      Path log = Files.createDirectories(Path.of("target", "replica-logs")).resolve(id + ".log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ReplicaMain.class.getName())
              .directory(home.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv("PATH"));
      builder.environment().put("HOME", home.toString());
      builder.environment().put("OATS_HOST", "127.0.0.1");
      builder.environment().put("OATS_PORT", "0");
      builder.environment().put("OATS_DATA_DIR", home.resolve("data").toString());
      builder.environment().put("OATS_API_KEYS", KEY_NAME + "=" + KEY);
      builder.environment().put("OATS_MODEL_MAX_RETRIES", "0");
      builder.environment().put("OATS_WORKSPACE", home.resolve("ws").toString());
      builder.environment().put("OATS_TOOLS_DIR", home.resolve("tools").toString());
      builder.environment().put("OATS_REPLICA_ID", id);
      builder.environment().putAll(env);
      // Its database sessions named after it, to tell when a killed replica's are gone.
      builder.environment().put("OATS_DB_URL", env.get("OATS_DB_URL") + "&ApplicationName=" + id);
      builder.redirectErrorStream(true).redirectOutput(log.toFile());
      Process process = builder.start();
      Replica replica = new Replica(id, process, log);
      synchronized (started) {
        started.add(replica);
      }
      Instant deadline = Instant.now().plusSeconds(90);
      while (Instant.now().isBefore(deadline)) {
        Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (listening.find()) {
          replica.port = Integer.parseInt(listening.group(1));
          return replica;
        }
        if (!process.isAlive()) {
          throw new AssertionError(id + " exited: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
      throw new AssertionError(id + " did not listen in time: " + Files.readString(log));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A server process; {@link #kill9} is SIGKILL: no shutdown hook, no close, no flush. */
  private static final class Replica {
    final String id;
    final Process process;
    final Path log;
    volatile int port;

    Replica(String id, Process process, Path log) {
      this.id = id;
      this.process = process;
      this.log = log;
    }

    void kill9() {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
