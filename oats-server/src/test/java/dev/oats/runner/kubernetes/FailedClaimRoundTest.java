package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.config.StoreConfig;
import dev.oats.server.ServerHarness;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.PostgresExtension;
import dev.oats.testkit.CrudApiServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim round stores every submit waiting for it and claims them in one commit, and answers each
 * {@code POST /investigate} from that commit (group commit). When the round's transaction does not
 * commit (on H2 its first INSERT fails in a trigger; on PostgreSQL its COMMIT fails in a deferred
 * constraint trigger after every INSERT and the claim ran, or its connection is killed while its
 * INSERT waits), no submit of the round is answered as submitted: each gets 503 saying nothing was
 * acknowledged, none of them (nor any key) is in the store, and once the database takes writes
 * again the same submits, under the same {@code Idempotency-Key} for the keyed ones, succeed, and
 * each is stored once. The real server, the Kubernetes runner over a mock API server (the runner
 * that makes submits go through claim rounds), a real database; the first round is held at the
 * database (a trigger that waits) until the other submits wait for the next round, so that several
 * are answered from one failed commit. Keyed submits are stored in commits of their own, not by a
 * round; they are refused alongside.
 */
class FailedClaimRoundTest {

  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  /** Submits without a key, stored by claim rounds: one in the held round, the rest in the next. */
  private static final int UNKEYED = 6;

  /** Submits under an {@code Idempotency-Key}, stored in commits of their own. */
  private static final int KEYED = 2;

  private static final String GOAL = "cpproof: why is pod %s failing?";

  @TempDir Path dir;

  @Test
  void aRoundWhoseInsertFailsOnH2AnswersNoneOfItsSubmitsAndTheirRetriesWork() throws Exception {
    failedRoundThenRetries(new H2Refusal(dir.resolve("db")));
  }

  @Test
  void aRoundWhoseCommitFailsOnPostgresAnswersNoneOfItsSubmitsAndTheirRetriesWork()
      throws Exception {
    failedRoundThenRetries(new PostgresRefusal(POSTGRES.newDatabase()));
  }

  @Test
  void aRoundWhoseConnectionIsKilledOnPostgresAnswersNoneOfItsSubmitsAndTheirRetriesWork()
      throws Exception {
    failedRoundThenRetries(new PostgresKilledConnections(POSTGRES.newDatabase()));
  }

  private void failedRoundThenRetries(Refusal db) throws Exception {
    try (db;
        CrudApiServer kube = new CrudApiServer();
        ServerHarness harness = new ServerHarness(dir.resolve("server"));
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      harness.env.put("OATS_MAX_CONCURRENT", "1000");
      harness.env.put("OATS_DB_URL", db.config().url());
      if (db.config().user() != null) {
        harness.env.put("OATS_DB_USER", db.config().user());
      }
      harness.start(AgentCluster.runners(kube.client, AgentCluster.config(60, 60)));
      harness.submit("warm up");

      db.refuse();
      // The first submit's round takes it and waits at the database with its INSERT under way.
      Map<String, Future<HttpResponse<String>>> refused = new LinkedHashMap<>();
      refused.put(goal(0), clients.submit(() -> post(harness, goal(0), null)));
      db.awaitHeld();
      // The others wait for the next round, which stores them all in one commit.
      for (int i = 1; i < UNKEYED; i++) {
        String goal = goal(i);
        refused.put(goal, clients.submit(() -> post(harness, goal, null)));
      }
      awaitThat(
          "the other submits wait for the next round",
          () -> harness.service().submitsAwaitingARound() == UNKEYED - 1);
      for (int k = 0; k < KEYED; k++) {
        String goal = keyedGoal(k);
        String key = key(k);
        refused.put(goal, clients.submit(() -> post(harness, goal, key)));
      }
      db.release(refused.values());

      Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
      for (Map.Entry<String, Future<HttpResponse<String>>> post : refused.entrySet()) {
        answers.put(post.getKey(), post.getValue().get());
      }
      assertThat(answers.values())
          .as("no submit of a refused round is answered as submitted: %s", bodies(answers))
          .noneMatch(r -> r.statusCode() / 100 == 2)
          .allSatisfy(
              r -> {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
                JsonNode error = ServerHarness.json(r).path("error");
                assertThat(error.path("code").asText()).isEqualTo("store_unavailable");
                assertThat(error.path("message").asText())
                    .contains("could not save")
                    .contains("nothing is acknowledged")
                    .contains("Try again");
              });
      assertThat(db.storedGoals()).as("none of the refused submits is in the store").isEmpty();
      assertThat(db.storedKeys()).as("no key names a refused submit").isEmpty();

      db.allow();
      Map<String, String> ids = new LinkedHashMap<>();
      for (String goal : answers.keySet()) {
        int k = keyedIndex(goal);
        HttpResponse<String> retry = post(harness, goal, k < 0 ? null : key(k));
        assertThat(retry.statusCode()).as("retry of %s: %s", goal, retry.body()).isEqualTo(200);
        assertThat(retry.headers().firstValue("Idempotent-Replayed"))
            .as("the key started nothing before: its first submit was not stored")
            .isEmpty();
        ids.put(goal, ServerHarness.json(retry).get("job_id").asText());
      }
      for (int k = 0; k < KEYED; k++) {
        HttpResponse<String> again = post(harness, keyedGoal(k), key(k));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(ServerHarness.json(again).get("job_id").asText())
            .isEqualTo(ids.get(keyedGoal(k)));
      }
      assertThat(db.storedGoals())
          .as("each submit stored once, by its retry")
          .containsExactlyInAnyOrderElementsOf(answers.keySet());
      for (String id : ids.values()) {
        assertThat(harness.get("/investigations/" + id).statusCode()).isEqualTo(200);
      }
    }
  }

