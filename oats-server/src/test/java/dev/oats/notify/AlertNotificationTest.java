package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.ServerHarness;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An investigation an Alertmanager alert started is told to the routes that match the alert's
 * labels (its severity here), and not to the others.
 */
class AlertNotificationTest {

  private static final String TOKEN = "alertmanager-webhook-token-0123456789";

  @TempDir Path dir;
  ServerHarness harness;
  WebhookReceiver critical;
  WebhookReceiver warnings;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
    for (WebhookReceiver r : new WebhookReceiver[] {critical, warnings}) {
      if (r != null) {
        r.close();
      }
    }
  }

  @Test
  void routesMatchOnTheLabelsOfTheAlertThatStartedTheInvestigation() throws Exception {
    critical = new WebhookReceiver();
    warnings = new WebhookReceiver();
    Path config = dir.resolve("oats.yaml");
    Files.writeString(
        config,
        """
        notifications:
          - name: critical
            type: webhook
            url: %s
            matchers: ['severity=critical', 'alertname=KubePodCrashLooping']
          - name: warnings
            type: webhook
            url: %s
            matchers: ['severity=warning']
        """
            .formatted(critical.url("/critical"), warnings.url("/warnings")));
    harness = new ServerHarness(dir.resolve("data"));
    harness.env.put("OATS_CONFIG", config.toString());
    harness.env.put("OATS_ALERTMANAGER_TOKEN", TOKEN);
    harness.start();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"## Root cause\\nx\"}"));

    HttpResponse<String> delivered =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(harness.url("/webhooks/alertmanager")))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            """
                            {"version": "4", "status": "firing", "alerts": [
                              {"status": "firing", "fingerprint": "fp-notify",
                               "labels": {"alertname": "KubePodCrashLooping",
                                          "severity": "critical", "namespace": "shop"},
                               "startsAt": "2026-12-06T10:00:00Z"}]}"""))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    String id = ServerHarness.json(delivered).at("/alerts/0/investigation_id").asText();
    harness.awaitEnd(id);

    List<WebhookReceiver.Received> told = critical.awaitAbout(id, 1);
    JsonNode message = told.getFirst().json();
    assertThat(message.toString()).contains(id);
    assertThat(warnings.received()).isEmpty();
  }
}
