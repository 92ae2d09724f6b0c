package dev.oats.agent;

import dev.oats.config.ChildEnvironment;
import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventLog;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.llm.RedactingChatModel;
import dev.oats.llm.RetryingChatModel;
import dev.oats.llm.providers.Models;
import dev.oats.model.ChatModel;
import dev.oats.redact.Redactor;
import dev.oats.telemetry.AgentTracing;
import dev.oats.telemetry.RunTrace;
import dev.oats.telemetry.Telemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * OATS's agent, assembled once from its configuration: the model, the tools, the executor with its
 * safety policy and redactor. Every way of running an investigation (the {@code oats agent} Job,
 * {@code oats investigate}, the server's local runner) goes through {@link #run}.
 */
public final class Agent {

  private final OatsConfig config;
  private final ChatModel model;
  private final ToolExecutor executor;
  private final AgentSettings settings;
  private final Clock clock;
  private final AgentTracing tracing;

  public Agent(
      OatsConfig config,
      ChatModel model,
      ToolExecutor executor,
      AgentSettings settings,
      Clock clock) {
    this(config, model, executor, settings, clock, AgentTracing.DISABLED);
  }

  /**
   * @param tracing the spans of each run, model call and tool call; the executor should have the
   *     same one
   */
  public Agent(
      OatsConfig config,
      ChatModel model,
      ToolExecutor executor,
      AgentSettings settings,
      Clock clock,
      AgentTracing tracing) {
    this.config = config;
    this.model = model;
    this.executor = executor;
    this.settings = settings;
    this.clock = clock;
    this.tracing = tracing;
  }

  /**
   * Builds the agent the configuration describes.
   *
   * @param environment the process environment: its secret values are redacted everywhere, and a
   *     scrubbed copy is what tools' child processes get
   * @throws dev.oats.config.ConfigException when no model is usable
   */
  public static Agent create(
      OatsConfig config, Map<String, String> environment, ApprovalGate approvals) {
    return create(config, environment, approvals, Telemetry.disabled());
  }

  /**
   * Builds the agent the configuration describes, traced as {@code telemetry} says.
   *
   * @param telemetry the process's tracing; off unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set
   */
  public static Agent create(
      OatsConfig config,
      Map<String, String> environment,
      ApprovalGate approvals,
      Telemetry telemetry) {
    return create(config, environment, approvals, telemetry, WarmUp.LOGGED);
  }

  /** As above, with the warm-ups reporting their failures to {@code warmUp}: tests watch it. */
  static Agent create(
      OatsConfig config,
      Map<String, String> environment,
      ApprovalGate approvals,
      Telemetry telemetry,
      WarmUp warmUp) {
    config.requireModelAccess();
    // The model's SDK client takes a good part of a second to build: it is built on a thread of its
    // own while the tools load, so that the first turn does not wait for it. The first request's
    // serialisers are prepared on another; the agent does not wait for that: a request made before
    // it ends does the rest itself. The client is no warm-up: the agent needs it, and what building
    // it throws is its error.
    CompletableFuture<ChatModel> model =
        CompletableFuture.supplyAsync(
            () -> {
              ChatModel created = Models.create(config);
              StartupTrace.mark("model client built");
              return created;
            },
            task -> Thread.ofPlatform().name("oats-model-client").daemon().start(task));
    warmUp.start("the model's first request", () -> Models.prepareRequest(config));
    ToolRegistry registry = ToolLoader.load(config.toolSettings(), config.toolsDir());
    StartupTrace.mark("tools loaded");
    List<String> secrets = new ArrayList<>(config.secretValues(environment));
    secrets.addAll(Telemetry.secretValues(environment));
    Redactor redactor = Redactor.withKnownSecrets(secrets);
    AgentTracing tracing = telemetry.forAgent(redactor::redact);
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            redactor::redact,
            approvals,
            new ToolExecutor.Settings(
                config.toolOutputLimit(), config.toolTimeout(), config.allowWrite()),
            tracing);
    warmUp.start("the argument validator", executor::warmUp);
    AgentSettings settings = settings(config, environment);
    // A provider's error may quote the key it refused: it is redacted like a tool's output.
    ChatModel redacting = new RedactingChatModel(joined(model), redactor::redact);
    // What only the turns after the first request need (the first turn fits by bytes, see
    // ContextBudget#fitByBytes) warms up once that request is asked, one after the other, so that
    // on a small machine none of it takes a core from the way to the first request: the answer's
    // deserialisers, the tokenizer's table, then the counts of what every turn sends (the system
    // prompt and the tool definitions, remembered for the process once counted).
    ChatModel warming =
        new OnFirstCall(
            redacting,
            () -> {
              Thread answer =
                  warmUp.start("the model's first answer", () -> Models.prepareAnswer(config));
              Thread tokenizer =
                  warmUp.start(
                      "the tokenizer",
                      () -> {
                        joinQuietly(answer);
                        new TokenCounter().count("warm up");
                      });
              warmUp.start(
                  "the first turn's token counts",
                  () -> {
                    joinQuietly(tokenizer);
                    AgentLoop.countFixedTokens(executor, settings, new TokenCounter());
                  });
            });
    StartupTrace.mark("agent created");
    return new Agent(config, warming, executor, settings, Clock.systemUTC(), tracing);
  }

  /** Waits for a warm-up that the next one should not compete with for a core. */
  private static void joinQuietly(Thread before) {
    try {
      before.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A model that runs {@code first} (once) when it is first asked, then asks. */
  private static final class OnFirstCall implements ChatModel {
    private final ChatModel model;
    private final java.util.concurrent.atomic.AtomicReference<Runnable> first;

    OnFirstCall(ChatModel model, Runnable first) {
      this.model = model;
      this.first = new java.util.concurrent.atomic.AtomicReference<>(first);
    }

    @Override
    public dev.oats.model.ChatResponse chat(dev.oats.model.ChatRequest request) {
      started();
      return model.chat(request);
    }

    @Override
    public dev.oats.model.ChatResponse chat(
        dev.oats.model.ChatRequest request, java.time.Instant deadline) {
      started();
      return model.chat(request, deadline);
    }

    @Override
    public String describe() {
      return model.describe();
    }

    @Override
    public void warmUp() {
      model.warmUp();
    }

    private void started() {
      Runnable run = first.getAndSet(null);
      if (run != null) {
        run.run();
      }
    }
  }

  /** The model, or what its creation threw (a configuration error), as if called here. */
  private static ChatModel joined(CompletableFuture<ChatModel> model) {
    try {
      return model.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The loop's settings from the configuration. */
  public static AgentSettings settings(OatsConfig config, Map<String, String> environment) {
    return new AgentSettings(
        config.maxTurns(),
        config.deadline(),
        config.contextBudget(),
        config.maxOutputTokens(),
        0.0,
        config.protocol(),
        3,
        config.workspace().toAbsolutePath(),
        ChildEnvironment.scrub(environment));
  }

  public ToolRegistry tools() {
    return executor.registry();
  }

  public String modelName() {
    return model.describe();
  }

  /**
   * Runs one investigation to its end.
   *
   * @param downstream gets every event, numbered and stamped, as it happens
   * @return the summary, built from the events
   */
  public RunSummary run(
      Investigation investigation, Consumer<RecordedEvent> downstream, BooleanSupplier cancelled) {
    return run(investigation, List.of(), downstream, cancelled);
  }

  /**
   * Runs the next run of an investigation with these earlier events (see {@link AgentLoop#run(
   * Investigation, List, dev.oats.event.EventSink, BooleanSupplier)}).
   *
   * @param history the investigation's events so far, in order; empty for a new one
   * @param downstream gets every new event, stamped and numbered after the history, as it happens
   * @return the summary of this run, from the whole log
   */
  public RunSummary run(
      Investigation investigation,
      List<RecordedEvent> history,
      Consumer<RecordedEvent> downstream,
      BooleanSupplier cancelled) {
    return run(investigation, history, downstream, cancelled, null);
  }

  /**
   * Runs the next run of an investigation, traced under the span current on this thread: an {@code
   * oats.investigation} span for the run, {@code invoke_agent oats} inside it, and a span per model
   * call and tool call inside that.
   *
   * @param runId the caller's id of this run, recorded on its span; null when it has none
   */
  public RunSummary run(
      Investigation investigation,
      List<RecordedEvent> history,
      Consumer<RecordedEvent> downstream,
      BooleanSupplier cancelled,
      String runId) {
    Progress before = Progress.of(history);
    int runNumber = before.parked() ? Math.max(1, before.runs()) : before.runs() + 1;
    try (RunTrace trace =
        tracing.startRun(investigation.id(), runId, runNumber, model.describe())) {
      RunSummary summary = runTraced(investigation, history, downstream, cancelled);
      trace.ended(
          summary.succeeded() ? "succeeded" : summary.paused() ? "paused" : "failed",
          summary.failureKind() == null
              ? null
              : summary.failureKind().name().toLowerCase(Locale.ROOT),
          summary.result(),
          summary.turns());
      return summary;
    }
  }

  private RunSummary runTraced(
      Investigation investigation,
      List<RecordedEvent> history,
      Consumer<RecordedEvent> downstream,
      BooleanSupplier cancelled) {
    long next = history.isEmpty() ? 1 : history.getLast().seq() + 1;
    EventLog log = new EventLog(clock, next, downstream);
    // Inside the retries: each attempt is a span of its own.
    ChatModel retrying =
        new RetryingChatModel(
            tracing.traced(model),
            new RetryingChatModel.Policy(
                config.modelMaxRetries(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(60)),
            message -> log.emit(new AgentEvent.Warning(message)));
    try {
      new AgentLoop(retrying, executor, settings, clock)
          .run(investigation, history, log, cancelled);
    } catch (RuntimeException | StackOverflowError e) {
      // A bug must still end the investigation with a reason, never leave it running.
      RunSummary sofar = RunSummary.of(concat(history, log.events()));
      log.emit(
          new AgentEvent.Failed(
              AgentEvent.FailureKind.AGENT_ERROR,
              "OATS failed internally: " + e,
              sofar.turns(),
              sofar.usage()));
    }
    return RunSummary.of(concat(history, log.events()));
  }

  private static List<RecordedEvent> concat(List<RecordedEvent> a, List<RecordedEvent> b) {
    List<RecordedEvent> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
