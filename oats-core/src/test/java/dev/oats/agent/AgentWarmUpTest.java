package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.telemetry.Telemetry;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.FakeModelServer;
import dev.oats.testkit.FakeOpenAiServer;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's start-up warm-ups (the model's first request, the argument validator, beside the tool
 * loading; the model's first answer, the tokenizer, the token counts of what every turn sends, once
 * the first request is asked) run off the loop; one that fails is reported and changes nothing of
 * the run.
 */
class AgentWarmUpTest {

  @TempDir Path dir;

  /** What the warm-ups that ran said of their failures, by warm-up. */
  private final Map<String, Throwable> reported = new ConcurrentHashMap<>();

  /** The warm-ups that ended, failed or not. */
  private final List<Thread> started = new CopyOnWriteArrayList<>();

  /** Warm-ups whose every task throws, reported through the real path. */
  private final class Failing extends WarmUp {
    Failing() {
      super(reported::put);
    }

    @Override
    Thread start(String what, Runnable task) {
      Thread thread =
          super.start(
              what,
              () -> {
                throw new IllegalStateException("warm-up broken on purpose: " + what);
              });
      started.add(thread);
      return thread;
    }
  }

  /** Warm-ups as the agent runs them, reporting to {@link #reported}. */
  private final class Watched extends WarmUp {
    Watched() {
      super(reported::put);
    }

    @Override
    Thread start(String what, Runnable task) {
      Thread thread = super.start(what, task);
      started.add(thread);
      return thread;
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"anthropic", "openai"})
  void aWarmUpThatFailsIsReportedAndTheRunEndsAsWithWorkingWarmUps(String provider)
      throws Exception {
    List<AgentEvent> working = run(provider, new Watched());
    awaitWarmUps();
    assertThat(reported).as("the working warm-ups' failures").isEmpty();
    int warmUps = started.size();
    started.clear();

    List<AgentEvent> failing = run(provider, new Failing());
    awaitWarmUps();

    assertThat(started).hasSize(warmUps);
    assertThat(reported)
        .containsOnlyKeys(
            "the model's first request",
            "the model's first answer",
            "the tokenizer",
            "the argument validator",
            "the first turn's token counts");
    assertThat(reported.values())
        .allSatisfy(
            failure -> assertThat(failure).hasMessageContaining("warm-up broken on purpose"));
    assertThat(shapes(failing)).isEqualTo(shapes(working));
    assertThat(failing.getLast())
        .isEqualTo(working.getLast())
        .isInstanceOf(AgentEvent.Finished.class);
  }

  private List<AgentEvent> run(String provider, WarmUp warmUp) throws Exception {
    try (FakeModelServer server =
        provider.equals("openai") ? FakeOpenAiServer.start() : FakeAnthropicServer.start()) {
      Map<String, String> env =
          provider.equals("openai")
              ? Map.of(
                  "OPENAI_API_KEY", "sk-test-warm-up-0123456789",
                  "OPENAI_BASE_URL", server.baseUrl(),
                  "OATS_WORKSPACE", dir.resolve("workspace").toString(),
                  "OATS_TOOLS_DIR", dir.resolve("tools").toString())
              : Map.of(
                  "ANTHROPIC_API_KEY", "sk-ant-test-warm-up-0123456789",
                  "ANTHROPIC_BASE_URL", server.baseUrl(),
                  "OATS_WORKSPACE", dir.resolve("workspace").toString(),
                  "OATS_TOOLS_DIR", dir.resolve("tools").toString());
      server.enqueue(
          ScriptedReply.toolCall("finish", "{\"result\": \"nothing is failing\"}")
              .withText("Looking."));
      Agent agent =
          Agent.create(
              OatsConfig.load(env, dir),
              env,
              ApprovalGate.NOBODY_TO_ASK,
              Telemetry.disabled(),
              warmUp);
      List<RecordedEvent> events = new ArrayList<>();
      RunSummary summary =
          agent.run(new Investigation("inv-warm", "why?", "shop"), events::add, () -> false);
      assertThat(summary.succeeded()).as(summary.render()).isTrue();
      assertThat(server.requests()).hasSize(1);
      return events.stream().map(RecordedEvent::event).toList();
    }
  }

  private void awaitWarmUps() throws InterruptedException {
    for (Thread thread : started) {
      thread.join(60_000);
      assertThat(thread.isAlive()).as("a warm-up still runs after a minute").isFalse();
    }
  }

  /** The events' kinds, without what varies from run to run (latencies). */
  private static List<String> shapes(List<AgentEvent> events) {
    return events.stream().map(event -> event.getClass().getSimpleName()).toList();
  }
}
