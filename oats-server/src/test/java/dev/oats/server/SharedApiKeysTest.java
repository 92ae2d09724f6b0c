package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.store.DatabaseConfig;
import dev.oats.store.PostgresExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With PostgreSQL, API keys live in the database as digests, never in a file of one replica:
 * replicas that start together on an empty database make one key between them, print it once, and
 * all accept it.
 */
class SharedApiKeysTest {

  @RegisterExtension static final PostgresExtension POSTGRES = new PostgresExtension();

  private static final Pattern PRINTED = Pattern.compile("X-API-Key: (\\S+)");

  @TempDir Path dir;
  DatabaseConfig database;
  final List<ServerHarness> replicas = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (ServerHarness replica : replicas) {
      replica.close();
    }
  }

  private ServerHarness replica(String name) throws Exception {
    ServerHarness replica = new ServerHarness(dir.resolve(name));
    replica.env.remove("OATS_API_KEYS");
    replica.env.put("OATS_DB_URL", database.url());
    if (database.user() != null) {
      replica.env.put("OATS_DB_USER", database.user());
    }
    replicas.add(replica);
    return replica;
  }

  @Test
  void replicasStartingTogetherOnAnEmptyDatabaseMakeOneKeyPrintItOnceAndStoreOnlyItsDigest()
      throws Exception {
    database = POSTGRES.newDatabase();
    List<ServerHarness> three = List.of(replica("a"), replica("b"), replica("c"));
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> starts = new ArrayList<>();
    for (ServerHarness replica : three) {
      starts.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                  replica.start();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    go.countDown();
    CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();

    List<String> printed = new ArrayList<>();
    for (ServerHarness replica : three) {
      Matcher m = PRINTED.matcher(replica.announced.toString(StandardCharsets.UTF_8));
      while (m.find()) {
        printed.add(m.group(1));
      }
    }
    assertThat(printed).as("keys printed by all three replicas").hasSize(1);
    String key = printed.getFirst();
    for (ServerHarness replica : three) {
      assertThat(status(replica, key)).isEqualTo(200);
      assertThat(status(replica, key + "x")).isEqualTo(401);
    }
    for (String name : List.of("a", "b", "c")) {
      assertThat(dir.resolve(name).resolve("api-keys")).as("a keys file of " + name).doesNotExist();
    }
    List<String> stored = storedDigests();
    assertThat(stored).containsExactly(InvestigationService.sha256(key));
    assertThat(stored.getFirst()).doesNotContain(key);

    // A replica that starts later, or again, makes none and accepts the same key.
    three.get(1).stop();
    ServerHarness late = replica("d").start();
    three.get(1).start();
    assertThat(late.announced.toString(StandardCharsets.UTF_8)).doesNotContain("X-API-Key");
    assertThat(status(late, key)).isEqualTo(200);
    assertThat(status(three.get(1), key)).isEqualTo(200);
    assertThat(storedDigests()).hasSize(1);
  }

  @Test
  void configuredKeysAreUsedAndNoneIsMade() throws Exception {
    database = POSTGRES.newDatabase();
    ServerHarness replica = replica("a");
    replica.env.put("OATS_API_KEYS", ServerHarness.KEY);
    replica.start();

    assertThat(status(replica, ServerHarness.KEY)).isEqualTo(200);
    assertThat(replica.announced.toString(StandardCharsets.UTF_8)).doesNotContain("X-API-Key");
    assertThat(storedDigests()).isEmpty();
  }

  @Test
  void aTicketSecretTooShortToBeSafeStopsTheStartWithTheReason() throws Exception {
    database = POSTGRES.newDatabase();
    ServerHarness replica = replica("a");
    replica.env.put("OATS_TICKET_SECRET", "short");

    assertThatThrownBy(replica::start)
        .hasMessageContaining("OATS_TICKET_SECRET is 5 characters long")
        .hasMessageNotContaining("short");
  }

  private static int status(ServerHarness replica, String key) throws Exception {
    return replica
        .send(
            HttpRequest.newBuilder(URI.create(replica.url("/investigations")))
                .header("X-API-Key", key)
                .GET())
        .statusCode();
  }

  private List<String> storedDigests() throws Exception {
    Properties login = new Properties();
    if (database.user() != null) {
      login.setProperty("user", database.user());
    }
    List<String> digests = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(database.url(), login);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT key_sha256 FROM api_keys")) {
      while (rs.next()) {
        digests.add(rs.getString(1));
      }
    }
    return digests;
  }
}
