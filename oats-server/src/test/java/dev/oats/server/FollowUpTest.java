package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.AgentEvent;
import dev.oats.model.Usage;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.InvestigationStore;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An investigation is a conversation: follow-up questions through the API continue it in new runs
 * that stream on the same event stream, and what the store holds after a restart adds up.
 */
class FollowUpTest {

  @TempDir Path dir;
  ServerHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private List<String> types(String id) throws Exception {
    List<String> types = new ArrayList<>();
    json(harness.get("/investigations/" + id + "/events"))
        .get("events")
        .forEach(e -> types.add(e.path("event").path("type").asText()));
    return types;
  }

  @Test
  void aFollowUpRunsOnTheSameInvestigationAndTheModelSeesTheEarlierConversation() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(
        ScriptedReply.toolCall("yaml_parser", "{\"content\": \"memory: 512Mi\"}")
            .withText("Check the limits."),
        ScriptedReply.toolCall("finish", "{\"result\": \"## Root cause\\nOOMKilled at 512Mi\"}"));
    String id = harness.submit("why does checkout crash?");
    JsonNode first = harness.awaitEnd(id);
    assertThat(first.path("status").asText()).isEqualTo("succeeded");
    assertThat(first.path("state").asText()).isEqualTo("waiting_for_user");
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"It grew after the 14:00 deploy.\"}"));

    HttpResponse<String> asked =
        harness.post(
            "/investigations/" + id + "/messages",
            "{\"message\": \"and why did the memory grow?\"}");

    assertThat(asked.statusCode()).as(asked.body()).isEqualTo(202);
    JsonNode answer = json(asked);
    assertThat(answer.path("run").asInt()).isEqualTo(2);
    assertThat(answer.path("job_id").asText()).isEqualTo(id);
    assertThat(
            json(harness.get("/openapi.json"))
                .at("/paths/~1investigations~1{id}~1messages/post/responses")
                .has("202"))
        .isTrue();
    JsonNode second =
        harness.awaitInvestigation(
            id,
            i ->
                i.path("status").asText().equals("succeeded")
                    && i.path("report").asText().contains("14:00"));
    assertThat(second.path("runs").asInt()).isEqualTo(2);
    assertThat(second.path("turns").asInt()).as("turns of both runs").isEqualTo(3);
    String request = harness.model.requests().getLast().body().toString();
    assertThat(request)
        .as("the earlier conversation, then the question")
        .contains("why does checkout crash?")
        .contains("memory: 512Mi")
        .contains("OOMKilled at 512Mi")
        .contains("and why did the memory grow?");
    assertThat(types(id))
        .containsSubsequence("finished", "follow_up_asked", "started", "turn_started", "finished");

    // The stream from the question on replays the second run to its end, then closes.
    HttpResponse<String> sse =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
                .header("X-API-Key", ServerHarness.KEY)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(answer.path("seq").asLong() - 1))
                .GET());
    assertThat(sse.body())
        .startsWith("id: " + answer.path("seq").asLong() + "\nevent: follow_up_asked")
        .contains("It grew after the 14:00 deploy.")
        .doesNotContain("OOMKilled at 512Mi");
  }

  @Test
  void aFollowUpIsRefusedWhileARunIsGoingOnAndBadOnesSayWhatToFix() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"slow\"}")
            .withDelay(java.time.Duration.ofSeconds(2)));
    String id = harness.submit("take your time");

    HttpResponse<String> busy =
        harness.post("/investigations/" + id + "/messages", "{\"message\": \"and?\"}");
    HttpResponse<String> empty =
        harness.post("/investigations/" + id + "/messages", "{\"message\": \" \"}");
    HttpResponse<String> unknownField =
        harness.post("/investigations/" + id + "/messages", "{\"question\": \"and?\"}");
    HttpResponse<String> missing =
        harness.post(
            "/investigations/00000000-0000-4000-8000-000000000000/messages",
            "{\"message\": \"and?\"}");

    assertThat(busy.statusCode()).isEqualTo(409);
    assertThat(json(busy).path("error").path("message").asText()).contains("is running");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(json(empty).path("error").path("code").asText()).isEqualTo("invalid_argument");
    assertThat(unknownField.statusCode()).isEqualTo(400);
    assertThat(json(unknownField).path("error").path("message").asText()).contains("question");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).path("error").path("code").asText()).isEqualTo("not_found");
    harness.awaitEnd(id);
  }

  @Test
  void aFailedInvestigationIsReopenedByAFollowUp() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(ScriptedReply.httpError(400, "bad request"));
    String id = harness.submit("this fails");
    JsonNode failed = harness.awaitEnd(id);
    assertThat(failed.path("status").asText()).isEqualTo("failed");
    assertThat(failed.path("state").asText()).isEqualTo("ended");
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"second try\"}"));

    assertThat(
            harness
                .post("/investigations/" + id + "/messages", "{\"message\": \"try again\"}")
                .statusCode())
        .isEqualTo(202);

    JsonNode done =
        harness.awaitInvestigation(id, i -> i.path("status").asText().equals("succeeded"));
    assertThat(done.path("report").asText()).isEqualTo("second try");
    assertThat(done.path("failure_reason").isNull()).isTrue();
  }

  @Test
  void anInvestigationEndedByARestartShowsTheTurnsItRan() throws Exception {
    harness = new ServerHarness(dir);
    String id;
    // What a server that stopped mid-investigation leaves: a running row and two turns of events.
    try (Database db = Database.open(DatabaseConfig.h2File(dir))) {
      InvestigationStore store = db.investigations();
      InvestigationRecord record =
          InvestigationService.withJobName(
              InvestigationRecord.pending("hang", "shop", "local", 15, Instant.now()));
      id = record.id();
      store.create(record);
      store.markRunning(id, "local", record.jobName(), Instant.now());
      Usage usage = new Usage(100, 20, 0, 0);
      for (AgentEvent event :
          List.<AgentEvent>of(
              new AgentEvent.Started("hang", "shop", "m", "native", 15, List.of()),
              new AgentEvent.TurnStarted(1, 15),
              new AgentEvent.ModelUsage(1, usage, 10),
              new AgentEvent.TurnStarted(2, 15),
              new AgentEvent.ModelUsage(2, usage, 10))) {
        store.appendEvent(id, null, Instant.now(), event);
      }
    }

    harness.start();

    JsonNode failed = harness.awaitEnd(id);
    assertThat(failed.path("failure_reason").asText()).isEqualTo("server restarted");
    assertThat(failed.path("turns").asInt()).isEqualTo(2);
    assertThat(failed.path("total_tokens").asLong()).isEqualTo(240);
    JsonNode last =
        json(harness.get("/investigations/" + id + "/events")).get("events").get(5).get("event");
    assertThat(last.path("type").asText()).isEqualTo("failed");
    assertThat(last.path("turns").asInt()).as("not 'after 0 turns'").isEqualTo(2);
    assertThat(last.path("usage").path("input_tokens").asLong()).isEqualTo(200);
  }
}
