package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.store.PostgresServer;
import dev.oats.testkit.ScriptedReply;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas on one PostgreSQL: a cancel asked on the replica that does not run the investigation
 * reaches the one that does, through the stored cancel, and ends it as cancelled once, long before
 * the grace period would have.
 */
class CancelAcrossReplicasTest {

  @TempDir Path dir;

  @Test
  void aCancelAskedOnOneReplicaStopsTheRunOnTheOther() throws Exception {
    CompletableFuture<Void> never = new CompletableFuture<>();
    try (PostgresServer postgres = PostgresServer.obtain();
        ServerHarness a = new ServerHarness(dir.resolve("a"));
        ServerHarness b = new ServerHarness(dir.resolve("b"))) {
      try (Connection c = postgres.connect();
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA cancels");
      }
      for (ServerHarness replica : new ServerHarness[] {a, b}) {
        replica.env.put("OATS_DB_URL", postgres.urlWithSchema("cancels"));
        if (postgres.user() != null) {
          replica.env.put("OATS_DB_USER", postgres.user());
        }
        // Far longer than the test waits: only the run's own replica stopping it ends it in time.
        replica.env.put("OATS_CANCEL_GRACE_SECONDS", "120");
        replica.env.put("OATS_DISPATCH_TICK_MILLIS", "100");
        replica.model.enqueue(
            ScriptedReply.toolCall("finish", "{\"result\": \"late\"}").heldUntil(never));
      }
      a.env.put("OATS_REPLICA_ID", "replica-a");
      b.env.put("OATS_REPLICA_ID", "replica-b");
      a.start();
      b.start();

      String id = a.submit("a question that hangs");
      a.awaitInvestigation(id, i -> i.get("status").asText().equals("running"));
      String owner;
      try (Connection c = postgres.connect();
          PreparedStatement s =
              c.prepareStatement("SELECT lease_owner FROM cancels.investigations WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          owner = rs.getString(1);
        }
      }
      ServerHarness other = owner.equals("replica-a") ? b : a;
      ServerHarness running = other == a ? b : a;
      // The run waits on its replica's model.
      Instant deadline = Instant.now().plusSeconds(30);
      while (running.model.requests().isEmpty() && Instant.now().isBefore(deadline)) {
        Thread.sleep(20);
      }
      assertThat(running.model.requests()).as("the run asked %s's model", owner).hasSize(1);

      long asked = System.nanoTime();
      HttpResponse<String> cancel = other.post("/investigations/" + id + "/cancel", "");
      JsonNode ended = other.awaitEnd(id);
      long tookMillis = (System.nanoTime() - asked) / 1_000_000;

      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
      assertThat(ended.get("status").asText()).isEqualTo("cancelled");
      assertThat(tookMillis)
          .as("ended by the run's replica, not the 120 s grace")
          .isLessThan(30_000);
      JsonNode events = json(running.get("/investigations/" + id + "/events")).get("events");
      long ends = 0;
      for (JsonNode e : events) {
        String type = e.get("event").get("type").asText();
        ends += type.equals("failed") || type.equals("finished") ? 1 : 0;
      }
      assertThat(ends).as("terminal events").isEqualTo(1);
      assertThat(events.get(events.size() - 1).get("event").get("kind").asText())
          .isEqualToIgnoringCase("cancelled");
    } finally {
      never.complete(null);
    }
  }
}
