package dev.oats.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.event.AgentEvent;
import dev.oats.event.AgentEvent.FailureKind;
import dev.oats.event.EventSink;
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import dev.oats.model.Usage;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The ReAct loop. Each turn: fit the conversation to the budget, ask the model, run the calls it
 * makes, record everything as events. It ends when the model calls {@code finish} (success), or
 * fails with a reason: turns or time used up, cancelled, the model unreachable, or the model stuck
 * repeating a call. Tool failures never end it; they go back to the model as observations.
 */
public final class AgentLoop {

  /**
   * How close to the deadline a model call's timeout may end and still be the deadline's: a call
   * cut at the deadline is timed in whole milliseconds by the HTTP client's timer, which can fire a
   * moment before the instant the loop compares with.
   */
  static final Duration DEADLINE_SLACK = Duration.ofMillis(250);

  private final ChatModel model;
  private final ToolExecutor executor;
  private final AgentSettings settings;
  private final Protocol protocol;
  private final ContextBudget budget;
  private final TokenCounter counter;
  private final Clock clock;

  public AgentLoop(ChatModel model, ToolExecutor executor, AgentSettings settings, Clock clock) {
    this(model, executor, settings, clock, new TokenCounter());
  }

  /** A loop counting with {@code counter}: tests watch what it tokenizes. */
  AgentLoop(
      ChatModel model,
      ToolExecutor executor,
      AgentSettings settings,
      Clock clock,
      TokenCounter counter) {
    this.model = model;
    this.counter = counter;
    this.executor = executor;
    this.settings = settings;
    this.protocol = Protocol.named(settings.protocol());
    this.budget = new ContextBudget(settings.contextBudget(), counter);
    this.clock = clock;
  }

  /** Runs the investigation to its end and returns the terminal event (finished or failed). */
  public AgentEvent run(Investigation investigation, EventSink events, BooleanSupplier cancelled) {
    return run(investigation, List.of(), events, cancelled);
  }

  /**
   * Runs the next run of an investigation whose earlier events are {@code history}: the first run
   * when there are none, the answer to a follow-up question when the history ends with one, or the
   * rest of a paused turn once its held call has been decided. The conversation is rebuilt from the
   * history, so it does not matter which process ran the earlier runs.
   *
   * @return the event that ended this run: finished, failed, or paused for an approval
   */
  public AgentEvent run(
      Investigation investigation,
      List<RecordedEvent> history,
      EventSink events,
      BooleanSupplier cancelled) {
    return new Run(investigation, history, events, cancelled).execute();
  }

  /** The state of one run: the conversation, the usage so far and the calls already made. */
  private final class Run {
    private final Investigation investigation;
    private final Progress before;
    private final Map<String, ApprovalGate.Decision> decided = new HashMap<>();
    private final Set<String> announcedCalls = new HashSet<>();
    private final EventSink events;
    private final BooleanSupplier cancelled;
    private final Map<ToolCallKey, Integer> calls = new HashMap<>();
    private final Instant deadline;
    private final List<ToolSpec> tools = offeredTools();
    // Asked of the registry, which does not change, once a run rather than once a call.
    private final boolean pagesOutputs = pagesOutputs();
    private Conversation conversation;
    private String system;
    private final int[] fixedTokens = {-1, -1};
    private Usage usage = Usage.ZERO;
    // The view sent last: the next one keeps its compaction and reads its prefix from the cache.
    private ContextBudget.Fitted sent;
    private int turn;
    private int refusedRepeats;
    private int textOnlyTurns;

    Run(
        Investigation investigation,
        List<RecordedEvent> history,
        EventSink sink,
        BooleanSupplier cancelled) {
      this.investigation = investigation;
      this.before = Progress.of(history);
      this.conversation = Conversation.of(history);
      for (RecordedEvent recorded : history) {
        switch (recorded.event()) {
          case AgentEvent.ApprovalDecided d ->
              decided.put(
                  d.callId(),
                  d.approved()
                      ? ApprovalGate.Decision.approve(d.reason())
                      : ApprovalGate.Decision.deny(d.reason()));
          case AgentEvent.ToolCalled c -> announcedCalls.add(c.callId());
          // A follow-up is a run of its own: its calls may reuse an earlier run's ids (the text
          // protocol numbers them by turn), and an earlier run's approval is no approval of them.
          case AgentEvent.FollowUpAsked f -> {
            decided.clear();
            announcedCalls.clear();
          }
          default -> {}
        }
      }
      // The conversation is the fold of the events this run emits, exactly as it is rebuilt later.
      this.events =
          event -> {
            conversation = conversation.with(event);
            sink.emit(event);
          };
      this.cancelled = cancelled;
      this.deadline = clock.instant().plus(settings.deadline());
    }

