package dev.oats.notify;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.notify.WebhookReceiver.Received;
import dev.oats.notify.WebhookReceiver.Reply;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server with the fake model, its notifications configured in oats.yaml, and real HTTP
 * receivers on loopback standing in for Slack, Teams and webhook endpoints. Each test runs its
 * investigation in a namespace of its own, which routes it to its own receivers.
 */
class NotificationsEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLIC_URL = "https://oats.example.com";
  private static final String SECRET_PATH = "/services/T0SECRET/B0SECRET/xoxSecretHookPath";

  @TempDir static Path dir;
  static ServerHarness harness;
  static WebhookReceiver slack;
  static WebhookReceiver teams;
  static WebhookReceiver audit;
  static WebhookReceiver elsewhere;
  static WebhookReceiver retry;
  static WebhookReceiver throttled;
  static WebhookReceiver broken;
  static WebhookReceiver revoked;
  static PrintStream originalErr;
  static final ByteArrayOutputStream logs = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));
    slack = new WebhookReceiver();
    teams = new WebhookReceiver().always(new Reply(202, Map.of(), ""));
    audit = new WebhookReceiver();
    elsewhere = new WebhookReceiver();
    retry = new WebhookReceiver();
    throttled = new WebhookReceiver();
    broken = new WebhookReceiver().always(Reply.status(500, "internal error"));
    revoked = new WebhookReceiver().always(Reply.status(404, "no_service"));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Path config = dir.resolve("oats.yaml");
    Files.writeString(
        config,
        """
        public_url: %s
        notify_max_attempts: 3
        notify_backoff_millis: 50
        notify_timeout_seconds: 5
        notifications:
          - name: shop-slack
            type: slack
            url: %s
            matchers: ['namespace=shop']
            events: [ended, waiting_approval]
          - name: shop-teams
            type: teams
            url: %s
            matchers: ['namespace=~"shop|payments"', 'status!=cancelled']
            events: [ended]
          - name: audit
            type: webhook
            url: %s
            matchers: {namespace: shop}
          - name: elsewhere
            type: slack
            url: %s
            matchers: ['namespace=elsewhere']
          - name: retry
            type: webhook
            url: %s
            matchers: ['namespace=retry']
          - name: throttled
            type: webhook
            url: %s
            matchers: ['namespace=throttled']
          - name: broken
            type: webhook
            url: %s
            matchers: ['namespace=broken']
          - name: revoked
            type: slack
            url: %s
            matchers: ['namespace=broken']
          - name: unreachable
            type: teams
            url: http://127.0.0.1:%d%s
            matchers: ['namespace=broken']
        """
            .formatted(
                PUBLIC_URL,
                slack.url(SECRET_PATH),
                teams.url("/workflows/teams"),
                audit.url("/audit"),
                elsewhere.url("/elsewhere"),
                retry.url("/retry"),
                throttled.url("/throttled"),
                broken.url(SECRET_PATH),
                revoked.url(SECRET_PATH),
                closedPort,
                SECRET_PATH));
    harness = new ServerHarness(dir);
    harness.env.put("OATS_CONFIG", config.toString());
    harness.env.put("PATH", System.getenv("PATH"));
    harness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      harness.close();
      for (WebhookReceiver r :
          List.of(slack, teams, audit, elsewhere, retry, throttled, broken, revoked)) {
        r.close();
      }
    } finally {
      System.setErr(originalErr);
    }
  }

  private static final String REPORT =
      """
      ## Root cause
      The container **checkout-api** is OOM-killed: its limit is 256Mi, and it logs the DB \
      password=hunter2-hunter2 and the key sk-ant-test-0123456789 at start.

      ## Evidence
      - kubectl_info: OOMKilled, exit code 137

      ## Next steps
      Raise the memory limit.
      """;

  private static String finish(String report) {
    return JSON.createObjectNode().put("result", report).toString();
  }

  @Test
  void anEndedInvestigationReachesSlackTeamsAndTheWebhookInTheShapesTheyExpect() throws Exception {
    double sentBefore = metric("oats_notifications_total", "shop-slack", "succeeded", "sent");
    harness.model.enqueue(ScriptedReply.toolCall("finish", finish(REPORT)));
    String id = harness.submit("why is checkout-api crash-looping? <!channel> & co", "shop");
    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("succeeded");

    Received toSlack = only(slack, id);
    Received toTeams = only(teams, id);
    Received toAudit = only(audit, id);
    String link = PUBLIC_URL + "/#/investigations/" + id;
    String rootCause =
        "The container *checkout-api* is OOM-killed: its limit is 256Mi, and it logs the DB"
            + " password=[REDACTED:password] and the key [REDACTED:known_secret] at start.";

    assertThat(toSlack.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(toSlack.json())
        .isEqualTo(
            JSON.readTree(
                """
                {"text": "OATS: investigation succeeded in shop: why is checkout-api crash-looping? &lt;!channel&gt; &amp; co — %s <%s|Open>",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": "Investigation succeeded"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Status*\\nsucceeded"},
                    {"type": "mrkdwn", "text": "*Namespace*\\nshop"}]},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "*Goal*\\nwhy is checkout-api crash-looping? &lt;!channel&gt; &amp; co"}},
                  {"type": "section", "text": {"type": "mrkdwn", "text": "*Root cause*\\n%s"}},
                  {"type": "actions", "elements": [
                    {"type": "button", "action_id": "open_investigation", "url": "%s",
                     "text": {"type": "plain_text", "text": "Open investigation"}}]},
                  {"type": "context", "elements": [
                    {"type": "mrkdwn", "text": "OATS · investigation `%s` · run 1 · 1 turn"}]}
                 ]}
                """
                    .formatted(
                        rootCause.replace("*checkout-api*", "**checkout-api**"),
                        link,
                        rootCause,
                        link,
                        id)));
    assertThat(toTeams.json())
        .isEqualTo(
            JSON.readTree(
                """
                {"type": "message",
                 "attachments": [{
                  "contentType": "application/vnd.microsoft.card.adaptive",
                  "contentUrl": null,
                  "content": {
                   "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
                   "type": "AdaptiveCard",
                   "version": "1.4",
                   "msteams": {"width": "Full"},
                   "body": [
                    {"type": "TextBlock", "text": "Investigation succeeded", "size": "Large",
                     "weight": "Bolder", "color": "Good", "wrap": true},
                    {"type": "FactSet", "facts": [
                      {"title": "Status", "value": "succeeded"},
                      {"title": "Namespace", "value": "shop"},
                      {"title": "Goal", "value": "why is checkout-api crash-looping? <!channel> & co"},
                      {"title": "Investigation", "value": "%s (run 1)"}]},
                    {"type": "TextBlock", "text": "Root cause", "weight": "Bolder", "spacing": "Medium", "wrap": true},
                    {"type": "TextBlock", "text": "%s", "wrap": true}
                   ],
                   "actions": [{"type": "Action.OpenUrl", "title": "Open investigation", "url": "%s"}]
                  }}]}
                """
                    .formatted(id, rootCause.replace("*checkout-api*", "**checkout-api**"), link)));
    ObjectNode generic = (ObjectNode) toAudit.json();
    assertThat(Instant.parse(generic.remove("at").asText())).isBefore(Instant.now());
    assertThat(generic.remove("report").asText())
        .contains("## Evidence", "password=[REDACTED:password]")
        .doesNotContain("hunter2");
    assertThat(generic)
        .isEqualTo(
            JSON.readTree(
                """
                {"schema": "oats.notification.v1",
                 "event": "succeeded",
                 "title": "Investigation succeeded",
                 "investigation": {"id": "%s", "goal": "why is checkout-api crash-looping? <!channel> & co",
                   "target_namespace": "shop", "status": "succeeded", "run": 1, "turns": 1, "url": "%s"},
                 "summary": "%s",
                 "approval": null,
                 "labels": {"event": "succeeded", "namespace": "shop", "runner": "local", "status": "succeeded"}}
                """
                    .formatted(id, link, rootCause.replace("*checkout-api*", "**checkout-api**"))));
    for (Received r : List.of(toSlack, toTeams, toAudit)) {
      assertThat(r.body()).doesNotContain("hunter2", "sk-ant-test-0123456789");
    }
    assertThat(elsewhere.received()).isEmpty();
    awaitMetric("oats_notifications_total", "shop-slack", "succeeded", "sent", sentBefore + 1);
  }

  @Test
  void aCallHeldForApprovalIsToldWithItsCommandThenItsEnd() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "bash_executor",
            "{\"command\": \"touch restarted.txt --token=ghp_0123456789abcdefghijklmnopqrstuvwxyzAB\"}"),
        ScriptedReply.toolCall("finish", finish("## Root cause\nNothing left to do.")));
    String id = harness.submit("restart checkout-api", "shop");

    JsonNode waiting = slack.awaitAbout(id, 1).getFirst().json();
    String text = waiting.toString();
    assertThat(text)
        .contains(
            "Investigation waits for approval",
            "*Status*\\nwaiting_for_approval",
            "*Held command* (`bash_executor`)",
            "touch restarted.txt --token=",
            "Approve or deny",
            PUBLIC_URL + "/#/investigations/" + id)
        .doesNotContain("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB");
    String callId =
        json(harness.get("/investigations/" + id + "/approvals")).findValue("call_id").asText();
    harness.post("/investigations/" + id + "/approvals/" + callId, "{\"approve\": false}");
    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("succeeded");

    JsonNode ended = slack.awaitAbout(id, 2).get(1).json();
    assertThat(ended.toString()).contains("Investigation succeeded", "Nothing left to do.");
    JsonNode auditWaiting =
        audit.received().stream()
            .map(WebhookReceiver.Received::body)
            .filter(b -> b.contains(id) && b.contains("waiting_approval"))
            .findFirst()
            .map(NotificationsEndToEndTest::parse)
            .orElseThrow();
    assertThat(auditWaiting.get("approval").get("call_id").asText()).isEqualTo(callId);
    assertThat(auditWaiting.get("approval").get("tool").asText()).isEqualTo("bash_executor");
    // A waiting_approval message would have come first, before anyone decided.
    assertThat(teams.awaitAbout(id, 1).getFirst().body())
        .as("the Teams route takes ended events only")
        .contains("Investigation succeeded");
  }

  @Test
  void aFailedRunIsToldWithItsReason() throws Exception {
    harness.model.enqueue(ScriptedReply.httpError(400, "model gone"));
    String id = harness.submit("why does the model fail?", "shop");
    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("failed");

    JsonNode toSlack = slack.awaitAbout(id, 1).getFirst().json();
    JsonNode toAudit = audit.awaitAbout(id, 1).getFirst().json();

    assertThat(toSlack.at("/blocks/0/text/text").asText()).isEqualTo("Investigation failed");
    assertThat(toSlack.at("/blocks/3/text/text").asText()).startsWith("*Why it failed*\n");
    assertThat(toAudit.get("event").asText()).isEqualTo("failed");
    assertThat(toAudit.get("summary").asText())
        .isEqualTo(json(harness.get("/investigations/" + id)).get("failure_reason").asText());
    assertThat(toAudit.at("/labels/failure_kind").asText()).isEqualTo("model_error");
  }

  @Test
  void aCancelledInvestigationIsToldOnlyToTheRoutesThatTakeIt() throws Exception {
    harness.model.enqueue(
        ScriptedReply.toolCall("bash_executor", "{\"command\": \"touch cancelled.txt\"}"));
    String id = harness.submit("restart everything", "shop");
    slack.awaitAbout(id, 1); // waiting for approval

    harness.post("/investigations/" + id + "/cancel", "{}");
    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("cancelled");

    JsonNode cancelled = slack.awaitAbout(id, 2).get(1).json();
    assertThat(cancelled.at("/blocks/0/text/text").asText()).isEqualTo("Investigation cancelled");
    assertThat(teams.received().stream().map(Received::body).filter(b -> b.contains(id)))
        .as("the Teams route has status!=cancelled")
        .isEmpty();
  }

  @Test
  void aReceiverThatFailsOnceIsTriedAgain() throws Exception {
    retry.script(Reply.status(500, "try later"));
    harness.model.enqueue(ScriptedReply.toolCall("finish", finish("## Root cause\nA.")));
    String id = harness.submit("retry me", "retry");
    harness.awaitEnd(id);

    List<Received> got = retry.await(2);

    assertThat(got).hasSize(2);
    assertThat(got.get(1).body()).isEqualTo(got.get(0).body());
    awaitMetric("oats_notifications_total", "retry", "succeeded", "sent", 1);
    assertThat(metricLine("oats_notification_retries_total{target=\"retry\"}")).isEqualTo(1);
  }

  @Test
  void a429WaitsAsLongAsRetryAfterSays() throws Exception {
    throttled.script(new Reply(429, Map.of("Retry-After", "1"), "rate_limited"));
    harness.model.enqueue(ScriptedReply.toolCall("finish", finish("## Root cause\nB.")));
    String id = harness.submit("throttle me", "throttled");
    harness.awaitEnd(id);

    List<Received> got = throttled.await(2);

    // The backoff is 50 ms: only Retry-After makes it wait a second.
    assertThat(Duration.between(got.get(0).at(), got.get(1).at()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    awaitMetric("oats_notifications_total", "throttled", "succeeded", "sent", 1);
  }

  @Test
  void receiversThatKeepFailingAreCountedAndLoggedAndTheInvestigationStillSucceeds()
      throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", finish("## Root cause\nC.")));
    String id = harness.submit("break the receivers", "broken");

    assertThat(harness.awaitEnd(id).get("status").asText()).isEqualTo("succeeded");
    awaitMetric("oats_notifications_total", "broken", "succeeded", "failed", 1);
    awaitMetric("oats_notifications_total", "revoked", "succeeded", "failed", 1);
    awaitMetric("oats_notifications_total", "unreachable", "succeeded", "failed", 1);

    assertThat(broken.received()).as("three attempts, then it gives up").hasSize(3);
    assertThat(revoked.received()).as("a 404 is not retried").hasSize(1);
    String logged = logs.toString(StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("Could not notify broken (webhook http://127.0.0.1:")
        .contains("after 3 attempt(s): HTTP 500: internal error")
        .contains("Could not notify revoked")
        .contains("HTTP 404: no_service (not retried)")
        .contains("Could not notify unreachable (teams http://127.0.0.1:")
        .doesNotContain("T0SECRET", "xoxSecretHookPath");
    assertThat(json(harness.get("/investigations/" + id)).get("status").asText())
        .isEqualTo("succeeded");
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The one request about this investigation. */
  private static Received only(WebhookReceiver receiver, String id) throws InterruptedException {
    List<Received> about = receiver.awaitAbout(id, 1);
    assertThat(about).hasSize(1);
    return about.getFirst();
  }

  private static double metric(String name, String target, String event, String outcome)
      throws Exception {
    String type =
        switch (target) {
          case "shop-slack", "elsewhere", "revoked" -> "slack";
          case "shop-teams", "unreachable" -> "teams";
          default -> "webhook";
        };
    return metricLine(
        "%s{event=\"%s\",outcome=\"%s\",target=\"%s\",type=\"%s\"}"
            .formatted(name, event, outcome, target, type));
  }

  private static double metricLine(String series) throws Exception {
    for (String line : harness.get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).strip());
      }
    }
    return 0;
  }

  /** Deliveries end after the investigation does: waits (bounded) for the count. */
  private static void awaitMetric(
      String name, String target, String event, String outcome, double expected) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (metric(name, target, event, outcome) < expected && Instant.now().isBefore(deadline)) {
      Thread.sleep(50);
    }
    assertThat(metric(name, target, event, outcome)).isEqualTo(expected);
  }

  /** Writes to the real standard error and keeps a copy, to read the log. */
  private static final class Tee extends OutputStream {
    private final OutputStream first;
    private final OutputStream second;

    Tee(OutputStream first, OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}
