package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.notify.WebhookReceiver.Reply;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One delivery against a real receiver on loopback; the waits between tries are recorded instead of
 * slept, with a fixed clock, so the backoff itself is what is checked.
 */
class WebhookSenderTest {

  private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
  private final WebhookReceiver receiver;
  private final List<Duration> waits = new ArrayList<>();
  private final AtomicInteger retries = new AtomicInteger();

  WebhookSenderTest() throws Exception {
    receiver = new WebhookReceiver();
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private WebhookSender sender(int attempts, Duration timeout) {
    return new WebhookSender(
        HttpClient.newHttpClient(),
        attempts,
        Duration.ofMillis(100),
        timeout,
        waits::add,
        Clock.fixed(NOW, ZoneOffset.UTC),
        text -> text.replace("secret-path", "****"));
  }

  private static NotificationRoute route(String url) {
    return new NotificationRoute(
        "r", TargetType.WEBHOOK, URI.create(url), List.of(), EnumSet.allOf(NotifyEvent.class));
  }

  private WebhookSender.Result send(WebhookSender sender, String url) {
    return sender.send(route(url), "{}".getBytes(StandardCharsets.UTF_8), retries::incrementAndGet);
  }

  @Test
  void theWaitDoublesAfterEachFailedTry() {
    receiver.always(Reply.status(502, "bad gateway"));

    WebhookSender.Result result = send(sender(4, Duration.ofSeconds(5)), receiver.url("/x"));

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(4);
    assertThat(result.detail()).isEqualTo("HTTP 502: bad gateway");
    assertThat(waits)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(retries).hasValue(3);
    assertThat(receiver.received()).hasSize(4);
  }

  @Test
  void retryAfterAsADateIsHonouredAndTooLongAWaitIsCapped() {
    receiver.script(
        new Reply(429, Map.of("Retry-After", "Sun, 06 Dec 2026 12:00:30 GMT"), "slow down"),
        new Reply(503, Map.of("Retry-After", "86400"), "maintenance"));

    WebhookSender.Result result = send(sender(3, Duration.ofSeconds(5)), receiver.url("/x"));

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(30), WebhookSender.LONGEST_WAIT);
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsTriedAgain() {
    receiver.script(Reply.ok().after(Duration.ofSeconds(2)));

    WebhookSender.Result result = send(sender(2, Duration.ofMillis(300)), receiver.url("/x"));

    assertThat(result.delivered()).isTrue();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(waits).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void aClientErrorIsNotTriedAgain() {
    receiver.always(Reply.status(400, "invalid_payload"));

    WebhookSender.Result result = send(sender(5, Duration.ofSeconds(5)), receiver.url("/x"));

    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.detail()).isEqualTo("HTTP 400: invalid_payload (not retried)");
    assertThat(waits).isEmpty();
  }

  @Test
  void aRefusedConnectionIsTriedAgainAndSaidWithoutTheUrl() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    WebhookSender.Result result =
        send(sender(2, Duration.ofSeconds(5)), "http://127.0.0.1:" + closed + "/secret-path");

    assertThat(result.delivered()).isFalse();
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(result.detail()).startsWith("could not connect").doesNotContain("secret-path");
  }
}
