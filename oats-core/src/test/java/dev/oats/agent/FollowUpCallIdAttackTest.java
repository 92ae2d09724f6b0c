package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.EventLog;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
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
 * Reviewer's evidence: the text protocol names calls call_&lt;turn&gt;, a follow-up run starts at
 * turn 1 again, and the loop keys approval decisions by call id over the whole history. The first
 * run's approval of call_1 (scale to 2) then approves the follow-up's call_1 (scale to 0) without
 * anyone being asked.
 */
class FollowUpCallIdAttackTest {

  private final ScriptedModel model = new ScriptedModel();
  private final List<RecordedEvent> log = new ArrayList<>();
  private final AtomicInteger mutations = new AtomicInteger();

  private AgentEvent run(List<RecordedEvent> history) {
    ToolRegistry registry =
        ToolRegistry.builder()
            .add("builtin", new FinishTool())
            .add("test", (Tool) TestTools.mutating(mutations))
            .build();
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            text -> text,
            ApprovalGate.LATER,
            new ToolExecutor.Settings(2_000, Duration.ofSeconds(30), false));
    AgentSettings settings =
        new AgentSettings(
            15,
            Duration.ofMinutes(5),
            100_000,
            4096,
            0.0,
            "text",
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

  private List<RecordedEvent> stored() throws Exception {
    List<RecordedEvent> read = new ArrayList<>();
    for (RecordedEvent event : log) {
      read.add(EventJson.readRecorded(EventJson.write(event)));
    }
    return read;
  }

  private static String scale(int replicas) {
    return "<action>{\"tool_name\": \"scale\", \"parameters\": {\"replicas\": %d}}</action>"
        .formatted(replicas);
  }

  @Test
  void anApprovalOfTheFirstRunsCallDoesNotApproveTheFollowUpsCallOfTheSameId() throws Exception {
    model
        .text(scale(2))
        .text(
            "<action>{\"tool_name\": \"finish\", \"parameters\": {\"result\": \"scaled\"}}</action>")
        .text(scale(0));
    assertThat(run(List.of())).isInstanceOf(AgentEvent.Paused.class);
    List<RecordedEvent> history = new ArrayList<>(stored());
    String callId = Progress.of(history).waiting().getFirst().callId();
    history.add(
        new RecordedEvent(
            history.getLast().seq() + 1,
            Instant.now(),
            new AgentEvent.ApprovalDecided(callId, true, "alice", "scale to 2 is fine")));
    log.clear();
    log.addAll(history);
    assertThat(run(history)).isInstanceOf(AgentEvent.Finished.class);
    assertThat(mutations).hasValue(1);

    history = new ArrayList<>(stored());
    history.add(
        new RecordedEvent(
            history.getLast().seq() + 1,
            Instant.now(),
            new AgentEvent.FollowUpAsked(2, "and now scale it to zero?")));
    log.clear();
    log.addAll(history);
    run(history);

    assertThat(mutations)
        .as("the follow-up's scale to 0 ran on the approval for scale to 2")
        .hasValue(1);
  }
}
