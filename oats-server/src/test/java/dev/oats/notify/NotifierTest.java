package dev.oats.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import dev.oats.server.ServerMetrics;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.store.InvestigationRecord;
import dev.oats.tools.runbooks.LabelMatcher;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notifier over a real H2 store and a real receiver, told of events directly: what the
 * end-to-end test cannot make happen on purpose.
 */
class NotifierTest {

  @TempDir Path dir;
  Database database;
  WebhookReceiver receiver;
  Notifier notifier;
  InvestigationRecord investigation;

  @BeforeEach
  void start() throws Exception {
    database = Database.open(DatabaseConfig.h2File(dir));
    receiver = new WebhookReceiver();
    investigation =
        InvestigationRecord.pending("why is shop down?", "shop", "local", 15, Instant.now());
    database.investigations().create(investigation);
  }

  @AfterEach
  void stop() {
    if (notifier != null) {
      notifier.close();
    }
    receiver.close();
    database.close();
  }

  private Notifier notifier(List<LabelMatcher> matchers, Notifier.LabelSource labels) {
    NotificationRoute route =
        new NotificationRoute(
            "audit",
            TargetType.WEBHOOK,
            URI.create(receiver.url("/audit")),
            matchers,
            EnumSet.allOf(NotifyEvent.class));
    NotificationSettings settings =
        new NotificationSettings(
            List.of(route),
            2,
            Duration.ofMillis(10),
            Duration.ofSeconds(5),
            null,
            Duration.ofMinutes(10),
            List.of());
    notifier =
        new Notifier(
            settings,
            database.investigations(),
            labels,
            new ServerMetrics(Map::of).registry(),
            Clock.systemUTC(),
            d -> {});
    return notifier;
  }

  private static RecordedEvent event(long seq, AgentEvent event) {
    return new RecordedEvent(seq, Instant.now(), event);
  }

  private Progress runOne(AgentEvent... after) {
    RecordedEvent started =
        event(1, new AgentEvent.Started("why is shop down?", "shop", "m", "native", 15, List.of()));
    Progress progress = Progress.NONE.with(started);
    long seq = 2;
    for (AgentEvent e : after) {
      progress = progress.with(event(seq++, e));
    }
    return progress;
  }

  /** Waits (bounded) until nothing is waiting or being delivered. */
  private void awaitIdle() throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (notifier.pending() > 0 && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    assertThat(notifier.pending()).isZero();
  }

  @Test
  void aSecondEndOfTheSameRunIsNotToldAgainButTheNextRunsIs() throws Exception {
    Notifier n = notifier(List.of(), Notifier.LabelSource.NONE);
    AgentEvent.Finished finished = new AgentEvent.Finished("## Root cause\nA", 1, Usage.ZERO);
    AgentEvent.Failed settled =
        new AgentEvent.Failed(AgentEvent.FailureKind.AGENT_ERROR, "pod gone", 1, Usage.ZERO);

    n.stored(investigation.id(), event(2, finished), runOne(finished));
    n.stored(investigation.id(), event(3, settled), runOne(finished, settled));
    awaitIdle();

    assertThat(receiver.received()).hasSize(1);
    assertThat(receiver.received().getFirst().json().get("event").asText()).isEqualTo("succeeded");

    Progress second =
        runOne(
            finished,
            new AgentEvent.FollowUpAsked(2, "and now?"),
            new AgentEvent.Started("why is shop down?", "shop", "m", "native", 15, List.of()),
            finished);
    n.stored(investigation.id(), event(5, finished), second);
    awaitIdle();

    assertThat(receiver.received()).hasSize(2);
    assertThat(receiver.received().get(1).json().at("/investigation/run").asInt()).isEqualTo(2);
  }

  @Test
  void labelsFromTheLabelSourceAreMatchedButCannotOverrideTheInvestigationsOwn() throws Exception {
    Notifier n =
        notifier(
            List.of(LabelMatcher.parse("severity=critical"), LabelMatcher.parse("namespace=shop")),
            record ->
                Map.of(
                    "severity",
                    "critical",
                    "alertname",
                    "KubePodCrashLooping",
                    "namespace",
                    "spoofed"));
    AgentEvent.Failed failed =
        new AgentEvent.Failed(AgentEvent.FailureKind.MAX_TURNS, "out of turns", 15, Usage.ZERO);

    n.stored(investigation.id(), event(2, failed), runOne(failed));
    awaitIdle();

    JsonNode labels = receiver.await(1).getFirst().json().get("labels");
    assertThat(labels.get("namespace").asText()).isEqualTo("shop");
    assertThat(labels.get("alertname").asText()).isEqualTo("KubePodCrashLooping");
    assertThat(labels.get("failure_kind").asText()).isEqualTo("max_turns");
  }

  @Test
  void eventsThatAreNotEndsOrApprovalsAreNotTold() throws Exception {
    Notifier n = notifier(List.of(), Notifier.LabelSource.NONE);

    n.stored(investigation.id(), event(2, new AgentEvent.Warning("slow")), runOne());
    n.stored(
        investigation.id(),
        event(3, new AgentEvent.Failed(AgentEvent.FailureKind.CANCELLED, "stop", 0, Usage.ZERO)),
        runOne(new AgentEvent.Warning("slow")));
    awaitIdle();

    List<WebhookReceiver.Received> got = receiver.await(1);
    assertThat(got).hasSize(1);
    assertThat(got.getFirst().json().get("event").asText()).isEqualTo("cancelled");
    assertThat(got.getFirst().json().at("/investigation/url").isNull()).isTrue();
  }

  @Test
  void theStartSaysWhereNotificationsGoWithoutTheUrlsAndThatLinksAreOff() throws Exception {
    NotificationSettings settings =
        new NotificationSettings(
            List.of(
                new NotificationRoute(
                    "shop",
                    TargetType.SLACK,
                    URI.create("https://hooks.slack.com/services/T0/B0/sEcReTpAtH"),
                    List.of(),
                    EnumSet.allOf(NotifyEvent.class))),
            1,
            Duration.ofMillis(10),
            Duration.ofSeconds(1),
            null,
            Duration.ofMinutes(10),
            List.of());
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      notifier =
          Notifier.start(
              settings,
              database.investigations(),
              Notifier.LabelSource.NONE,
              new ServerMetrics(Map::of).registry());
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("Notifications go to 1 route(s): [shop (slack https://hooks.slack.com/****)]")
        .contains("OATS_PUBLIC_URL is not set: notifications carry no link to the investigation")
        .doesNotContain("sEcReTpAtH");
  }
}
