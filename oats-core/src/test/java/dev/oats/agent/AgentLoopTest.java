package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.AgentEvent.FailureKind;
import dev.oats.event.EventLog;
import dev.oats.event.RecordedEvent;
import dev.oats.model.ChatRequest;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import dev.oats.model.ToolSpec;
import dev.oats.tool.Tool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AgentLoopTest {

  private final ScriptedModel model = new ScriptedModel();
  private final List<AgentEvent> events = new ArrayList<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private int maxTurns = 15;
  private int budget = 12_000;
  private String protocol = "native";
  private boolean allowWrite;
  private ApprovalGate approvals = ApprovalGate.NOBODY_TO_ASK;
  private Clock clock = Clock.systemUTC();
  private TokenCounter counter = new TokenCounter();
  private java.util.function.UnaryOperator<String> redactor =
      text -> text.replace("hunter2", "[REDACTED:password]");

  private AgentEvent run(Tool... tools) {
    ToolRegistry.Builder registry = ToolRegistry.builder().add("builtin", new FinishTool());
    for (Tool tool : tools) {
      registry.add("test", tool);
    }
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            redactor,
            approvals,
            new ToolExecutor.Settings(2_000, Duration.ofSeconds(30), allowWrite));
    AgentSettings settings =
        new AgentSettings(
            maxTurns,
            Duration.ofMinutes(5),
            budget,
            4096,
            0.0,
            protocol,
            3,
            Path.of("target/workspace"),
            Map.of());
    AgentLoop loop = new AgentLoop(model, executor, settings, clock, counter);
    EventLog log = new EventLog(Clock.systemUTC(), recorded -> events.add(recorded.event()));
    return loop.run(new Investigation("inv-1", "What is 2+2?", "shop"), log, cancelled::get);
  }

  /** A clock that reads the time from {@code now} at every look. */
  private static Clock clockOf(java.util.function.Supplier<Instant> now) {
    return new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now.get();
      }
    };
  }

  private <T extends AgentEvent> List<T> eventsOf(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aSimpleQuestionFinishesInOneTurn() {
    model.finish("4");

    AgentEvent end = run();

    assertThat(end)
        .isEqualTo(new AgentEvent.Finished("4", 1, new dev.oats.model.Usage(100, 20, 0, 0)));
    assertThat(events.getFirst()).isInstanceOf(AgentEvent.Started.class);
    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly(
            "Started",
            "TurnStarted",
            "ModelUsage",
            "ModelReplied",
            "Thought",
            "ToolCalled",
            "Observation",
            "Finished");
    ChatRequest request = model.requests.getFirst();
    assertThat(request.temperature()).isZero();
    assertThat(request.maxOutputTokens()).isEqualTo(4096);
    assertThat(((Message.User) request.messages().getFirst()).text())
        .contains("What is 2+2?")
        .contains("Target namespace: shop");
    // The loop's own read_output comes after the registry's tools.
    assertThat(request.tools()).extracting(t -> t.name()).containsExactly("finish", "read_output");
  }

  @Test
  void threeTurnsThroughAToolCarryEachObservationToTheNextRequest() {
    model
        .call("Look at the pods.", "list_pods", "{\"namespace\":\"shop\"}")
        .call("Echo it.", "echo", "{\"text\":\"checkout-api OOMKilled\"}")
        .finish("## Root cause\ncheckout-api is OOMKilled");

    AgentEvent end = run(TestTools.pods("checkout-api 0/1 CrashLoopBackOff"), TestTools.echo());

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((AgentEvent.Finished) end).turns()).isEqualTo(3);
    assertThat(model.requests).hasSize(3);
    List<Message> third = model.requests.get(2).messages();
    assertThat(third).hasSize(5);
    assertThat(third.get(2)).isInstanceOf(Message.ToolResults.class);
    assertThat(((Message.ToolResults) third.get(2)).results().getFirst().content())
        .isEqualTo("checkout-api 0/1 CrashLoopBackOff");
    assertThat(((Message.ToolResults) third.get(4)).results().getFirst().content())
        .isEqualTo("echo: checkout-api OOMKilled");
    assertThat(eventsOf(AgentEvent.ModelUsage.class)).hasSize(3);
    assertThat(((AgentEvent.Finished) end).usage().inputTokens()).isEqualTo(300);
  }

  @Test
  void theTextProtocolParsesThoughtAndActionAndSendsObservationsAsText() {
    protocol = "text";
    model
        .text(
            "<thought>Check the pods first.</thought>\n<action>{\"tool_name\": \"list_pods\","
                + " \"parameters\": {\"namespace\": \"shop\"}}</action>")
        .text(
            "<thought>Done.</thought><action>```json\n{\"tool_name\": \"finish\", \"parameters\":"
                + " {\"result\": \"pods are fine\"}}\n```</action>");

    AgentEvent end = run(TestTools.pods("checkout-api Running"));

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((AgentEvent.Finished) end).result()).isEqualTo("pods are fine");
    assertThat(eventsOf(AgentEvent.Thought.class).getFirst().text())
        .isEqualTo("Check the pods first.");
    ChatRequest second = model.requests.get(1);
    assertThat(second.tools()).isEmpty();
    assertThat(second.system()).contains("<action>").contains("list_pods");
    Message observation = second.messages().get(2);
    assertThat(observation).isInstanceOf(Message.User.class);
    assertThat(((Message.User) observation).text())
        .startsWith("<observation>")
        .contains("\"tool\":\"list_pods\"")
        .contains("\"status\":\"success\"")
        .contains("checkout-api Running");
  }

  @Test
  void aMalformedAnswerGetsOneCorrectionCountsAsATurnAndKeepsTheState() {
    model
        .call("Pods.", "list_pods", "{\"namespace\":\"shop\"}")
        .text("I think it is fine.")
        .finish("fine");

    AgentEvent end = run(TestTools.pods("checkout-api Running"));

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((AgentEvent.Finished) end).turns()).isEqualTo(3);
    List<Message> third = model.requests.get(2).messages();
    assertThat(((Message.ToolResults) third.get(2)).results().getFirst().content())
        .isEqualTo("checkout-api Running");
    assertThat(((Message.User) third.get(4)).text()).contains("without calling a tool");
    assertThat(eventsOf(AgentEvent.Warning.class)).hasSize(1);
  }

  @Test
  void aMalformedTextActionIsCorrectedWithTheParseError() {
    protocol = "text";
    model
        .text(
            "<thought>x</thought><action>{\"tool_name\": \"list_pods\", \"parameters\": {</action>")
        .text("<action>{\"tool_name\": \"finish\", \"parameters\": {\"result\": \"ok\"}}</action>");

    AgentEvent end = run(TestTools.pods("p"));

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((Message.User) model.requests.get(1).messages().get(2)).text())
        .contains("not valid");
  }

  @Test
  void aToolThatThrowsBecomesAnErrorObservationAndTheLoopGoesOn() {
    model.call("Try it.", "broken", "{}").finish("the tool is broken");

    AgentEvent end = run(TestTools.throwing());

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    AgentEvent.Observation observation = eventsOf(AgentEvent.Observation.class).getFirst();
    assertThat(observation.status()).isEqualTo("error");
    assertThat(observation.error()).contains("broken failed").contains("disk on fire");
    Message.ToolResultBlock block =
        ((Message.ToolResults) model.requests.get(1).messages().get(2)).results().getFirst();
    assertThat(block.isError()).isTrue();
    assertThat(block.content()).contains("disk on fire");
  }

  @Test
  void anUnknownToolIsAnErrorThatListsTheToolsThereAre() {
    model.call("Use kubectl.", "kubectl_delete", "{}").finish("done");

    run(TestTools.echo());

    assertThat(eventsOf(AgentEvent.Observation.class).getFirst().error())
        .contains("Unknown tool 'kubectl_delete'")
        .contains("finish, echo");
  }

  @Test
  void badArgumentsAreRejectedNamingTheField() {
    model.call("x", "list_pods", "{\"namespace\": 42}").call("y", "list_pods", "{}").finish("done");

    run(TestTools.pods("p"));

    List<AgentEvent.Observation> observations = eventsOf(AgentEvent.Observation.class);
    assertThat(observations.get(0).error()).contains("Invalid arguments").contains("namespace");
    assertThat(observations.get(1).error()).contains("namespace");
  }

  @Test
  void runningOutOfTurnsIsAFailure() {
    maxTurns = 3;
    model
        .call("a", "echo", "{\"text\":\"1\"}")
        .call("b", "echo", "{\"text\":\"2\"}")
        .call("c", "echo", "{\"text\":\"3\"}");

    AgentEvent end = run(TestTools.echo());

    assertThat(end).isInstanceOf(AgentEvent.Failed.class);
    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.MAX_TURNS);
    assertThat(((AgentEvent.Failed) end).turns()).isEqualTo(3);
    assertThat(lastText(model.requests.get(2))).contains("This is your last turn");
    assertThat(model.requests.get(1).toString()).doesNotContain("This is your last turn");
  }

  private static String lastText(ChatRequest request) {
    return request.messages().getLast() instanceof Message.User user ? user.text() : "";
  }

  @Test
  void aModelAnsweringInPlainTextTwiceHasItsTextTakenAsTheReport() {
    model
        .call("Pods.", "list_pods", "{\"namespace\":\"shop\"}")
        .text("The root cause is the missing DATABASE_URL.")
        .text("## Root cause\nDATABASE_URL is not set in the Deployment.");

    AgentEvent end = run(TestTools.pods("checkout-api CrashLoopBackOff"));

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(((AgentEvent.Finished) end).turns()).isEqualTo(3);
    assertThat(((AgentEvent.Finished) end).result())
        .startsWith("## Root cause\nDATABASE_URL is not set")
        .contains("without calling finish");
    assertThat(model.requests).hasSize(3);
  }

  @Test
  void theLastTurnAsksForFinishAfterTheConversationAndRunsNoOtherCall() {
    maxTurns = 2;
    model.call("a", "echo", "{\"text\":\"1\"}").call("b", "echo", "{\"text\":\"2\"}");

    AgentEvent end = run(TestTools.echo());

    // The system prompt and the tools stay as they were, so the cached prefix still serves.
    ChatRequest first = model.requests.get(0);
    ChatRequest last = model.requests.get(1);
    assertThat(last.tools()).extracting(ToolSpec::name).contains("echo", "finish");
    assertThat(last.tools()).isEqualTo(first.tools());
    assertThat(last.system()).isEqualTo(first.system());
    assertThat(lastText(last)).startsWith("## This is your last turn").contains("Call finish");
    assertThat(last.messages().subList(0, last.messages().size() - 1))
        .startsWith(first.messages().toArray(Message[]::new));
    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.MAX_TURNS);
    assertThat(eventsOf(AgentEvent.Observation.class))
        .extracting(AgentEvent.Observation::error)
        .containsExactly(
            "", "Not run: this was the last turn, in which only finish can be called.");
  }

  @Test
  void aFailedRunLeavesAPartialReportOfWhatItFound() {
    maxTurns = 2;
    model
        .call("Look at the echo.", "echo", "{\"text\":\"pod checkout OOMKilled\"}")
        .call("again", "echo", "{\"text\":\"2\"}");

    AgentEvent end = run(TestTools.echo());

    assertThat(((AgentEvent.Failed) end).reason())
        .contains("## Partial report (the investigation stopped)")
        .contains("echo {\"text\":\"pod checkout OOMKilled\"} → echo: pod checkout OOMKilled");
  }

  @Test
  void aModelRepeatingTheSameCallIsRefusedThenStopped() {
    model.forever("echo", "{\"text\":\"same\"}");

    AgentEvent end = run(TestTools.echo());

    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.REPEATED_CALLS);
    List<AgentEvent.Observation> observations = eventsOf(AgentEvent.Observation.class);
    assertThat(observations.get(0).status()).isEqualTo("success");
    assertThat(observations.get(1).error()).contains("already called echo").contains("turn 1");
    assertThat(observations).hasSize(4);
  }

  @Test
  void argumentOrderDoesNotHideARepeat() {
    model
        .call("a", "list_pods", "{\"namespace\":\"shop\",\"page\":1}")
        .call("b", "list_pods", "{\"page\":1,\"namespace\":\"shop\"}")
        .finish("done");

    run(TestTools.pods("p"));

    assertThat(eventsOf(AgentEvent.Observation.class).get(1).error()).contains("already called");
  }

  @Test
  void cancellationEndsTheRunBeforeTheNextTurn() {
    model.call("a", "echo", "{\"text\":\"1\"}").call("b", "echo", "{\"text\":\"2\"}");
    cancelled.set(false);
    Tool cancelling =
        TestTools.tool(
            "cancel_me",
            "{\"type\":\"object\"}",
            args -> {
              cancelled.set(true);
              return dev.oats.tool.ToolResult.success("ok");
            });
    model.requests.clear();
    ScriptedModel scripted = new ScriptedModel().call("a", "cancel_me", "{}").finish("never");
    AgentEvent end = runWith(scripted, cancelling);

    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.CANCELLED);
    assertThat(scripted.requests).hasSize(1);
  }

  private AgentEvent runWith(ScriptedModel scripted, Tool... tools) {
    ToolRegistry.Builder registry = ToolRegistry.builder().add("builtin", new FinishTool());
    for (Tool tool : tools) {
      registry.add("test", tool);
    }
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            text -> text,
            approvals,
            new ToolExecutor.Settings(2_000, Duration.ofSeconds(30), allowWrite));
    AgentSettings settings =
        new AgentSettings(
            maxTurns,
            Duration.ofMinutes(5),
            budget,
            4096,
            0.0,
            protocol,
            3,
            Path.of("target"),
            Map.of());
    EventLog log = new EventLog(Clock.systemUTC(), recorded -> events.add(recorded.event()));
    return new AgentLoop(scripted, executor, settings, clock)
        .run(new Investigation("inv-2", "goal", "default"), log, cancelled::get);
  }

  @Test
  void aModelTimeoutThatEndsAMomentBeforeTheDeadlineIsTheDeadlines() {
    Instant start = Instant.parse("2026-11-25T00:00:00Z");
    Instant[] now = {start};
    clock = clockOf(() -> now[0]);
    // The HTTP client's timer, set to the deadline in whole milliseconds, fires just before it:
    // the clock stands 3 ms short of the deadline when the loop looks at the failure.
    model.fail(
        new ModelException(ModelException.Kind.TIMEOUT, "timed out") {
          @Override
          public Kind kind() {
            now[0] = start.plus(Duration.ofMinutes(5)).minusMillis(3);
            return super.kind();
          }
        });

    AgentEvent end = run(TestTools.echo());

    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.TIMED_OUT);
    assertThat(((AgentEvent.Failed) end).reason()).contains("Deadline of 300 s");
  }

  @Test
  void theDeadlineEndsTheRun() {
    Instant start = Instant.parse("2026-11-25T00:00:00Z");
    AtomicInteger ticks = new AtomicInteger();
    clock = clockOf(() -> start.plus(Duration.ofMinutes(4L * ticks.getAndIncrement())));
    model.call("a", "echo", "{\"text\":\"1\"}").call("b", "echo", "{\"text\":\"2\"}");

    AgentEvent end = run(TestTools.echo());

    assertThat(((AgentEvent.Failed) end).kind()).isEqualTo(FailureKind.TIMED_OUT);
    assertThat(((AgentEvent.Failed) end).reason()).contains("Deadline of 300 s");
  }

  @Test
  void aModelFailureEndsTheRunWithTheCause() {
    model.fail(
        new ModelException(
            ModelException.Kind.UNREACHABLE, "cannot reach Anthropic at http://127.0.0.1:1"));

    AgentEvent end = run();

    AgentEvent.Failed failed = (AgentEvent.Failed) end;
    assertThat(failed.kind()).isEqualTo(FailureKind.MODEL_ERROR);
    assertThat(failed.reason()).contains("cannot reach Anthropic at http://127.0.0.1:1");
    assertThat(events.getLast()).isEqualTo(end);
  }

  @Test
  void aToolThatRunsTooLongIsStoppedAndReported() {
    model.call("a", "slow", "{}").finish("slow tool");

    run(TestTools.slow(Duration.ofMillis(200)));

    assertThat(eventsOf(AgentEvent.Observation.class).getFirst().error())
        .contains("did not finish within 0 s");
  }

  @Test
  void outputIsCappedAndRedactedBeforeTheModelOrTheEventsSeeIt() {
    String huge = "password=hunter2\n" + "x".repeat(10_000) + "\nlast line";
    model.call("a", "list_pods", "{\"namespace\":\"shop\"}").finish("done");

    run(TestTools.pods(huge));

    AgentEvent.Observation observation = eventsOf(AgentEvent.Observation.class).getFirst();
    assertThat(observation.truncated()).isTrue();
    assertThat(observation.output())
        .doesNotContain("hunter2")
        .contains("[REDACTED:password]")
        .contains("kept to fit the output limit")
        .contains("last line")
        .hasSizeLessThan(2_300);
    assertThat(model.requests.get(1).toString()).doesNotContain("hunter2");
  }

  @Test
  void aCallThatChangesThingsIsDeniedWhenNobodyCanApprove() {
    AtomicInteger runs = new AtomicInteger();
    model.call("Scale it.", "scale", "{\"replicas\":3}").finish("recommend scaling");

    run(TestTools.mutating(runs));

    assertThat(runs).hasValue(0);
    assertThat(eventsOf(AgentEvent.ApprovalRequired.class)).hasSize(1);
    AgentEvent.Observation observation = eventsOf(AgentEvent.Observation.class).getFirst();
    assertThat(observation.status()).isEqualTo("denied");
    assertThat(observation.error()).contains("not approved");
  }

  @Test
  void anApprovedCallRuns() {
    AtomicInteger runs = new AtomicInteger();
    List<ApprovalGate.Request> asked = new ArrayList<>();
    approvals =
        request -> {
          asked.add(request);
          return ApprovalGate.Decision.approve("on-call said yes");
        };
    model.call("Scale it.", "scale", "{\"replicas\":3}").finish("scaled");

    run(TestTools.mutating(runs));

    assertThat(runs).hasValue(1);
    assertThat(asked).singleElement().satisfies(r -> assertThat(r.tool()).isEqualTo("scale"));
  }

  @Test
  void allowWriteLiftsTheGate() {
    AtomicInteger runs = new AtomicInteger();
    allowWrite = true;
    model.call("Scale it.", "scale", "{\"replicas\":3}").finish("scaled");

    run(TestTools.mutating(runs));

    assertThat(runs).hasValue(1);
    assertThat(eventsOf(AgentEvent.ApprovalRequired.class)).isEmpty();
  }

  @Test
  void theContextStaysWithinBudgetOverFifteenTurnsOfLargeObservations() {
    budget = 4_000;
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 120; i++) {
      log.append("2026-11-25T00:00:%02dZ INFO request %d served in 12ms\n".formatted(i % 60, i));
      if (i == 60) {
        log.append("2026-11-25T00:01:00Z ERROR OOMKilled: container exceeded 512Mi\n");
      }
    }
    Tool logs =
        TestTools.tool(
            "logs",
            "{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}",
            args -> dev.oats.tool.ToolResult.success("page " + args.get("page") + "\n" + log));
    for (int page = 1; page < 15; page++) {
      model.call("Read page " + page, "logs", "{\"page\":" + page + "}");
    }
    model.finish("OOMKilled");

    AgentEvent end = run(logs);

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    TokenCounter counter = new TokenCounter();
    for (ChatRequest request : model.requests) {
      int tokens =
          counter.count(request.system())
              + counter.countTools(request.tools())
              + counter.count(request.messages());
      assertThat(tokens).isLessThanOrEqualTo(budget);
      assertThat(((Message.User) request.messages().getFirst()).text())
          .startsWith("Goal: What is 2+2?");
    }
    ChatRequest last = model.requests.getLast();
    List<Message> sent = last.messages();
    Message.ToolResults newest = (Message.ToolResults) sent.get(sent.size() - 2);
    // The newest observation too is its excerpt, which names the way to the rest.
    assertThat(newest.results().getFirst().content())
        .startsWith("page 14")
        .contains("OOMKilled")
        .contains("request 119")
        .contains("read_output {\"call_id\": \"toolu_14\"}");
    assertThat(last.toString()).contains("OOMKilled");
    assertThat(eventsOf(AgentEvent.ContextTrimmed.class)).isNotEmpty();
  }

  /**
   * Counting is incremental: each text is tokenized once, however many turns (and however many
   * views the budget tries) count it again. Re-counting the whole conversation every turn made a
   * turn's cost grow with the conversation; it would tokenize the goal and every kept observation
   * again. And only what is sent is tokenized: an output shown as its excerpt is never tokenized
   * whole (counting each 16 KB output for the trim event's "before" figure was a third of a turn).
   */
  @Test
  void eachTextIsTokenizedOnceOverFifteenTurnsOfLargeObservations() {
    budget = 4_000;
    TokenCounter real = new TokenCounter();
    List<String> tokenized = new ArrayList<>();
    counter =
        new TokenCounter(
            text -> {
              tokenized.add(text);
              return real.count(text);
            });
    Tool logs =
        TestTools.tool(
            "logs",
            "{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}",
            args ->
                dev.oats.tool.ToolResult.success(
                    ("page " + args.get("page") + " INFO request served in 12ms\n").repeat(50)));
    String firstPage = "page 1 INFO request served in 12ms\n".repeat(50);
    for (int page = 1; page < 15; page++) {
      model.call("Read page " + page, "logs", "{\"page\":" + page + "}");
    }
    model.finish("done");

    AgentEvent end = run(logs);

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    // The budget cut older observations every turn (it says so only when the compaction steps).
    assertThat(eventsOf(AgentEvent.ContextTrimmed.class)).isNotEmpty();
    assertThat(model.requests.getLast().toString()).doesNotContain(firstPage);
    assertThat(tokenized).doesNotContain(firstPage);
    List<String> outputs =
        eventsOf(AgentEvent.Observation.class).stream()
            .map(AgentEvent.Observation::output)
            .filter(output -> output.length() > 1_500)
            .toList();
    assertThat(outputs).hasSize(14).contains(firstPage);
    assertThat(tokenized).doesNotContainAnyElementsOf(outputs);
    assertThat(tokenized).doesNotHaveDuplicates();
  }

  /**
   * A run's first request that clearly fits the budget by its bytes (a cl100k token is one byte or
   * more) is asked without tokenizing anything, so a new process's first request does not wait for
   * the tokenizer's table; the next turn counts. The requests are those an exact count makes.
   */
  @Test
  void aFirstRequestThatClearlyFitsIsAskedWithoutTheTokenizer() {
    List<String> tokenized = new ArrayList<>();
    TokenCounter real = new TokenCounter();
    counter =
        new TokenCounter(
            text -> {
              tokenized.add(text);
              return real.count(text);
            });
    model.finish("done");

    assertThat(run()).isInstanceOf(AgentEvent.Finished.class);
    assertThat(model.requests).hasSize(1);
    assertThat(tokenized).isEmpty();

    // The same run counted exactly (a budget the bytes do not clearly fit) sends the same request.
    ChatRequest byBytes = model.requests.getFirst();
    TokenCounter exact = new TokenCounter();
    int tokens =
        exact.count(byBytes.system())
            + exact.countTools(byBytes.tools())
            + exact.count(byBytes.messages());
    budget = 1_000;
    assertThat(tokens).isLessThan(budget);
    assertThat(TokenCounter.upperBound(byBytes.system())).isGreaterThan(budget);
    model.requests.clear();
    model.finish("done");
    assertThat(run()).isInstanceOf(AgentEvent.Finished.class);
    assertThat(tokenized).isNotEmpty();
    assertThat(model.requests).containsExactly(byBytes);
  }

  /**
   * The system prompt is the same every run of a process, and is tokenized once for the process:
   * two runs with counters that share the process's memory (as the standard counters do) tokenize
   * it once between them.
   */
  @Test
  void theSystemPromptIsTokenizedOncePerProcessNotEveryRun() {
    TokenCounter real = new TokenCounter();
    List<String> tokenized = new ArrayList<>();
    java.util.function.ToIntFunction<String> watched =
        text -> {
          tokenized.add(text);
          return real.count(text);
        };
    TokenCounter process = new TokenCounter(watched);
    for (int run = 1; run <= 2; run++) {
      counter = new TokenCounter(watched, process);
      // A second turn: a run's first request that clearly fits is not counted at all.
      model.call("Looking " + run, "no_such_tool", "{}");
      model.finish("done " + run);
      assertThat(run()).isInstanceOf(AgentEvent.Finished.class);
    }
    assertThat(model.requests).hasSize(4);
    String system = model.requests.getFirst().system();
    assertThat(model.requests.getLast().system()).isEqualTo(system);
    assertThat(tokenized).filteredOn(system::equals).hasSize(1);
  }

  /**
   * A tool's output is redacted once, when the call returns, by the real redactor: neither the
   * events, nor the conversation rebuilt from them, nor the budget's views of later turns pass it
   * through the redactor again.
   */
  @Test
  void eachObservationIsRedactedOnceOverFifteenTurns() {
    budget = 4_000;
    List<String> redacted = new ArrayList<>();
    dev.oats.redact.Redactor real = dev.oats.redact.Redactor.standard();
    redactor =
        text -> {
          if (!text.isEmpty()) {
            redacted.add(text);
          }
          return real.redact(text);
        };
    Tool logs =
        TestTools.tool(
            "logs",
            "{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}",
            args ->
                dev.oats.tool.ToolResult.success(
                    ("page " + args.get("page") + " INFO password=hunter22 served\n").repeat(50)));
    for (int page = 1; page < 15; page++) {
      model.call("Read page " + page, "logs", "{\"page\":" + page + "}");
    }
    model.finish("done");

    AgentEvent end = run(logs);

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    assertThat(model.requests.getLast().toString()).doesNotContain("hunter22");
    // Each of the 14 pages once (what the model writes is redacted too, for the events).
    assertThat(redacted.stream().filter(text -> text.contains(" INFO password=")).toList())
        .hasSize(14)
        .doesNotHaveDuplicates();
  }

  @Test
  void everyEventIsRecordedInOrderWithASequenceNumber() {
    model.finish("4");
    List<RecordedEvent> recorded = new ArrayList<>();
    EventLog log = new EventLog(Clock.systemUTC(), recorded::add);
    ToolExecutor executor =
        new ToolExecutor(
            ToolRegistry.builder().add("builtin", new FinishTool()).build(),
            t -> t,
            approvals,
            new ToolExecutor.Settings(2_000, Duration.ofSeconds(30), false));
    AgentSettings settings =
        new AgentSettings(
            15, Duration.ofMinutes(1), 12_000, 4096, 0, "native", 3, Path.of("target"), Map.of());
    new AgentLoop(model, executor, settings, Clock.systemUTC())
        .run(new Investigation("i", "g", null), log, () -> false);

    assertThat(recorded)
        .extracting(RecordedEvent::seq)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
    assertThat(RunSummary.of(recorded).succeeded()).isTrue();
  }
}
