package dev.oats.server;

import static dev.oats.server.ServerHarness.JSON;
import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /webhooks/alertmanager} on a real server with a fake model: its own token, alerts
 * starting investigations, dedup by fingerprint (also under concurrent identical deliveries),
 * filters, the hourly cap, resolution, and malformed payloads.
 */
class AlertWebhookTest {

  static final String TOKEN = "alertmanager-webhook-token-0123456789";

  @TempDir Path dir;
  ServerHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private ServerHarness start(Map<String, String> settings) throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("OATS_ALERTMANAGER_TOKEN", TOKEN);
    harness.env.putAll(settings);
    return harness.start();
  }

  static ObjectNode alert(String status, String fingerprint, Map<String, String> labels) {
    ObjectNode alert = JSON.createObjectNode();
    alert.put("status", status);
    ObjectNode l = alert.putObject("labels");
    labels.forEach(l::put);
    alert
        .putObject("annotations")
        .put("summary", "Pod " + labels.getOrDefault("pod", "?") + " is crash looping.")
        .put("description", "It restarted 5 times in 10 minutes.")
        .put("runbook_url", "https://runbooks.example.com/crashloop");
    alert.put("startsAt", "2026-12-06T10:00:00.123Z");
    alert.put(
        "endsAt", status.equals("resolved") ? "2026-12-06T10:30:00Z" : "0001-01-01T00:00:00Z");
    alert.put("generatorURL", "http://prometheus:9090/graph?g0.expr=up");
    alert.put("fingerprint", fingerprint);
    return alert;
  }

  static Map<String, String> crashLabels(String namespace, String severity) {
    return Map.of(
        "alertname", "KubePodCrashLooping",
        "severity", severity,
        "namespace", namespace,
        "pod", "checkout-api-7d9f8c6b5-x2k4q",
        "container", "app");
  }

  static String payload(ObjectNode... alerts) {
    ObjectNode body = JSON.createObjectNode();
    body.put("version", "4");
    body.put("groupKey", "{}:{alertname=\"KubePodCrashLooping\"}");
    body.put("truncatedAlerts", 0);
    body.put("status", alerts[0].path("status").asText());
    body.put("receiver", "oats");
    body.putObject("groupLabels").put("alertname", "KubePodCrashLooping");
    body.putObject("commonLabels").put("alertname", "KubePodCrashLooping");
    body.putObject("commonAnnotations");
    body.put("externalURL", "http://alertmanager:9093");
    ArrayNode list = body.putArray("alerts");
    for (ObjectNode a : alerts) {
      list.add(a);
    }
    return body.toString();
  }

  private HttpResponse<String> deliver(String body) throws Exception {
    return deliver(body, "Bearer " + TOKEN);
  }

  private HttpResponse<String> deliver(String body, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return harness.send(request);
  }

  private JsonNode outcome(HttpResponse<String> response, int index) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).path("alerts").get(index);
  }

  private List<JsonNode> events(String id, String type) throws Exception {
    List<JsonNode> found = new ArrayList<>();
    json(harness.get("/investigations/" + id + "/events"))
        .get("events")
        .forEach(
            e -> {
              if (e.path("event").path("type").asText().equals(type)) {
                found.add(e.path("event"));
              }
            });
    return found;
  }

  private long total() throws Exception {
    return json(harness.get("/investigations/counts")).path("total").asLong();
  }

  @Test
  void theWebhookTakesOnlyItsOwnTokenNeverAnApiKey() throws Exception {
    start(Map.of());
    String body = payload(alert("firing", "fp1", crashLabels("shop", "critical")));

    HttpResponse<String> none = deliver(body, null);
    HttpResponse<String> wrong = deliver(body, "Bearer not-the-token");
    HttpResponse<String> apiKeyAsBearer = deliver(body, "Bearer " + ServerHarness.KEY);
    HttpResponse<String> apiKeyHeader =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
                .header("X-API-Key", ServerHarness.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)));

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).at("/error/message").asText())
        .contains("Authorization: Bearer <OATS_ALERTMANAGER_TOKEN>");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(apiKeyAsBearer.statusCode()).isEqualTo(401);
    assertThat(apiKeyHeader.statusCode()).isEqualTo(401);
    assertThat(total()).isZero();
    assertThat(deliver(body).statusCode()).isEqualTo(200);
    assertThat(total()).isEqualTo(1);
  }

  @Test
  void withoutAConfiguredTokenTheWebhookSaysWhatToSet() throws Exception {
    harness = new ServerHarness(dir).start();

    HttpResponse<String> response =
        deliver(payload(alert("firing", "fp1", crashLabels("shop", "critical"))));

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(json(response).at("/error/code").asText()).isEqualTo("webhook_disabled");
    assertThat(json(response).at("/error/message").asText())
        .contains("set OATS_ALERTMANAGER_TOKEN")
        .contains("http_config.authorization.credentials");
  }

  @Test
  void aFiringAlertStartsAnInvestigationWrittenFromItWithTheMatchingRunbook() throws Exception {
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(
        runbooks.resolve("shop-crashloop.md"),
        """
        ---
        description: Shop pods crash-looping
        match:
          alertname: KubePodCrashLooping
          namespace: shop
        ---
        1. Read the previous container's log before anything else.
        """);
    start(Map.of("OATS_RUNBOOKS_DIR", runbooks.toString()));
    harness.model.enqueue(
        ScriptedReply.toolCall(
            "finish", "{\"result\": \"## Root cause\\nx\\n\\nRunbook followed: shop-crashloop\"}"));

    JsonNode started =
        outcome(deliver(payload(alert("firing", "fp1", crashLabels("shop", "critical")))), 0);

    assertThat(started.path("outcome").asText()).isEqualTo("started");
    assertThat(started.path("fingerprint").asText()).isEqualTo("fp1");
    String id = started.path("investigation_id").asText();
    JsonNode investigation = harness.awaitEnd(id);
    assertThat(investigation.path("status").asText()).isEqualTo("succeeded");
    assertThat(investigation.path("target_namespace").asText()).isEqualTo("shop");
    assertThat(investigation.path("goal").asText())
        .startsWith("Alert KubePodCrashLooping is firing (severity critical) in namespace shop")
        .contains("Pod: checkout-api-7d9f8c6b5-x2k4q")
        .contains("Container: app")
        .contains("Summary: Pod checkout-api-7d9f8c6b5-x2k4q is crash looping.")
        .contains("Description: It restarted 5 times in 10 minutes.")
        .contains("Runbook URL: https://runbooks.example.com/crashloop");
    JsonNode kept = investigation.path("alert");
    assertThat(kept.path("fingerprint").asText()).isEqualTo("fp1");
    assertThat(kept.path("status").asText()).isEqualTo("firing");
    assertThat(kept.at("/labels/pod").asText()).isEqualTo("checkout-api-7d9f8c6b5-x2k4q");
    assertThat(kept.at("/annotations/summary").asText()).contains("crash looping");
    assertThat(kept.path("starts_at").asText()).isEqualTo("2026-12-06T10:00:00.123Z");
    assertThat(kept.path("ends_at").isNull()).isTrue();
    assertThat(kept.path("generator_url").asText()).startsWith("http://prometheus:9090/graph");
    assertThat(kept.path("runbook").asText()).isEqualTo("shop-crashloop");
    assertThat(kept.path("deliveries").asInt()).isEqualTo(1);
    assertThat(events(id, "alert_received"))
        .singleElement()
        .satisfies(e -> assertThat(e.path("note").asText()).startsWith("started this"));
    assertThat(events(id, "runbook_attached"))
        .singleElement()
        .satisfies(e -> assertThat(e.path("name").asText()).isEqualTo("shop-crashloop"));
    String firstPrompt = harness.model.requests().getFirst().body().path("messages").toString();
    assertThat(firstPrompt)
        .contains("## The team's runbook: shop-crashloop")
        .contains("the team's own procedure")
        .contains("Read the previous container's log before anything else.")
        .contains("Runbook followed: shop-crashloop");
    assertThat(investigation.path("report").asText()).contains("Runbook followed: shop-crashloop");
    assertThat(
            json(harness.get("/openapi.json"))
                .at("/paths/~1webhooks~1alertmanager/post/responses")
                .has("200"))
        .isTrue();
  }

  @Test
  void aResentAlertIsRecordedOnItsInvestigationAndSoIsItsResolution() throws Exception {
    start(Map.of());
    ObjectNode firing = alert("firing", "fp1", crashLabels("shop", "critical"));
    String id = outcome(deliver(payload(firing)), 0).path("investigation_id").asText();

    JsonNode again = outcome(deliver(payload(firing)), 0);
    ObjectNode refired = firing.deepCopy().put("startsAt", "2026-12-06T11:00:00Z");
    JsonNode episode = outcome(deliver(payload(refired)), 0);
    JsonNode resolved =
        outcome(
            deliver(
                payload(
                    alert("resolved", "fp1", crashLabels("shop", "critical"))
                        .put("startsAt", "2026-12-06T11:00:00Z"))),
            0);

    assertThat(again.path("outcome").asText()).isEqualTo("deduplicated");
    assertThat(again.path("investigation_id").asText()).isEqualTo(id);
    assertThat(episode.path("outcome").asText()).isEqualTo("deduplicated");
    assertThat(episode.path("investigation_id").asText()).isEqualTo(id);
    assertThat(resolved.path("outcome").asText()).isEqualTo("resolved");
    assertThat(resolved.path("investigation_id").asText()).isEqualTo(id);
    assertThat(total()).isEqualTo(1);
    assertThat(events(id, "alert_received"))
        .extracting(e -> e.path("note").asText())
        .containsExactly(
            "started this investigation (firing since 2026-12-06T10:00:00.123Z)",
            "re-fired at 2026-12-06T11:00:00Z (Alertmanager sent it again)",
            "resolved at 2026-12-06T10:30:00Z");
    JsonNode kept = json(harness.get("/investigations/" + id)).path("alert");
    assertThat(kept.path("status").asText()).isEqualTo("resolved");
    assertThat(kept.path("resolved_at").asText()).isEqualTo("2026-12-06T10:30:00Z");
    assertThat(kept.path("deliveries").asInt()).isEqualTo(4);
  }

  @Test
  void concurrentIdenticalDeliveriesStartOneInvestigation() throws Exception {
    start(Map.of());
    String body = payload(alert("firing", "fp-storm", crashLabels("shop", "critical")));
    List<Callable<JsonNode>> posts = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      posts.add(() -> outcome(deliver(body), 0));
    }

    List<JsonNode> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
      for (Future<JsonNode> f : pool.invokeAll(posts)) {
        outcomes.add(f.get());
      }
    }

    assertThat(outcomes).filteredOn(o -> o.path("outcome").asText().equals("started")).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> o.path("outcome").asText().equals("deduplicated"))
        .hasSize(11);
    assertThat(outcomes)
        .extracting(o -> o.path("investigation_id").asText())
        .containsOnly(outcomes.getFirst().path("investigation_id").asText());
    assertThat(total()).isEqualTo(1);
  }

  @Test
  void filtersChooseWhichAlertsStartInvestigations() throws Exception {
    start(
        Map.of(
            "OATS_ALERT_MATCHERS", "{namespace=~\"shop|payments\", alertname!=\"Watchdog\"}",
            "OATS_ALERT_MIN_SEVERITY", "warning"));

    HttpResponse<String> response =
        deliver(
            payload(
                alert("firing", "a", crashLabels("kube-system", "critical")),
                alert("firing", "b", crashLabels("shop", "info")),
                alert("firing", "c", Map.of("alertname", "Watchdog", "namespace", "shop")),
                alert("firing", "d", crashLabels("payments", "critical"))));

    assertThat(outcome(response, 0).path("outcome").asText()).isEqualTo("filtered");
    assertThat(outcome(response, 0).path("reason").asText())
        .contains("namespace=~\"shop|payments\"")
        .contains("OATS_ALERT_MATCHERS");
    assertThat(outcome(response, 1).path("outcome").asText()).isEqualTo("filtered");
    assertThat(outcome(response, 1).path("reason").asText())
        .contains("severity \"info\" is below warning");
    assertThat(outcome(response, 2).path("outcome").asText()).isEqualTo("filtered");
    assertThat(outcome(response, 3).path("outcome").asText()).isEqualTo("started");
    assertThat(total()).isEqualTo(1);
  }

  @Test
  void theHourlyCapRefusesFurtherAlertsSayingWhy() throws Exception {
    start(Map.of("OATS_ALERT_MAX_PER_HOUR", "2"));
    List<Callable<JsonNode>> posts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String body = payload(alert("firing", "fp-" + i, crashLabels("shop", "critical")));
      posts.add(() -> outcome(deliver(body), 0));
    }

    List<JsonNode> outcomes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
      for (Future<JsonNode> f : pool.invokeAll(posts)) {
        outcomes.add(f.get());
      }
    }

    assertThat(outcomes).filteredOn(o -> o.path("outcome").asText().equals("started")).hasSize(2);
    assertThat(outcomes)
        .filteredOn(o -> o.path("outcome").asText().equals("capped"))
        .hasSize(3)
        .allSatisfy(
            o ->
                assertThat(o.path("reason").asText())
                    .contains("hourly cap is reached")
                    .contains("OATS_ALERT_MAX_PER_HOUR=2"));
    assertThat(total()).isEqualTo(2);
    assertThat(harness.get("/metrics").body())
        .contains("oats_alerts_total{outcome=\"capped\"} 3.0")
        .contains("oats_alerts_total{outcome=\"started\"} 2.0");
  }

  @Test
  void afterTheDedupWindowTheSameAlertStartsANewInvestigation() throws Exception {
    start(Map.of("OATS_ALERT_DEDUP_WINDOW_SECONDS", "0"));
    String body = payload(alert("firing", "fp1", crashLabels("shop", "critical")));
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"first\"}"));
    String first = outcome(deliver(body), 0).path("investigation_id").asText();
    harness.awaitEnd(first);

    JsonNode second = outcome(deliver(body), 0);

    assertThat(second.path("outcome").asText()).isEqualTo("started");
    assertThat(second.path("investigation_id").asText()).isNotEqualTo(first);
    assertThat(total()).isEqualTo(2);
  }

  @Test
  void aResolvedAlertWithoutAnInvestigationIsIgnoredSayingSo() throws Exception {
    start(Map.of());

    JsonNode resolved =
        outcome(deliver(payload(alert("resolved", "never", crashLabels("shop", "critical")))), 0);

    assertThat(resolved.path("outcome").asText()).isEqualTo("ignored");
    assertThat(resolved.path("reason").asText()).contains("no investigation");
    assertThat(total()).isZero();
  }

  @Test
  void malformedPayloadsGetA400NamingTheField() throws Exception {
    start(Map.of());
    ObjectNode good = alert("firing", "fp1", crashLabels("shop", "critical"));

    assertThat(deliver("{not json").statusCode()).isEqualTo(400);
    assertThat(json(deliver("{not json")).at("/error/message").asText()).contains("not valid JSON");
    assertField("{\"version\": \"4\"}", "alerts");
    assertField(payload(good).replace("\"version\":\"4\"", "\"version\":\"3\""), "version");
    assertField(payload(good, good.deepCopy().put("status", "bogus")), "alerts[1].status");
    ObjectNode numberLabel = good.deepCopy();
    ((ObjectNode) numberLabel.get("labels")).put("replicas", 3);
    assertField(payload(numberLabel), "alerts[0].labels.replicas");
    assertField(payload(good.deepCopy().put("startsAt", "yesterday")), "alerts[0].startsAt");
    ObjectNode noLabels = good.deepCopy();
    noLabels.remove("labels");
    assertField(payload(noLabels), "alerts[0].labels");
    // A valid alert before a broken one started nothing: the payload is refused whole.
    assertThat(total()).isZero();
  }

  private void assertField(String body, String field) throws Exception {
    HttpResponse<String> response = deliver(body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode error = json(response).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_payload");
    assertThat(error.path("field").asText()).isEqualTo(field);
    assertThat(error.path("message").asText()).contains(field);
  }
}
