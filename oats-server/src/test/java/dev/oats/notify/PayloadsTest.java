package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the payloads do with what the end-to-end test does not reach: no link, long text. */
class PayloadsTest {

  private static Notification failed(String reason, String link) {
    return new Notification(
        NotifyEvent.FAILED,
        "id-1",
        "g".repeat(5_000),
        "shop",
        "failed",
        2,
        15,
        reason,
        null,
        null,
        link,
        Map.of("namespace", "shop"),
        Instant.parse("2026-12-06T10:00:00Z"));
  }

  @Test
  void withoutAPublicUrlThereIsNoButtonAndNoLink() {
    Notification n = failed("ran out of turns", null);

    JsonNode slack = SlackMessage.of(n);
    JsonNode teams = TeamsCard.of(n);
    JsonNode generic = WebhookJson.of(n);

    assertThat(slack.findValues("type").stream().map(JsonNode::asText)).doesNotContain("actions");
    assertThat(slack.get("text").asText()).doesNotContain("|Open>");
    assertThat(teams.at("/attachments/0/content").has("actions")).isFalse();
    assertThat(generic.at("/investigation/url").isNull()).isTrue();
  }

  @Test
  void slackTextIsCutToSlacksLimits() {
    Notification n = failed("x ".repeat(4_000), "https://oats.example.com/#/investigations/id-1");

    JsonNode slack = SlackMessage.of(n);

    for (JsonNode block : slack.get("blocks")) {
      if (block.has("text")) {
        assertThat(block.at("/text/text").asText().length()).isLessThanOrEqualTo(3_000);
      }
    }
    assertThat(slack.at("/blocks/2/text/text").asText()).endsWith("…");
    assertThat(slack.at("/blocks/3/text/text").asText()).startsWith("*Why it failed*");
    assertThat(slack.at("/blocks/5/elements/0/text").asText())
        .isEqualTo("OATS · investigation `id-1` · run 2 · 15 turns");
  }

  @Test
  void theRootCauseIsTheSectionUnderItsHeadingElseTheFirstParagraph() {
    assertThat(
            ReportSummary.rootCause(
                "# Report\n\n## Root cause\nThe pod is OOM-killed.\nLimit 256Mi.\n\n## Evidence\n- a",
                500))
        .isEqualTo("The pod is OOM-killed.\nLimit 256Mi.");
    assertThat(ReportSummary.rootCause("# Report\nThe image tag does not exist.\n\nMore.", 500))
        .isEqualTo("The image tag does not exist.");
    assertThat(ReportSummary.rootCause("word ".repeat(100), 20)).isEqualTo("word word word word…");
  }
}
