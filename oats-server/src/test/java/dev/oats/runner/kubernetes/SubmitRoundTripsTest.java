package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.CrudApiServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code POST /investigate} costs the store with the Kubernetes runner, counted as the SQL
 * statements Jdbi runs (its {@code jdbi.statement} flight-recorder events) while concurrent submits
 * are answered and their Jobs made: the key that started each one is kept in the write that stores
 * it, no submit counts the table's rows by status, and each is answered once claimed (running).
 */
class SubmitRoundTripsTest {

  private static final int SUBMITS = 12;

  @TempDir Path dir;

  @Test
  void concurrentSubmitsCostFewStatementsAndAreAnsweredRunning() throws Exception {
    try (CrudApiServer kube = new CrudApiServer();
        ServerHarness harness = new ServerHarness(dir);
        ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      harness.env.put("OATS_MAX_CONCURRENT", "1000");
      harness.start(AgentCluster.runners(kube.client, AgentCluster.config(60, 60)));
      harness.submit("warm up");

      Path jfr = dir.resolve("statements.jfr");
      List<JsonNode> answers = new ArrayList<>();
      try (Recording recording = new Recording()) {
        recording.enable("jdbi.statement").withStackTrace();
        recording.start();
        List<Future<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < SUBMITS; i++) {
          String body =
              ServerHarness.JSON
                  .createObjectNode()
                  .put("goal", "why is pod " + i + " failing?")
                  .put("target_namespace", "shop")
                  .toString();
          posts.add(clients.submit(() -> harness.post("/investigate", body)));
        }
        for (Future<HttpResponse<String>> post : posts) {
          HttpResponse<String> response = post.get();
          assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
          answers.add(ServerHarness.json(response));
        }
        for (int i = 0;
            i < 300
                && kube.client
                        .batch()
                        .v1()
                        .jobs()
                        .inNamespace(AgentCluster.NAMESPACE)
                        .list()
                        .getItems()
                        .size()
                    < SUBMITS + 1;
            i++) {
          Thread.sleep(50);
        }
        recording.stop();
        recording.dump(jfr);
      }

      Map<String, Integer> statements = new TreeMap<>();
      int rowsReadBack = 0;
      List<String> insertedOn = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
        String thread = event.getThread() == null ? "" : event.getThread().getJavaName();
        if (event.getString("sql").strip().startsWith("INSERT INTO investigations")) {
          insertedOn.add(thread);
        }
        if (thread.startsWith("oats-replica-tick") || thread.startsWith("oats-lease")) {
          continue; // the periodic work, not the submits'
        }
        String sql = event.getString("sql").strip().replaceAll("\\s+", " ");
        if (sql.startsWith("SELECT id, ") && sql.endsWith("FROM investigations WHERE id = :id")) {
          rowsReadBack++;
        }
        statements.merge(sql.substring(0, Math.min(60, sql.length())), 1, Integer::sum);
      }
      int total = statements.values().stream().mapToInt(Integer::intValue).sum();

      assertThat(answers)
          .as("each submit answered once its investigation is claimed")
          .allSatisfy(a -> assertThat(a.get("status").asText()).isEqualTo("running"));
      assertThat(insertedOn)
          .as(
              "each submit's row is inserted by a claim round, in the claim's own transaction (one"
                  + " commit stores and claims it), never by the request in a commit of its own")
          .hasSize(SUBMITS)
          .allSatisfy(
              // A claim round the replica's tick made takes the submits waiting too.
              thread -> assertThat(thread).matches("oats-claim-round-\\d+|oats-replica-tick"));
      assertThat(rowsReadBack)
          .as("whole rows read by id: a POST is answered from its claim, not a read-back")
          .isZero();
      assertThat(statements.keySet())
          .as("statements run: %s", statements)
          .noneMatch(sql -> sql.startsWith("UPDATE investigations SET started_by"))
          .noneMatch(sql -> sql.contains("COUNT(*) AS n FROM investigations GROUP BY status"));
      // Per submit: its INSERT and its claim in at most one claim round's transaction (the lock,
      // the count, the pending rows, the lock's update), its event token (in a commit shared with
      // the other starters'), and the check for a cancel while its Job was made.
      assertThat(total).as("statements run: %s", statements).isLessThanOrEqualTo(SUBMITS * 10);
      assertThat(harness.get("/investigations/" + answers.getFirst().get("job_id").asText()).body())
          .contains("\"started_by\"");
    }
  }

  @Test
  void aQueuedSubmitIsAnsweredWithoutCountingTheTable() throws Exception {
    try (CrudApiServer kube = new CrudApiServer();
        ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_MAX_CONCURRENT", "1");
      harness.start(AgentCluster.runners(kube.client, AgentCluster.config(60, 60)));
      harness.submit("the one that runs");

      Path jfr = dir.resolve("queued.jfr");
      JsonNode answer;
      try (Recording recording = new Recording()) {
        recording.enable("jdbi.statement");
        recording.start();
        String body =
            ServerHarness.JSON
                .createObjectNode()
                .put("goal", "and this one waits")
                .put("target_namespace", "shop")
                .toString();
        answer = ServerHarness.json(harness.post("/investigate", body));
        recording.stop();
        recording.dump(jfr);
      }
      List<String> statements = new ArrayList<>();
      for (RecordedEvent event : RecordingFile.readAllEvents(jfr)) {
        statements.add(event.getString("sql").strip().replaceAll("\\s+", " "));
      }

      assertThat(answer.get("status").asText()).isEqualTo("pending");
      assertThat(answer.get("message").asText())
          .isEqualTo("Investigation queued: it starts as soon as a slot is free.");
      assertThat(statements)
          .as("a queued submit does not count the table's rows (it grows with every submit)")
          .isNotEmpty()
          .noneMatch(sql -> sql.contains("GROUP BY status"));
    }
  }
}
