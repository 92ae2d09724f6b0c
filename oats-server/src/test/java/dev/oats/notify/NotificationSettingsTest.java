package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routes come from oats.yaml or the environment; a mistake is named by its key. */
class NotificationSettingsTest {

  @TempDir Path dir;

  private NotificationSettings fromFile(String yaml, Map<String, String> env) throws Exception {
    Path file = dir.resolve("oats.yaml");
    Files.writeString(file, yaml);
    Map<String, String> environment = new HashMap<>(env);
    environment.put("OATS_CONFIG", file.toString());
    return NotificationSettings.from(OatsConfig.load(environment, dir), environment);
  }

  private String file() {
    return dir.resolve("oats.yaml").toAbsolutePath().normalize().toString();
  }

  @Test
  void routesAreReadFromTheFileWithTheirMatchersAndEvents() throws Exception {
    Path urlFile = dir.resolve("teams-url");
    Files.writeString(
        urlFile, "https://prod.westeurope.logic.azure.com/workflows/abc?sig=s3cr3t\n");
    NotificationSettings settings =
        fromFile(
            """
            public_url: https://oats.example.com/
            notify_max_attempts: 7
            notify_backoff_millis: 250
            notifications:
              - name: shop-oncall
                type: slack
                url: https://hooks.slack.com/services/T1/B1/abc
                matchers: ['namespace=~"shop|pay"', status!=cancelled]
                events: [failed, waiting_approval]
              - type: teams
                url_file: %s
              - type: webhook
                url: http://audit.internal:9000/oats
                matchers: {severity: critical}
                events: ended
            """
                .formatted(urlFile),
            Map.of());

    assertThat(settings.routes()).hasSize(3);
    NotificationRoute slack = settings.routes().get(0);
    assertThat(slack.name()).isEqualTo("shop-oncall");
    assertThat(slack.type()).isEqualTo(TargetType.SLACK);
    assertThat(slack.matchers()).hasToString("[namespace=~\"shop|pay\", status!=\"cancelled\"]");
    assertThat(slack.events())
        .containsExactlyInAnyOrder(NotifyEvent.FAILED, NotifyEvent.WAITING_APPROVAL);
    NotificationRoute teams = settings.routes().get(1);
    assertThat(teams.name()).isEqualTo("teams-2");
    assertThat(teams.url().toString()).endsWith("sig=s3cr3t");
    assertThat(teams.events()).isEqualTo(EnumSet.allOf(NotifyEvent.class));
    NotificationRoute webhook = settings.routes().get(2);
    assertThat(webhook.matchers()).hasToString("[severity=\"critical\"]");
    assertThat(webhook.events())
        .containsExactlyInAnyOrder(
            NotifyEvent.SUCCEEDED, NotifyEvent.FAILED, NotifyEvent.CANCELLED);
    assertThat(settings.maxAttempts()).isEqualTo(7);
    assertThat(settings.backoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.publicUrl()).isEqualTo("https://oats.example.com");
    assertThat(settings.secrets())
        .contains(
            "https://hooks.slack.com/services/T1/B1/abc",
            "https://prod.westeurope.logic.azure.com/workflows/abc?sig=s3cr3t");
  }

  @Test
  void theEnvironmentFormMakesOneRouteATarget() {
    Map<String, String> env =
        Map.of(
            "OATS_NOTIFY_SLACK_URL", "https://hooks.slack.com/services/T1/B1/abc",
            "OATS_NOTIFY_WEBHOOK_URL", "https://hooks.example.com/oats",
            "OATS_NOTIFY_EVENTS", "failed,cancelled");
    OatsConfig config = OatsConfig.fromEnvironment(env);

    NotificationSettings settings = NotificationSettings.from(config, env);

    assertThat(settings.routes())
        .extracting(NotificationRoute::name)
        .containsExactly("slack", "webhook");
    assertThat(settings.routes().getFirst().events())
        .containsExactlyInAnyOrder(NotifyEvent.FAILED, NotifyEvent.CANCELLED);
    assertThat(settings.routes().getFirst().matchers()).isEmpty();
    assertThat(settings.publicUrl()).isNull();
    assertThat(config.values().get("OATS_NOTIFY_SLACK_URL").masked()).isEqualTo("****");
  }