  private static String goal(int i) {
    return GOAL.formatted("web-" + i);
  }

  private static String keyedGoal(int k) {
    return GOAL.formatted("keyed-" + k);
  }

  private static int keyedIndex(String goal) {
    for (int k = 0; k < KEYED; k++) {
      if (goal.equals(keyedGoal(k))) {
        return k;
      }
    }
    return -1;
  }

  private static String key(int k) {
    return "cpproof-retry-" + k;
  }

  private static HttpResponse<String> post(ServerHarness harness, String goal, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(harness.url("/investigate")))
            .header("X-API-Key", ServerHarness.KEY)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    ServerHarness.JSON
                        .createObjectNode()
                        .put("goal", goal)
                        .put("target_namespace", "shop")
                        .toString()));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return harness.send(request);
  }

  private static List<String> bodies(Map<String, HttpResponse<String>> answers) {
    List<String> bodies = new ArrayList<>();
    answers.forEach((goal, r) -> bodies.add(goal + " -> " + r.statusCode() + " " + r.body()));
    return bodies;
  }

  /** Waits for a condition; the deadline only keeps a broken build from hanging the run. */
  private static void awaitThat(String what, BooleanSupplier condition) throws Exception {
    Instant giveUp = Instant.now().plusSeconds(120);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("never happened: " + what);
      }
      Thread.sleep(5);
    }
  }

  /** A database that refuses inserts into {@code investigations} while told to. */
  private abstract static class Refusal implements AutoCloseable {

    private final DatabaseConfig config;
    private Connection connection;

    Refusal(DatabaseConfig config) {
      this.config = config;
    }

    DatabaseConfig config() {
      return config;
    }

    /** The test's own connection, opened once the server has made the schema. */
    Connection connection() throws SQLException {
      if (connection == null) {
        Properties login = new Properties();
        if (config.user() != null) {
          login.setProperty("user", config.user());
        }
        connection = DriverManager.getConnection(config.url(), login);
      }
      return connection;
    }

    void execute(String... statements) throws SQLException {
      try (Statement s = connection().createStatement()) {
        for (String sql : statements) {
          s.execute(sql);
        }
      }
    }

    /** From now on every insert waits (until {@link #release}) and then fails. */
    abstract void refuse() throws Exception;

    /** Returns once an insert waits. */
    abstract void awaitHeld() throws Exception;

    /** The inserts that wait, and all later ones, fail; {@code answers} are the submits'. */
    abstract void release(Collection<Future<HttpResponse<String>>> answers) throws Exception;

    /** The database takes inserts again. */
    abstract void allow() throws Exception;

    /** The goals of this test's submits that are stored. */
    List<String> storedGoals() throws SQLException {
      List<String> goals = new ArrayList<>();
      try (PreparedStatement q =
          connection().prepareStatement("SELECT goal FROM investigations WHERE goal LIKE ?")) {
        q.setString(1, "cpproof:%");
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            goals.add(rs.getString(1));
          }
        }
      }
      return goals;
    }

    /** The keys of this test's keyed submits that are stored. */
    List<String> storedKeys() throws SQLException {
      List<String> keys = new ArrayList<>();
      try (Statement s = connection().createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT idempotency_key FROM submit_keys WHERE idempotency_key LIKE 'cpproof-%'")) {
        while (rs.next()) {
          keys.add(rs.getString(1));
        }
      }
      return keys;
    }

    @Override
    public void close() throws SQLException {
      if (connection != null) {
        connection.close();
      }
    }
  }

  /** H2 in this JVM: a trigger of this class's making, which waits and then throws. */
  private static final class H2Refusal extends Refusal {

    H2Refusal(Path dir) {
      // The server's default (a file in the data dir), named here so that the test's connection
      // opens the same database, in this process.
      super(new DatabaseConfig(StoreConfig.h2FileUrl(dir), null, null));
    }

    @Override
    void refuse() throws SQLException {
      HeldThenRefused.gate = new CountDownLatch(1);
      HeldThenRefused.held.drainPermits();
      execute(
          "CREATE TRIGGER cpproof_refuse BEFORE INSERT ON investigations FOR EACH ROW CALL '"
              + HeldThenRefused.class.getName()
              + "'");
    }

    @Override
    void awaitHeld() throws InterruptedException {
      HeldThenRefused.held.acquire();
    }

    @Override
    void release(Collection<Future<HttpResponse<String>>> answers) {
      HeldThenRefused.gate.countDown();
    }

    @Override
    void allow() throws SQLException {
      execute("DROP TRIGGER cpproof_refuse");
    }
  }

  /** The H2 trigger: each insert waits for the test's gate, then fails. */
  public static final class HeldThenRefused implements Trigger {

    static volatile CountDownLatch gate = new CountDownLatch(0);
    static final Semaphore held = new Semaphore(0);

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
      held.release();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new SQLException("refused by the test's trigger: the round is not stored", "45000");
    }
  }

  /**
   * PostgreSQL: each insert waits on an advisory lock the test holds, and the transaction's COMMIT
   * fails in a deferred constraint trigger (after every insert of the round ran).
   */
  private static class PostgresRefusal extends Refusal {

    static final long LOCK = 7_340_201L;

    PostgresRefusal(DatabaseConfig config) {
      super(config);
    }

    @Override
    void refuse() throws SQLException {
      execute(
          "CREATE FUNCTION cpproof_hold() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
              + " PERFORM pg_advisory_xact_lock_shared("
              + LOCK
              + "); RETURN NEW; END $$",
          "CREATE FUNCTION cpproof_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE"
              + " EXCEPTION 'refused at commit by the test''s trigger: the round is not stored';"
              + " END $$",
          "CREATE TRIGGER cpproof_hold BEFORE INSERT ON investigations FOR EACH ROW EXECUTE"
              + " FUNCTION cpproof_hold()",
          "CREATE CONSTRAINT TRIGGER cpproof_refuse AFTER INSERT ON investigations DEFERRABLE"
              + " INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cpproof_refuse()",
          "SELECT pg_advisory_lock(" + LOCK + ")");
    }

    @Override
    void awaitHeld() throws Exception {
      awaitThat(
          "an insert waits on the test's advisory lock",
          () -> {
            try (Statement s = connection().createStatement();
                ResultSet rs =
                    s.executeQuery(
                        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                            + " AND objid = "
                            + LOCK)) {
              rs.next();
              return rs.getLong(1) > 0;
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
          });
    }

    @Override
    void release(Collection<Future<HttpResponse<String>>> answers) throws Exception {
      execute("SELECT pg_advisory_unlock(" + LOCK + ")");
    }

    @Override
    void allow() throws SQLException {
      execute(
          "DROP TRIGGER cpproof_refuse ON investigations",
          "DROP TRIGGER cpproof_hold ON investigations");
    }
  }

  /**
   * PostgreSQL, the round's connection killed while its INSERT waits ({@code pg_terminate_backend},
   * as a database restart or a dropped link would), and each connection that waits after it, until
   * every submit is answered.
   */
  private static final class PostgresKilledConnections extends PostgresRefusal {

    PostgresKilledConnections(DatabaseConfig config) {
      super(config);
    }

    @Override
    void release(Collection<Future<HttpResponse<String>>> answers) throws Exception {
      awaitThat(
          "every submit answered, each connection that waited killed",
          () -> {
            try {
              execute(
                  "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                      + " AND NOT granted AND objid = "
                      + LOCK);
            } catch (SQLException e) {
              throw new IllegalStateException(e);
            }
            return answers.stream().allMatch(Future::isDone);
          });
      super.release(answers);
    }
  }
}
