package dev.oats.server;

import static dev.oats.server.ServerHarness.JSON;
import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.testkit.RecordedRequest;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret pasted into what a person or an alert writes: a goal, a follow-up question, an alert's
 * annotations (which Alertmanager fills from templates anyone who can shape a label or a log can
 * reach). None of it may be stored, shown by the API (and so the UI), put in the events or sent to
 * the model: the goal went into the investigation's row, its {@code started} event and the server
 * log as it was typed, the server's own model key included.
 */
class PastedSecretAttackTest {

  private static final String MODEL_KEY = "sk-ant-test-0123456789"; // ServerHarness's
  private static final String GITHUB = "ghp_" + "0123456789abcdefghijABCDEFGHIJ012345";
  private static final String AWS = "AKIA" + "IOSFODNN7EXAMPLE";
  private static final String PASSWORD = "postgres://app:Hunter2hunter2@db:5432/orders";
  private static final String WEBHOOK = "alertmanager-webhook-token-0123456789";

  @TempDir Path dir;

  @Test
  void aSecretInAGoalAQuestionOrAnAlertIsKeptNowhere() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_ALERTMANAGER_TOKEN", WEBHOOK);
      harness.model.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"nothing wrong\"}"),
          ScriptedReply.toolCall("finish", "{\"result\": \"still nothing\"}"),
          ScriptedReply.toolCall("finish", "{\"result\": \"the alert is fine\"}"));
      harness.start();

      String typed =
          "why is checkout failing? I tried the key %s and the token %s"
              .formatted(MODEL_KEY, GITHUB);
      String id = harness.submit(typed);
      harness.awaitEnd(id);
      HttpResponse<String> asked =
          harness.post(
              "/investigations/" + id + "/messages",
              JSON.createObjectNode()
                  .put("message", "does %s work at %s?".formatted(AWS, PASSWORD))
                  .toString());
      assertThat(asked.statusCode()).as(asked.body()).isLessThan(300);
      harness.awaitInvestigation(
          id,
          inv ->
              inv.path("runs").asInt() == 2 && inv.path("report").asText().equals("still nothing"));

      ObjectNode alert =
          AlertWebhookTest.alert(
              "firing",
              "f00dfeedf00dfeed",
              Map.of("alertname", "CheckoutErrors", "namespace", "shop", "severity", "critical"));
      ((ObjectNode) alert.get("annotations"))
          .put("description", "Errors like: connecting to %s as %s".formatted(PASSWORD, GITHUB));
      HttpResponse<String> delivered =
          harness.send(
              HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + WEBHOOK)
                  .POST(HttpRequest.BodyPublishers.ofString(AlertWebhookTest.payload(alert))));
      assertThat(delivered.statusCode()).as(delivered.body()).isEqualTo(200);
      String fromAlert = json(delivered).path("alerts").get(0).path("investigation_id").asText();
      harness.awaitEnd(fromAlert);

      StringBuilder seen = new StringBuilder();
      for (String investigation : List.of(id, fromAlert)) {
        seen.append(harness.get("/investigations/" + investigation).body());
        seen.append(harness.get("/investigations/" + investigation + "/events").body());
      }
      seen.append(harness.get("/investigations?limit=10").body());
      String shown = seen.toString();
      for (RecordedRequest request : harness.model.requests()) {
        seen.append(request.body().toString());
      }
      String everything = seen.toString();

      assertThat(shown)
          .as("the goal, kept without its secrets")
          .contains("why is checkout failing");
      assertThat(shown).contains("[REDACTED:");
      for (String secret : List.of(MODEL_KEY, GITHUB, AWS, "Hunter2hunter2")) {
        assertThat(everything).as("the API, the events and the prompts").doesNotContain(secret);
      }
    }
  }
}
