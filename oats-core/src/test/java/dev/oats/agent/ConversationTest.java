package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.EventLog;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Message;
import dev.oats.tool.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The conversation is a value folded from the events: what the loop sent the model equals what is
 * rebuilt from the stored (serialised) events, so a later run can continue it anywhere.
 */
class ConversationTest {

  private final ScriptedModel model = new ScriptedModel();
  private final List<RecordedEvent> log = new ArrayList<>();
  private final AtomicInteger mutations = new AtomicInteger();
  private ApprovalGate approvals = ApprovalGate.NOBODY_TO_ASK;
  private String protocol = "native";

  private AgentEvent run(List<RecordedEvent> history) {
    ToolRegistry registry =
        ToolRegistry.builder()
            .add("builtin", new FinishTool())
            .add("test", TestTools.echo())
            .add("test", TestTools.pods("checkout-api 0/1 CrashLoopBackOff"))
            .add("test", (Tool) TestTools.mutating(mutations))
            .build();
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            text -> text,
            approvals,
            new ToolExecutor.Settings(2_000, Duration.ofSeconds(30), false));
    AgentSettings settings =
        new AgentSettings(
            15,
            Duration.ofMinutes(5),
            100_000,
            4096,
            0.0,
            protocol,
            3,
            Path.of("target/workspace"),
            Map.of());
    long next = history.isEmpty() ? 1 : history.getLast().seq() + 1;
    EventLog events = new EventLog(Clock.systemUTC(), next, log::add);
    return new AgentLoop(model, executor, settings, Clock.systemUTC())
        .run(
            new Investigation("inv-1", "Why does checkout crash?", "shop"),
            history,
            events,
            () -> false);
  }

  /** The log as the store keeps it: written as JSON and read back. */
  private List<RecordedEvent> stored() throws Exception {
    List<RecordedEvent> read = new ArrayList<>();
    for (RecordedEvent event : log) {
      read.add(EventJson.readRecorded(EventJson.write(event)));
    }
    return read;
  }

  private List<RecordedEvent> before(int lastTurn) throws Exception {
    List<RecordedEvent> all = stored();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).event() instanceof AgentEvent.TurnStarted t && t.turn() == lastTurn) {
        return all.subList(0, i);
      }
    }
    throw new AssertionError("no turn " + lastTurn);
  }

  @Test
  void theConversationRebuiltFromStoredEventsEqualsTheOneTheModelWasSent() throws Exception {
    model
        .call("Look at the pods.", "list_pods", "{\"namespace\":\"shop\"}")
        .text("I think it is memory.")
        .call("Echo it.", "echo", "{\"text\":\"OOMKilled\"}")
        .call("Scale it.", "scale", "{\"replicas\":2}")
        .finish("## Root cause\nOOMKilled");

    AgentEvent end = run(List.of());

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(model.requests).hasSize(5);
    assertThat(Conversation.of(before(5)).messages())
        .as("the last request's conversation, rebuilt from the events before it")
        .isEqualTo(model.requests.getLast().messages())
        .hasSize(9);
  }

  @Test
  void theTextProtocolsConversationIsRebuiltToo() throws Exception {
    protocol = "text";
    model
        .text(
            "<thought>Check pods</thought><action>{\"tool_name\": \"list_pods\","
                + " \"parameters\": {\"namespace\": \"shop\"}}</action>")
        .text("no tags at all")
        .text(
            "<action>{\"tool_name\": \"finish\", \"parameters\": {\"result\": \"done\"}}</action>");

    assertThat(run(List.of())).isInstanceOf(AgentEvent.Finished.class);
    // The text protocol renders tool results as user messages: compare the canonical conversation.
    Conversation rebuilt = Conversation.of(before(3));
    assertThat(rebuilt.protocol()).isEqualTo("text");
    assertThat(new TextProtocol().request("s", rebuilt.messages(), List.of(), 1, 0).messages())
        .isEqualTo(model.requests.getLast().messages());
  }

  @Test
  void aFollowUpRunContinuesTheConversationTheModelHadBefore() throws Exception {
    model
        .call("Look at the pods.", "list_pods", "{\"namespace\":\"shop\"}")
        .finish("## Root cause\nOOMKilled")
        .finish("It grew after the 14:00 deploy.");
    run(List.of());
    List<RecordedEvent> history = new ArrayList<>(stored());
    history.add(
        new RecordedEvent(
            history.getLast().seq() + 1,
            Instant.now(),
            new AgentEvent.FollowUpAsked(2, "and why did the memory grow?")));
    List<Message> firstRun = model.requests.get(1).messages();

    AgentEvent end = run(history);

    assertThat(end)
        .isEqualTo(
            new AgentEvent.Finished(
                "It grew after the 14:00 deploy.", 1, new dev.oats.model.Usage(100, 20, 0, 0)));
    List<Message> asked = model.requests.getLast().messages();
    assertThat(asked.subList(0, firstRun.size())).isEqualTo(firstRun);
    assertThat(asked.get(firstRun.size())).isInstanceOf(Message.Assistant.class);
    assertThat(
            ((Message.ToolResults) asked.get(firstRun.size() + 1)).results().getFirst().content())
        .contains("OOMKilled");
    assertThat(((Message.User) asked.getLast()).text()).contains("and why did the memory grow?");
    Progress progress = Progress.of(stored());
    assertThat(progress.runs()).isEqualTo(2);
    assertThat(progress.turns()).isEqualTo(3);
    assertThat(progress.runTurns()).isEqualTo(1);
    assertThat(RunSummary.of(stored()).result()).isEqualTo("It grew after the 14:00 deploy.");
  }

  @Test
  void aHeldCallPausesTheRunAndAResumedRunCarriesOutTheDecision() throws Exception {
    approvals = ApprovalGate.LATER;
    model
        .call("Look first.", "list_pods", "{\"namespace\":\"shop\"}")
        .call("Scale it.", "scale", "{\"replicas\":2}")
        .finish("Scaled.");

    AgentEvent paused = run(List.of());

    assertThat(paused).isInstanceOf(AgentEvent.Paused.class);
    assertThat(mutations).hasValue(0);
    Progress waiting = Progress.of(stored());
    assertThat(waiting.phase()).isEqualTo(Progress.Phase.WAITING_FOR_APPROVAL);
    assertThat(waiting.waiting())
        .extracting(AgentEvent.ApprovalRequired::tool)
        .containsExactly("scale");
    assertThat(waiting.parked()).isTrue();
    String callId = waiting.waiting().getFirst().callId();
    List<RecordedEvent> history = new ArrayList<>(stored());
    history.add(
        new RecordedEvent(
            history.getLast().seq() + 1,
            Instant.now(),
            new AgentEvent.ApprovalDecided(callId, true, "alice", "looks right")));
    assertThat(Progress.of(history).phase()).isEqualTo(Progress.Phase.PENDING);
    log.clear();

    AgentEvent end = run(history);

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((AgentEvent.Finished) end).turns()).isEqualTo(3);
    assertThat(mutations).hasValue(1);
    assertThat(log)
        .extracting(e -> e.event().getClass().getSimpleName())
        .as("the held call is not announced or asked for again")
        .startsWith("Observation", "TurnStarted")
        .doesNotContain("ApprovalRequired", "Started");
    List<RecordedEvent> all = new ArrayList<>(history);
    all.addAll(stored());
    assertThat(Progress.of(all).turns()).isEqualTo(3);
    assertThat(Progress.of(all).phase()).isEqualTo(Progress.Phase.SUCCEEDED);
  }

  @Test
  void aDeniedCallIsToldToTheModelInTheResumedRun() throws Exception {
    approvals = ApprovalGate.LATER;
    model.call("Scale it.", "scale", "{\"replicas\":2}").finish("Recommend scaling.");
    run(List.of());
    List<RecordedEvent> history = new ArrayList<>(stored());
    String callId = Progress.of(history).waiting().getFirst().callId();
    history.add(
        new RecordedEvent(
            history.getLast().seq() + 1,
            Instant.now(),
            new AgentEvent.ApprovalDecided(
                callId, false, "oats", "nobody decided within 10 minutes")));

    run(history);

    assertThat(mutations).hasValue(0);
    assertThat(model.requests.getLast().messages().getLast().toString())
        .contains("not approved (nobody decided within 10 minutes)");
  }
}
