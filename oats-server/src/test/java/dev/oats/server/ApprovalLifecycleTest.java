package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A held call parks its run, holding no thread and no slot; the approval is stored, so it can be
 * decided after a restart, by a named key, or time out, and the run resumes either way.
 */
class ApprovalLifecycleTest {

  @TempDir Path dir;
  ServerHarness harness;

  @BeforeEach
  void configure() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("PATH", System.getenv("PATH"));
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  private String submitAHeldCall(String goal, String file) throws Exception {
    String id = holdACall(goal, file);
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"done with " + file + "\"}"));
    return id;
  }

  /** Submits an investigation whose first call waits for approval; scripts nothing after it. */
  private String holdACall(String goal, String file) throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch " + file + "\"}")
            .withText("Make the file."));
    String id = harness.submit(goal);
    harness.awaitInvestigation(id, i -> i.path("status").asText().equals("waiting_for_approval"));
    return id;
  }

  private List<JsonNode> events(String id, String type) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode e : json(harness.get("/investigations/" + id + "/events")).get("events")) {
      if (e.path("event").path("type").asText().equals(type)) {
        found.add(e.path("event"));
      }
    }
    return found;
  }

  @Test
  void theWaitingCallIsShownWithItsCommandReasonAndDeadlineAndDecidedByTheKeysName()
      throws Exception {
    harness.start();
    String id = submitAHeldCall("make a file", "named.txt");

    JsonNode waiting = json(harness.get("/investigations/" + id));
    assertThat(waiting.path("state").asText()).isEqualTo("waiting_for_user");
    JsonNode held = waiting.path("waiting_approvals").get(0);
    assertThat(held.path("command").asText()).isEqualTo("touch named.txt");
    assertThat(held.path("reason").asText()).contains("may change");
    assertThat(held.path("seconds_left").asLong()).isBetween(590L, 600L);
    assertThat(events(id, "paused")).hasSize(1);

    var decided =
        harness.post(
            "/investigations/" + id + "/approvals/" + held.path("call_id").asText(),
            "{\"approve\": true, \"reason\": \"fine\"}");

    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    assertThat(json(decided).path("decided_by").asText()).isEqualTo("alice");
    assertThat(harness.awaitEnd(id).path("status").asText()).isEqualTo("succeeded");
    assertThat(dir.resolve("workspace/named.txt")).exists();
    JsonNode decision = events(id, "approval_decided").getFirst();
    assertThat(decision.path("decided_by").asText()).isEqualTo("alice");
    assertThat(decision.path("approved").asBoolean()).isTrue();
    JsonNode stored = json(harness.get("/investigations/" + id + "/approvals")).get("approvals");
    assertThat(stored.get(0).path("status").asText()).isEqualTo("APPROVED");
    assertThat(stored.get(0).path("decided_by").asText()).isEqualTo("alice");
    assertThat(json(harness.get("/investigations/" + id)).path("waiting_approvals")).isEmpty();
  }

  @Test
  void aCallHeldBeforeARestartIsDecidedAfterItAndTheRunResumes() throws Exception {
    harness.start();
    String id = submitAHeldCall("survive a restart", "after-restart.txt");
    String callId =
        json(harness.get("/investigations/" + id))
            .path("waiting_approvals")
            .get(0)
            .path("call_id")
            .asText();
    harness.stop();

    harness.start();

    assertThat(json(harness.get("/investigations/" + id)).path("status").asText())
        .isEqualTo("waiting_for_approval");
    var decided =
        harness.post("/investigations/" + id + "/approvals/" + callId, "{\"approve\": true}");
    assertThat(decided.statusCode()).as(decided.body()).isEqualTo(200);
    JsonNode done = harness.awaitEnd(id);
    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(done.path("report").asText()).isEqualTo("done with after-restart.txt");
    assertThat(dir.resolve("workspace/after-restart.txt")).exists();
  }

  @Test
  void anApprovalNobodyDecidesTimesOutDeniedAndTheModelIsTold() throws Exception {
    harness.env.put("OATS_APPROVAL_TIMEOUT_SECONDS", "1");
    harness.start();
    String id = submitAHeldCall("wait for nobody", "never.txt");

    JsonNode done = harness.awaitEnd(id);

    assertThat(done.path("status").asText()).isEqualTo("succeeded");
    assertThat(dir.resolve("workspace/never.txt")).doesNotExist();
    JsonNode decision = events(id, "approval_decided").getFirst();
    assertThat(decision.path("approved").asBoolean()).isFalse();
    assertThat(decision.path("decided_by").asText()).isEqualTo("oats");
    assertThat(events(id, "observation").getFirst().path("status").asText()).isEqualTo("denied");
    assertThat(harness.model.requests().getLast().body().toString())
        .contains("not approved (nobody decided within 1 s)");
    var late =
        harness.post(
            "/investigations/" + id + "/approvals/" + decision.path("call_id").asText(),
            "{\"approve\": true}");
    assertThat(late.statusCode()).isEqualTo(409);
  }

  @Test
  void aWaitingRunFreesItsSlotSoAnotherInvestigationRuns() throws Exception {
    harness.env.put("OATS_MAX_CONCURRENT", "1");
    harness.start();
    String waiting = holdACall("hold the only slot", "slot.txt");
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"second done\"}"));

    String second = harness.submit("run while the first waits");

    assertThat(harness.awaitEnd(second).path("report").asText()).isEqualTo("second done");
    assertThat(json(harness.get("/investigations/" + waiting)).path("status").asText())
        .isEqualTo("waiting_for_approval");
    String callId =
        json(harness.get("/investigations/" + waiting))
            .path("waiting_approvals")
            .get(0)
            .path("call_id")
            .asText();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"first done\"}"));
    harness.post("/investigations/" + waiting + "/approvals/" + callId, "{\"approve\": false}");
    assertThat(harness.awaitEnd(waiting).path("status").asText()).isEqualTo("succeeded");
  }

  @Test
  void cancellingAWaitingInvestigationEndsItAndItsCallIsNoLongerWaiting() throws Exception {
    harness.start();
    String id = submitAHeldCall("cancel me while waiting", "cancelled.txt");
    String callId =
        json(harness.get("/investigations/" + id))
            .path("waiting_approvals")
            .get(0)
            .path("call_id")
            .asText();

    assertThat(harness.post("/investigations/" + id + "/cancel", "").statusCode()).isEqualTo(202);

    assertThat(harness.awaitEnd(id).path("status").asText()).isEqualTo("cancelled");
    assertThat(
            harness
                .post("/investigations/" + id + "/approvals/" + callId, "{\"approve\": true}")
                .statusCode())
        .isEqualTo(409);
    assertThat(dir.resolve("workspace/cancelled.txt")).doesNotExist();
  }
}
