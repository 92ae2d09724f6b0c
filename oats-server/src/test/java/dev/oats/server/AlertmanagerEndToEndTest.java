package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.oats.testkit.LocalDaemon;
import dev.oats.testkit.ScriptedReply;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path with real components: a real Prometheus scrapes a metric this test serves and
 * fires a rule; a real Alertmanager (Debian's {@code prometheus-alertmanager}) routes the alert to
 * OATS's webhook with its bearer token; an investigation starts with the fake model; Alertmanager's
 * repeats do not start another; and when the metric drops, the resolution is recorded.
 */
class AlertmanagerEndToEndTest {

  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  ServerHarness oats;
  HttpServer metrics;
  LocalDaemon alertmanager;
  LocalDaemon prometheus;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (alertmanager != null) {
      alertmanager.close();
    }
    if (metrics != null) {
      metrics.stop(0);
    }
    if (oats != null) {
      oats.close();
    }
  }

  @Test
  void aRuleFiringInPrometheusStartsOneInvestigationThroughAlertmanagerAndItsResolutionIsRecorded()
      throws Exception {
    AtomicInteger crashLooping = new AtomicInteger(1);
    metrics = serve(crashLooping);
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(
        runbooks.resolve("checkout-crashloop.md"),
        "---\ndescription: checkout crash-looping\nmatch:\n  alertname: CheckoutCrashLooping\n---\n"
            + "1. Read the previous container's log.\n");
    oats = new ServerHarness(dir);
    oats.env.put("OATS_ALERTMANAGER_TOKEN", AlertWebhookTest.TOKEN);
    oats.env.put("OATS_RUNBOOKS_DIR", runbooks.toString());
    oats.start();
    oats.model.enqueue(
        ScriptedReply.toolCall(
            "finish",
            "{\"result\": \"## Root cause\\nx\\n\\nRunbook followed: checkout-crashloop\"}"));
    alertmanager = startAlertmanager(oats.url("/webhooks/alertmanager"));
    prometheus = startPrometheus(metrics.getAddress().getPort(), alertmanagerPort);

    AtomicReference<JsonNode> started = new AtomicReference<>();
    alertmanager.awaitUntil(
        "an investigation started by the alert",
        WAIT,
        () -> {
          JsonNode list = get("/investigations");
          if (list.path("total").asLong() == 0) {
            return false;
          }
          started.set(get("/investigations/" + list.path("items").get(0).path("id").asText()));
          return true;
        });
    String id = started.get().path("id").asText();
    assertThat(started.get().path("target_namespace").asText()).isEqualTo("shop");
    assertThat(started.get().path("goal").asText())
        .startsWith("Alert CheckoutCrashLooping is firing (severity critical) in namespace shop")
        .contains("Pod: checkout-api-7d9f8c6b5-x2k4q")
        .contains("Summary: Pod checkout-api-7d9f8c6b5-x2k4q restarts over and over.")
        .contains("## The team's runbook: checkout-crashloop");
    JsonNode alert = started.get().path("alert");
    assertThat(alert.path("receiver").asText()).isEqualTo("oats");
    assertThat(alert.path("fingerprint").asText()).matches("[0-9a-f]{16}");
    assertThat(alert.path("generator_url").asText()).contains("/graph?g0.expr=");
    assertThat(alert.path("runbook").asText()).isEqualTo("checkout-crashloop");

    // Alertmanager repeats the notification (repeat_interval); it lands on the same investigation.
    alertmanager.awaitUntil(
        "a repeated notification",
        WAIT,
        () -> get("/investigations/" + id).path("alert").path("deliveries").asInt() >= 2);
    assertThat(get("/investigations").path("total").asLong()).isEqualTo(1);

    crashLooping.set(0);
    alertmanager.awaitUntil(
        "the resolution",
        WAIT,
        () ->
            get("/investigations/" + id).path("alert").path("status").asText().equals("resolved"));
    JsonNode resolved = get("/investigations/" + id);
    assertThat(resolved.path("alert").path("resolved_at").asText()).isNotEmpty();
    List<String> notes =
        get("/investigations/" + id + "/events").path("events").findValues("note").stream()
            .map(JsonNode::asText)
            .toList();
    assertThat(notes).first().asString().startsWith("started this investigation");
    assertThat(notes).last().asString().startsWith("resolved at ");
    assertThat(get("/investigations").path("total").asLong()).isEqualTo(1);
    assertThat(oats.awaitEnd(id).path("report").asText())
        .contains("Runbook followed: checkout-crashloop");
  }

  private JsonNode get(String path) {
    try {
      return json(oats.get(path));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The metric Prometheus scrapes: 1 while the pod crash-loops, 0 once it does not. */
  private static HttpServer serve(AtomicInteger crashLooping) throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        exchange -> {
          byte[] body =
              ("# TYPE checkout_crash_looping gauge\n"
                      + "checkout_crash_looping{namespace=\"shop\",pod=\"checkout-api-7d9f8c6b5-x2k4q\"} "
                      + crashLooping.get()
                      + "\n")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }

  private int alertmanagerPort;

  private LocalDaemon startAlertmanager(String webhook) throws Exception {
    alertmanagerPort = LocalDaemon.freePort();
    Path home = Files.createDirectories(dir.resolve("alertmanager"));
    Files.writeString(
        home.resolve("alertmanager.yml"),
        """
        route:
          receiver: oats
          group_by: [alertname]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 2s
        receivers:
          - name: oats
            webhook_configs:
              - url: %s
                send_resolved: true
                http_config:
                  authorization:
                    type: Bearer
                    credentials: %s
        """
            .formatted(webhook, AlertWebhookTest.TOKEN));
    return LocalDaemon.start(
        "Alertmanager",
        ALERTMANAGER,
        "prometheus-alertmanager",
        List.of(
            "--config.file=" + home.resolve("alertmanager.yml"),
            "--storage.path=" + home.resolve("data"),
            "--web.listen-address=127.0.0.1:" + alertmanagerPort,
            "--cluster.listen-address=",
            "--log.level=warn"),
        home,
        URI.create("http://127.0.0.1:" + alertmanagerPort + "/-/ready"),
        WAIT);
  }

  private LocalDaemon startPrometheus(int metricsPort, int alertmanagerPort) throws Exception {
    int port = LocalDaemon.freePort();
    Path home = Files.createDirectories(dir.resolve("prometheus"));
    Files.writeString(
        home.resolve("rules.yml"),
        """
        groups:
          - name: shop
            interval: 1s
            rules:
              - alert: CheckoutCrashLooping
                expr: checkout_crash_looping > 0
                for: 0s
                labels:
                  severity: critical
                annotations:
                  summary: Pod {{ $labels.pod }} restarts over and over.
                  description: The checkout API crash-loops in namespace {{ $labels.namespace }}.
        """);
    Files.writeString(
        home.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files: [rules.yml]
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ['127.0.0.1:%d']
        scrape_configs:
          - job_name: shop
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(alertmanagerPort, metricsPort));
    return LocalDaemon.start(
        "Prometheus",
        PROMETHEUS,
        "prometheus",
        List.of(
            "--config.file=" + home.resolve("prometheus.yml"),
            "--storage.tsdb.path=" + home.resolve("data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn"),
        home,
        URI.create("http://127.0.0.1:" + port + "/-/ready"),
        WAIT);
  }
}
