package dev.oats.agent;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventSink;
import dev.oats.model.ToolCall;
import dev.oats.telemetry.AgentTracing;
import dev.oats.telemetry.ToolTrace;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool call under the rules every tool shares, so no tool has to repeat them: the tool
 * must exist, the arguments must match its schema, a call that may change things needs an approval,
 * the call has a time limit, its output is capped and redacted, and whatever it throws becomes an
 * error observation instead of ending the investigation.
 */
public final class ToolExecutor {

  private static final Logger log = LoggerFactory.getLogger(ToolExecutor.class);

  /** How often a running call looks at the investigation's cancel flag. */
  private static final long CANCEL_POLL_MS = 200;

  /**
   * The threads tool calls run on, daemons kept a minute once idle, shared by every executor of the
   * process: as many as calls run at once (and calls abandoned but still blocked).
   */
  private static final ExecutorService WORKERS =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("oats-tool-", 0).factory());

  private final ToolRegistry registry;
  private final ArgumentValidator validator = new ArgumentValidator();
  private final UnaryOperator<String> redactor;
  private final ApprovalGate approvals;
  private final Settings settings;
  private final AgentTracing tracing;

  /**
   * @param outputLimitChars the most characters of output a call may hand back
   * @param maxTimeout the longest a call may run, whatever its tool asks for
   * @param allowWrite run calls that may change things without asking
   */
  public record Settings(int outputLimitChars, Duration maxTimeout, boolean allowWrite) {}

  /**
   * A call's result with what the executor did to it.
   *
   * @param result the result, capped and redacted
   * @param truncated whether output was cut to the limit
   * @param durationMs how long the call ran
   * @param paused whether the call waits for an approval and did not run: the run pauses
   */
  public record Outcome(ToolResult result, boolean truncated, long durationMs, boolean paused) {
    public Outcome(ToolResult result, boolean truncated, long durationMs) {
      this(result, truncated, durationMs, false);
    }
  }

  public ToolExecutor(
      ToolRegistry registry,
      UnaryOperator<String> redactor,
      ApprovalGate approvals,
      Settings settings) {
    this(registry, redactor, approvals, settings, AgentTracing.DISABLED);
  }

  /** An executor that records each call as an {@code execute_tool} span. */
  public ToolExecutor(
      ToolRegistry registry,
      UnaryOperator<String> redactor,
      ApprovalGate approvals,
      Settings settings,
      AgentTracing tracing) {
    this.registry = registry;
    this.redactor = redactor;
    this.approvals = approvals;
    this.settings = settings;
    this.tracing = tracing;
  }

  /** Loads what the first call needs (the argument validator) now, rather than on that call. */
  void warmUp() {
    validator.warmUp();
  }

  /** {@code text} redacted as tool outputs are: for what the model writes, before it is shown. */
  String redact(String text) {
    return text == null ? null : redactor.apply(text);
  }

  /** A copy of {@code arguments} with every string in it redacted; itself when nothing changes. */
  com.fasterxml.jackson.databind.node.ObjectNode redact(
      com.fasterxml.jackson.databind.node.ObjectNode arguments) {
    if (arguments == null) {
      return null;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy = arguments.deepCopy();
    return redactStrings(copy) ? copy : arguments;
  }

  private boolean redactStrings(com.fasterxml.jackson.databind.JsonNode node) {
    boolean changed = false;
    if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
      for (var entry : object.properties()) {
        com.fasterxml.jackson.databind.JsonNode value = entry.getValue();
        if (value.isTextual()) {
          String redacted = redactor.apply(value.asText());
          if (!redacted.equals(value.asText())) {
            entry.setValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(redacted));
            changed = true;
          }
        } else {
          changed |= redactStrings(value);
        }
      }
    } else if (node instanceof com.fasterxml.jackson.databind.node.ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        com.fasterxml.jackson.databind.JsonNode value = array.get(i);
        if (value.isTextual()) {
          String redacted = redactor.apply(value.asText());
          if (!redacted.equals(value.asText())) {
            array.set(i, com.fasterxml.jackson.databind.node.TextNode.valueOf(redacted));
            changed = true;
          }
        } else {
          changed |= redactStrings(value);
        }
      }
    }
    return changed;
  }

  public ToolRegistry registry() {
    return registry;
  }

  /** Runs the call and returns its outcome; never throws for a tool's failure. */
  public Outcome execute(int turn, ToolCall call, ToolContext context, EventSink events)
      throws InterruptedException {
    return execute(turn, call, context, events, null);
  }

  /**
   * Runs a call, with the decision on its approval when one was already made (a run resumed after a
   * pause), so that it is not asked for again.
   */
  public Outcome execute(
      int turn, ToolCall call, ToolContext context, EventSink events, ApprovalGate.Decision decided)
      throws InterruptedException {
    try (ToolTrace trace =
        tracing.startTool(call.name(), call.id(), () -> String.valueOf(call.arguments()))) {
      long started = System.nanoTime();
      Optional<ToolResult> result = run(turn, call, context, events, decided);
      if (result.isEmpty()) {
        trace.ended("pending", "", "", "", false);
        return new Outcome(ToolResult.denied("waiting for approval"), false, 0, true);
      }
      long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      Outcome outcome = shape(result.get(), durationMs);
      ToolResult shaped = outcome.result();
      trace.ended(
          shaped.status().wireName(),
          shaped.output(),
          shaped.error(),
          result.get().output(),
          outcome.truncated());
      return outcome;
    }
  }

  /** The call's result; empty when it waits for a decision and the run pauses. */
  private Optional<ToolResult> run(
      int turn, ToolCall call, ToolContext context, EventSink events, ApprovalGate.Decision decided)
      throws InterruptedException {
    Tool tool = registry.find(call.name()).orElse(null);
    if (tool == null) {
      return Optional.of(
          ToolResult.error(
              "Unknown tool '%s'. Available tools: %s."
                  .formatted(call.name(), String.join(", ", registry.enabledNames()))));
    }
    List<String> problems = validator.validate(tool.name(), tool.parameters(), call.arguments());
    if (!problems.isEmpty()) {
      return Optional.of(
          ToolResult.error(
              "Invalid arguments for %s: %s. Expected parameters: %s"
                  .formatted(tool.name(), String.join("; ", problems), tool.parameters())));
    }
    SideEffect effect = classify(tool, call);
    if (effect != SideEffect.READ_ONLY && !settings.allowWrite()) {
      ApprovalGate.Decision decision =
          decided != null ? decided : askApproval(turn, tool, call, effect, context, events);
      if (decision.pending()) {
        return Optional.empty();
      }
      if (!decision.approved()) {
        return Optional.of(
            ToolResult.denied(
                "Not run: this call may change things and was not approved (%s). Find the answer"
                        .formatted(decision.reason())
                    + " with read-only tools, or recommend the change in your report."));
      }
    }
    return Optional.of(runWithTimeout(tool, call, context));
  }

  private static SideEffect classify(Tool tool, ToolCall call) {
    try {
      return tool.sideEffect(call.arguments());
    } catch (RuntimeException e) {
      log.warn("Could not classify a call to {}: {}", tool.name(), e.toString());
      return SideEffect.UNKNOWN;
    }
  }

  private static List<String> reasonsOf(Tool tool, ToolCall call) {
    try {
      return tool.approvalReasons(call.arguments());
    } catch (RuntimeException e) {
      log.warn("Could not name why a call to {} is held: {}", tool.name(), e.toString());
      return List.of();
    }
  }

  private ApprovalGate.Decision askApproval(
      int turn, Tool tool, ToolCall call, SideEffect effect, ToolContext context, EventSink events)
      throws InterruptedException {
    String reason =
        effect == SideEffect.MUTATING
            ? "this call may change the cluster or the machine"
            : "OATS cannot tell whether this call only reads";
    List<String> parts = reasonsOf(tool, call);
    if (!parts.isEmpty()) {
      reason += "; held for: " + String.join(", ", parts);
    }
    events.emit(
        new AgentEvent.ApprovalRequired(
            turn, call.id(), tool.name(), call.arguments(), effect.name(), reason));
    return approvals.decide(
        new ApprovalGate.Request(
            context.investigationId(), call.id(), tool.name(), call.arguments(), effect, reason));
  }

  /**
   * Runs the call on its own thread and waits until it ends, its time limit or the investigation's
   * deadline passes, or the investigation is cancelled. A thread that does not end when interrupted
   * (blocked in {@code open()} of a FIFO, say) is abandoned rather than waited for, so no limit
   * depends on the tool cooperating.
   */
  private ToolResult runWithTimeout(Tool tool, ToolCall call, ToolContext context)
      throws InterruptedException {
    Duration timeout =
        tool.timeout().compareTo(settings.maxTimeout()) < 0
            ? tool.timeout()
            : settings.maxTimeout();
    Instant limit = Instant.now().plus(timeout);
    boolean deadlineFirst = context.deadline().isBefore(limit);
    ToolContext bounded = context.withDeadline(deadlineFirst ? context.deadline() : limit);
    // The call's thread continues the trace, so that what the tool calls (an MCP server over HTTP)
    // gets the call's span as its parent.
    FutureTask<ToolResult> task =
        new FutureTask<>(Context.current().wrap(() -> tool.execute(call.arguments(), bounded)));
    // A platform thread: a virtual thread blocked in open() pins its carrier, and a few of them
    // would stall every virtual thread of the server. Reused from call to call: starting one cost
    // the loop a tenth of a millisecond a call. An abandoned call keeps its thread until its
    // blocking call ends; the pool starts another for the next call.
    String name = "oats-tool-" + tool.name();
    WORKERS.execute(
        () -> {
          Thread.currentThread().setName(name);
          task.run();
        });
    try {
      while (true) {
        long left = Duration.between(Instant.now(), bounded.deadline()).toMillis();
        if (left <= 0) {
          abandon(task);
          return deadlineFirst
              ? ToolResult.error(
                  "%s was stopped: the investigation's deadline passed while it ran."
                      .formatted(tool.name()))
              : ToolResult.error(
                  "%s did not finish within %d s and was stopped. Narrow the request (a smaller time"
                          .formatted(tool.name(), timeout.toSeconds())
                      + " range, a label selector, fewer lines) and try again.");
        }
        if (context.cancelled().getAsBoolean()) {
          abandon(task);
          return ToolResult.error(tool.name() + " was stopped: the investigation was cancelled.");
        }
        try {
          ToolResult result = task.get(Math.min(left, CANCEL_POLL_MS), TimeUnit.MILLISECONDS);
          return result == null ? ToolResult.error(tool.name() + " returned nothing") : result;
        } catch (TimeoutException e) {
          // look at the clock and the cancel flag again
        }
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      log.debug("Tool {} failed", tool.name(), cause);
      return ToolResult.error(tool.name() + " failed: " + describe(cause));
    } catch (InterruptedException e) {
      abandon(task);
      throw e;
    }
  }

  /**
   * Interrupts the call's thread (cancelling the task interrupts the thread running it) and goes on
   * without it; it ends when its blocking call does.
   */
  private static void abandon(FutureTask<ToolResult> task) {
    task.cancel(true);
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    return message == null || message.isBlank()
        ? error.getClass().getSimpleName()
        : error.getClass().getSimpleName() + ": " + message;
  }

  private Outcome shape(ToolResult raw, long durationMs) {
    Capped output = cap(redactor.apply(raw.output()), settings.outputLimitChars());
    Capped error =
        cap(redactor.apply(raw.error()), Math.max(2_000, settings.outputLimitChars() / 4));
    return new Outcome(
        new ToolResult(raw.status(), output.text(), error.text()),
        output.truncated() || error.truncated(),
        durationMs);
  }

  private record Capped(String text, boolean truncated) {}

  private static Capped cap(String text, int limit) {
    String capped = Excerpt.of(text, limit, "to fit the output limit");
    return new Capped(capped, !capped.equals(text));
  }
}
