package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStatus;
import dev.oats.testkit.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Investigations over their life: live streams, the concurrency limit, cancel, restarts, keys. */
class ServerLifecycleTest {

  @TempDir Path dir;
  ServerHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static ScriptedReply slowFinish(String report, long millis) {
    return ScriptedReply.toolCall("finish", "{\"result\": \"" + report + "\"}")
        .withDelay(Duration.ofMillis(millis));
  }

  @Test
  void sseSendsEachEventWhileTheInvestigationRunsThenStreamsLiveUntilTheEnd() throws Exception {
    harness = new ServerHarness(dir).start();
    // The model does not answer until the test has read the first event off the stream, so a
    // stream held back until the end (with a Content-Length) fails here instead of passing late.
    CompletableFuture<Void> firstEventSeen = new CompletableFuture<>();
    harness.model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"a: 1\"}").heldUntil(firstEventSeen),
        slowFinish("done", 100));
    String id = harness.submit("stream me");

    List<String> ids = new ArrayList<>();
    List<String> types = new ArrayList<>();
    HttpResponse<InputStream> response =
        harness.http.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
                .header("X-API-Key", ServerHarness.KEY)
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.startsWith("id: ")) {
          ids.add(line.substring(4));
        } else if (line.startsWith("event: ")) {
          types.add(line.substring(7));
          if (!firstEventSeen.isDone()) {
            assertThat(json(harness.get("/investigations/" + id)).path("status").asText())
                .as("the first event arrives while the model has not answered yet")
                .isEqualTo("running");
            firstEventSeen.complete(null);
          }
        }
      }
    }

    assertThat(types.getFirst()).isEqualTo("started");
    assertThat(types.getLast()).isEqualTo("finished");
    assertThat(types).contains("tool_call", "observation", "usage");
    for (int i = 0; i < ids.size(); i++) {
      assertThat(ids.get(i)).isEqualTo(String.valueOf(i + 1));
    }

    HttpResponse<String> resumed =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
                .header("X-API-Key", ServerHarness.KEY)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", String.valueOf(ids.size() - 2)));
    assertThat(resumed.body()).doesNotContain("id: 1\n").contains("id: " + ids.size() + "\n");
  }

  @Test
  void aWebSocketReplaysThenStreamsLiveAndNeedsTheKey() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(slowFinish("done over ws", 800));
    String id = harness.submit("watch me");
    List<String> messages = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    String wsUrl = harness.url("/ws/investigations/" + id).replace("http://", "ws://");

    harness
        .http
        .newWebSocketBuilder()
        .header("X-API-Key", ServerHarness.KEY)
        .buildAsync(URI.create(wsUrl), ServerHarness.collector(messages, closed))
        .get(10, TimeUnit.SECONDS);

    assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(parse(messages.getFirst()).get("event").get("type").asText()).isEqualTo("started");
    assertThat(parse(messages.getLast()).get("event").get("type").asText()).isEqualTo("finished");
    assertThat(parse(messages.getLast()).get("event").get("result").asText())
        .isEqualTo("done over ws");

    CompletableFuture<WebSocket> refused =
        harness
            .http
            .newWebSocketBuilder()
            .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {});
    assertThat(refused).failsWithin(Duration.ofSeconds(10));
  }

  private static JsonNode parse(String text) throws Exception {
    return ServerHarness.JSON.readTree(text);
  }

  @Test
  void noMoreThanTheLimitRunAtOnceAndTheRestWaitAsPending() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("OATS_MAX_CONCURRENT", "1");
    harness.start();
    for (int i = 0; i < 3; i++) {
      harness.model.enqueue(slowFinish("report " + i, 400));
    }
    List<String> ids =
        List.of(harness.submit("one"), harness.submit("two"), harness.submit("three"));

    JsonNode second = json(harness.get("/investigations/" + ids.get(1)));
    assertThat(second.get("status").asText()).isEqualTo("pending");
    int mostRunning = 0;
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      JsonNode running = json(harness.get("/investigations?status=running"));
      mostRunning = Math.max(mostRunning, running.get("total").asInt());
      if (json(harness.get("/investigations?status=succeeded")).get("total").asInt() == 3) {
        break;
      }
      Thread.sleep(20);
    }

    assertThat(mostRunning).isEqualTo(1);
    for (String id : ids) {
      assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("succeeded");
    }
  }

  @Test
  void cancellingARunningInvestigationEndsItAsCancelled() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(slowFinish("too late", 20_000));
    String id = harness.submit("long one");
    harness.awaitInvestigation(id, i -> i.get("status").asText().equals("running"));

    HttpResponse<String> cancel = harness.post("/investigations/" + id + "/cancel", "");
    JsonNode ended = harness.awaitEnd(id);
    HttpResponse<String> again = harness.post("/investigations/" + id + "/cancel", "");

    assertThat(cancel.statusCode()).isEqualTo(202);
    assertThat(ended.get("status").asText()).isEqualTo("cancelled");
    assertThat(ended.get("failure_reason").asText()).containsIgnoringCase("cancel");
    assertThat(again.statusCode()).isEqualTo(409);
    JsonNode events = json(harness.get("/investigations/" + id + "/events")).get("events");
    assertThat(events.get(events.size() - 1).get("event").get("type").asText()).isEqualTo("failed");
  }

  @Test
  void aRestartFailsWhatWasRunningAndStartsWhatWasPending() throws Exception {
    InvestigationRecord running;
    InvestigationRecord pending;
    try (Database db = Database.open(DatabaseConfig.fromEnvironment(Map.of(), dir))) {
      running =
          InvestigationRecord.pending(
              "was running", "shop", "local", 15, Instant.now().minusSeconds(60));
      pending =
          InvestigationRecord.pending(
              "was waiting", "shop", "local", 15, Instant.now().minusSeconds(30));
      db.investigations().create(running);
      db.investigations().create(pending);
      db.investigations().markRunning(running.id(), "local", "oats-agent-run-x", Instant.now());
    }
    harness = new ServerHarness(dir);
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"recovered\"}"));
    harness.start();

    JsonNode failed = harness.awaitEnd(running.id());
    JsonNode started = harness.awaitEnd(pending.id());

    assertThat(failed.get("status").asText()).isEqualTo("failed");
    assertThat(failed.get("failure_reason").asText()).isEqualTo("server restarted");
    assertThat(started.get("status").asText()).isEqualTo("succeeded");
    assertThat(started.get("report").asText()).isEqualTo("recovered");
    assertThat(harness.server.service().store().find(running.id()).orElseThrow().status())
        .isEqualTo(InvestigationStatus.FAILED);
  }

  @Test
  void withNoKeyConfiguredTheFirstStartMakesOneAndPrintsItOnce() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.remove("OATS_API_KEYS");
    harness.start();
    Path file = dir.resolve("api-keys");
    String key = Files.readString(file).strip();

    assertThat(harness.announced.toString(StandardCharsets.UTF_8)).contains(key);
    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    HttpResponse<String> withKey =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations")))
                .header("X-API-Key", key)
                .GET());
    assertThat(withKey.statusCode()).isEqualTo(200);

    harness.stop();
    harness.announced.reset();
    harness.start();
    assertThat(harness.announced.toString(StandardCharsets.UTF_8)).doesNotContain(key);
    assertThat(Files.readString(file).strip()).isEqualTo(key);
  }
}