  @Test
  void withNothingConfiguredThereAreNoRoutes() {
    NotificationSettings settings =
        NotificationSettings.from(OatsConfig.fromEnvironment(Map.of()), Map.of());

    assertThat(settings.routes()).isEmpty();
    assertThat(settings.maxAttempts()).isEqualTo(5);
  }

  @Test
  void theRoutesListIsMaskedLikeEverySecret() throws Exception {
    Path file = dir.resolve("oats.yaml");
    Files.writeString(
        file,
        "notifications:\n  - type: slack\n    url: https://hooks.slack.com/services/T1/B1/abc\n");
    OatsConfig config = OatsConfig.load(Map.of("OATS_CONFIG", file.toString()), dir);

    assertThat(config.values().get("OATS_NOTIFICATIONS").masked()).isEqualTo("****");
    assertThat(config.toString()).doesNotContain("T1/B1/abc");
    assertThat(config.settings()).doesNotContainKey("OATS_NOTIFICATIONS");
  }

  @Test
  void everyMistakeIsNamedByItsRouteAndKeyAndTheFile() {
    assertThatThrownBy(
            () ->
                fromFile(
                    """
                    notifications:
                      - type: email
                        url: https://hooks.example.com/a
                      - type: slack
                      - type: teams
                        url: ftp://files.example.com/secret-path
                        matchers: ['severity=~"(crit"', 'namespace']
                        events: [ended, finished]
                        channel: '#ops'
                    """,
                    Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "notifications[0].type 'email' is not one of slack, teams, webhook (in " + file() + ")")
        .hasMessageContaining(
            "notifications[1].url is missing (or name a file holding it with url_file)")
        .hasMessageContaining(
            "notifications[2].url must be an http:// or https:// URL with a host (the value is a secret, not shown)")
        .hasMessageContaining(
            "notifications[2].matchers[0]: the regular expression of severity does not parse")
        .hasMessageContaining("notifications[2].matchers[1]: 'namespace' is not a matcher")
        .hasMessageContaining(
            "notifications[2].events: 'finished' is not one of ended, succeeded, failed, cancelled, waiting_approval")
        .hasMessageContaining("notifications[2] has an unknown key 'channel'")
        .message()
        .doesNotContain("secret-path");
  }

  @Test
  void aBadEnvironmentValueIsNamedByItsVariableWithoutShowingIt() {
    Map<String, String> env = Map.of("OATS_NOTIFY_TEAMS_URL", "not a url with s3cret");

    assertThatThrownBy(() -> NotificationSettings.from(OatsConfig.fromEnvironment(env), env))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_NOTIFY_TEAMS_URL must be an http:// or https:// URL")
        .message()
        .doesNotContain("s3cret");
  }

  @Test
  void routesWithOneNameAreRefused() throws Exception {
    assertThatThrownBy(
            () ->
                fromFile(
                    """
                    notifications:
                      - {name: slack, type: webhook, url: 'https://a.example.com/x'}
                    """,
                    Map.of("OATS_NOTIFY_SLACK_URL", "https://hooks.slack.com/services/T/B/C")))
        .hasMessageContaining("two notification routes are named 'slack'");
  }

  @Test
  void aRoutesListThatIsNotAListIsRefused() throws Exception {
    assertThatThrownBy(() -> fromFile("notifications: https://hooks.slack.com/x\n", Map.of()))
        .hasMessageContaining("notifications must be a list of routes")
        .hasMessageContaining("(in " + file() + ")")
        .message()
        .doesNotContain("hooks.slack.com");
    Map<String, String> env = Map.of("OATS_NOTIFICATIONS", "{\"type\": \"slack\"}");
    assertThatThrownBy(() -> NotificationSettings.from(OatsConfig.fromEnvironment(env), env))
        .hasMessageContaining("OATS_NOTIFICATIONS must be a list of routes");
  }
}