    AgentEvent execute() {
      try {
        if (before.parked()) {
          turn = before.runTurns();
          usage = before.runUsage();
          AgentEvent end = act(conversation.openCalls());
          if (end != null) {
            return end;
          }
          turn++;
        } else if (before.runs() > 0 && before.phase() != Progress.Phase.PENDING) {
          return fail(
              FailureKind.AGENT_ERROR,
              "Nothing to continue: the investigation has no follow-up question or decided call.");
        } else {
          start();
          turn = 1;
        }
        for (; turn <= settings.maxTurns(); turn++) {
          AgentEvent end = turn();
          if (end != null) {
            return end;
          }
        }
        return fail(
            FailureKind.MAX_TURNS,
            "Max turns reached: used all %d turns without calling finish."
                .formatted(settings.maxTurns()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return fail(FailureKind.CANCELLED, "Cancelled while a tool was running.");
      }
    }

    private void start() {
      events.emit(
          new AgentEvent.Started(
              investigation.goal(),
              investigation.targetNamespace(),
              model.describe(),
              protocol.name(),
              settings.maxTurns(),
              executor.registry().enabledNames()));
    }

    /** One turn; returns the event that ends the run when it ends in this turn. */
    private AgentEvent turn() throws InterruptedException {
      if (cancelled.getAsBoolean()) {
        return fail(FailureKind.CANCELLED, "Cancelled before turn %d.".formatted(turn));
      }
      if (clock.instant().isAfter(deadline)) {
        return fail(
            FailureKind.TIMED_OUT,
            "Deadline of %d s passed before turn %d."
                .formatted(settings.deadline().toSeconds(), turn));
      }
      events.emit(new AgentEvent.TurnStarted(turn, settings.maxTurns()));
      ChatResponse response;
      try {
        response = ask();
      } catch (ModelException e) {
        if (e.kind() == ModelException.Kind.TIMEOUT
            && !clock.instant().plus(DEADLINE_SLACK).isBefore(deadline)) {
          return fail(
              FailureKind.TIMED_OUT,
              "Deadline of %d s passed while waiting for the model: %s"
                  .formatted(settings.deadline().toSeconds(), e.getMessage()));
        }
        if (cancelled.getAsBoolean()) {
          // A cancel interrupts the model call; that is not the model failing.
          return fail(FailureKind.CANCELLED, "Cancelled while waiting for the model.");
        }
        FailureKind kind =
            e.kind() == ModelException.Kind.CANCELLED
                ? FailureKind.CANCELLED
                : FailureKind.MODEL_ERROR;
        return fail(kind, "The model call failed: " + e.getMessage());
      }
      // What the model writes is shown and stored like a tool's output, and redacted like it: a
      // model that got hold of a secret must not carry it into the events.
      events.emit(
          new AgentEvent.ModelReplied(
              turn,
              executor.redact(response.text()),
              redactedCalls(response.toolCalls()),
              response.stopReason()));
      Protocol.Decoded decoded = protocol.decode(response, turn);
      if (!decoded.thought().isEmpty()) {
        events.emit(new AgentEvent.Thought(turn, executor.redact(decoded.thought())));
      }
      if (decoded.malformed() && decoded.calls().isEmpty() && !decoded.thought().isBlank()) {
        // A model that answers in prose instead of calling finish: after one correction (or on
        // the last turn) its prose is the report, rather than burning every turn and losing it.
        textOnlyTurns++;
        if (textOnlyTurns >= 2 || turn == settings.maxTurns()) {
          return finish(decoded.thought() + "\n\n(Answered in plain text without calling finish.)");
        }
      }
      if (decoded.malformed()) {
        events.emit(new AgentEvent.Warning("Turn %d: %s".formatted(turn, decoded.problem())));
        return null;
      }
      return act(decoded.calls());
    }

    /** The calls with their arguments redacted; a loop, not a stream: it runs every turn. */
    private List<ToolCall> redactedCalls(List<ToolCall> calls) {
      if (calls == null) {
        return null;
      }
      ToolCall[] redacted = new ToolCall[calls.size()];
      for (int i = 0; i < redacted.length; i++) {
        ToolCall call = calls.get(i);
        redacted[i] = new ToolCall(call.id(), call.name(), executor.redact(call.arguments()));
      }
      return List.of(redacted);
    }

    private ChatResponse ask() {
      String system = system();
      List<ToolSpec> offered = protocol instanceof NativeProtocol ? tools : List.of();
      // The last turn asks for finish in a message after the conversation: the system prompt and
      // the tools stay as they were, so the request still reads their prefix from the cache.
      boolean last = turn == settings.maxTurns();
      ContextBudget.Fitted fitted = fit(last);
      List<Integer> cacheBreaks = fitted.cacheBreaks(sent);
      // Cutting the observation before the newest to its excerpt is every turn's routine: say so
      // the first time, then only when the compaction takes a step.
      boolean news =
          sent == null || !sent.trimmed() || !sent.compaction().equals(fitted.compaction());
      sent = fitted;
      if (fitted.trimmed() && news) {
        events.emit(
            new AgentEvent.ContextTrimmed(
                turn, fitted.tokensBefore(), fitted.tokensAfter(), fitted.what()));
      }
      List<Message> messages = fitted.messages();
      if (last) {
        messages = new ArrayList<>(messages);
        messages.add(new Message.User(Prompts.LAST_TURN.strip()));
      }
      long started = System.nanoTime();
      if (turn == 1) {
        StartupTrace.mark("first request asked");
      }
      ChatResponse response =
          model.chat(
              protocol
                  .request(
                      system, messages, offered, settings.maxOutputTokens(), settings.temperature())
                  .withCacheBreaks(cacheBreaks),
              deadline);
      long latencyMs = (System.nanoTime() - started) / 1_000_000;
      usage = usage.plus(response.usage());
      events.emit(new AgentEvent.ModelUsage(turn, response.usage(), latencyMs));
      return response;
    }

    /**
     * The view to send. A run's first request that clearly fits is found by the bytes' upper bound
     * of its tokens, without the tokenizer, whose table a new process would otherwise load before
     * its first request; the turns after count.
     */
    private ContextBudget.Fitted fit(boolean last) {
      List<Message> messages = conversation.messages();
      if (sent == null) {
        Optional<ContextBudget.Fitted> clearly =
            budget.fitByBytes(messages, fixedUpperBound(last), ContextBudget.Compaction.START);
        if (clearly.isPresent()) {
          return clearly.get();
        }
      }
      return budget.fit(
          messages,
          fixedTokens(last),
          sent == null ? ContextBudget.Compaction.START : sent.compaction());
    }

    /** At least what {@link #fixedTokens} counts, without the tokenizer. */
    private long fixedUpperBound(boolean last) {
      List<ToolSpec> offered = protocol instanceof NativeProtocol ? tools : List.of();
      return TokenCounter.upperBound(system())
          + TokenCounter.upperBoundOfTools(offered)
          + (last ? TokenCounter.upperBound(Prompts.LAST_TURN) : 0);
    }

    /** The system prompt of every turn; the same all run long, so made once. */
    private String system() {
      if (system == null) {
        system = protocol.system(Prompts.SYSTEM, tools);
      }
      return system;
    }

    /**
     * What the system prompt, the offered tools and (on the last turn) the note asking for finish
     * take, counted once per kind of turn: the tool definitions are serialised to be counted, which
     * cost as much as the rest of a turn.
     */
    private int fixedTokens(boolean last) {
      int index = last ? 1 : 0;
      if (fixedTokens[index] < 0) {
        List<ToolSpec> offered = protocol instanceof NativeProtocol ? tools : List.of();
        fixedTokens[index] =
            counter.countFixed(system())
                + counter.countTools(offered)
                + (last ? counter.countFixed(Prompts.LAST_TURN) : 0);
      }
      return fixedTokens[index];
    }

    private AgentEvent finish(String report) {
      AgentEvent finished = new AgentEvent.Finished(executor.redact(report), turn, usage);
      events.emit(finished);
      return finished;
    }

    /** Runs the calls in order; a successful finish ends the run, a held call pauses it. */
    private AgentEvent act(List<ToolCall> toolCalls) throws InterruptedException {
      for (ToolCall call : toolCalls) {
        if (announcedCalls.add(call.id())) {
          events.emit(
              new AgentEvent.ToolCalled(
                  turn, call.id(), call.name(), executor.redact(call.arguments())));
        }
        ToolExecutor.Outcome outcome = runOrRefuse(call);
        if (outcome.paused()) {
          AgentEvent paused = new AgentEvent.Paused(turn, call.id(), usage);
          events.emit(paused);
          return paused;
        }
        ToolResult result = outcome.result();
        events.emit(
            new AgentEvent.Observation(
                turn,
                call.id(),
                call.name(),
                result.status().wireName(),
                result.output(),
                result.error(),
                outcome.durationMs(),
                outcome.truncated()));
        if (call.name().equals(FinishTool.NAME) && !result.isError()) {
          return finish(result.output());
        }
        if (refusedRepeats >= settings.repeatLimit()) {
          return fail(
              FailureKind.REPEATED_CALLS,
              "The model repeated calls it had already made %d times; stopped to save turns."
                  .formatted(refusedRepeats));
        }
      }
      return null;
    }

    private ToolExecutor.Outcome runOrRefuse(ToolCall call) throws InterruptedException {
      if (turn == settings.maxTurns() && !call.name().equals(FinishTool.NAME)) {
        return new ToolExecutor.Outcome(
            ToolResult.error(
                "Not run: this was the last turn, in which only finish can be called."),
            false,
            0);
      }
      ToolCallKey key = new ToolCallKey(call.name(), call.arguments());
      Integer earlier = calls.putIfAbsent(key, turn);
      if (earlier != null) {
        refusedRepeats++;
        return new ToolExecutor.Outcome(
            ToolResult.error(
                "Not run: you already called %s with exactly these arguments in turn %d, and its"
                        .formatted(call.name(), earlier)
                    + " result is above. Use it, change the arguments, or call finish."),
            false,
            0);
      }
      if (pagesOutputs && call.name().equals(OutputPages.NAME)) {
        return new ToolExecutor.Outcome(
            OutputPages.read(
                conversation.messages(),
                call.arguments(),
                budget.excerptChars(ContextBudget.Compaction.START)),
            false,
            0);
      }
      ToolContext context =
          new ToolContext(
              investigation.id(),
              settings.workspace(),
              settings.childEnvironment(),
              deadline,
              cancelled,
              investigation.targetNamespace());
      return executor.execute(turn, call, context, events, decided.remove(call.id()));
    }

    private AgentEvent fail(FailureKind kind, String reason) {
      AgentEvent failed =
          new AgentEvent.Failed(
              kind,
              reason + PartialReport.of(conversation.messages()),
              Math.min(turn, settings.maxTurns()),
              usage);
      events.emit(failed);
      return failed;
    }
  }

  /**
   * The registry's tools and the loop's own {@value OutputPages#NAME}, which shows the rest of an
   * output the model was shown an excerpt of (unless a tool of that name is installed).
   */
  private List<ToolSpec> offeredTools() {
    return offeredTools(executor);
  }

  private static List<ToolSpec> offeredTools(ToolExecutor executor) {
    List<ToolSpec> specs = new ArrayList<>(executor.registry().specs());
    if (pagesOutputs(executor)) {
      specs.add(OutputPages.spec());
    }
    return List.copyOf(specs);
  }

  private boolean pagesOutputs() {
    return pagesOutputs(executor);
  }

  private static boolean pagesOutputs(ToolExecutor executor) {
    return executor.registry().find(OutputPages.NAME).isEmpty();
  }

  /**
   * Counts what a first turn of a loop over {@code executor} counts before it asks (the system
   * prompt, and the tool definitions the protocol offers), so that with the standard counter, which
   * remembers those for the process, the first turn finds them counted.
   */
  static void countFixedTokens(
      ToolExecutor executor, AgentSettings settings, TokenCounter counter) {
    Protocol protocol = Protocol.named(settings.protocol());
    List<ToolSpec> tools = offeredTools(executor);
    counter.countFixed(protocol.system(Prompts.SYSTEM, tools));
    if (protocol instanceof NativeProtocol) {
      counter.countTools(tools);
    }
  }

  /**
   * Arguments compare as JSON values, so key order does not hide a repeat. Its equals and hash are
   * written out: a record's go through method handles, which the loop's first investigations in a
   * JVM run uncompiled once a call.
   */
  private record ToolCallKey(String name, ObjectNode arguments) {
    @Override
    public boolean equals(Object other) {
      return other instanceof ToolCallKey key
          && java.util.Objects.equals(name, key.name)
          && java.util.Objects.equals(arguments, key.arguments);
    }

    @Override
    public int hashCode() {
      return 31 * java.util.Objects.hashCode(name) + java.util.Objects.hashCode(arguments);
    }
  }
}
