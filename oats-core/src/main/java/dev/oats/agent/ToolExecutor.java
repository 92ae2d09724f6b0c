package dev.oats.agent;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventSink;
import dev.oats.model.ToolCall;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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

  private final ToolRegistry registry;
  private final ArgumentValidator validator = new ArgumentValidator();
  private final UnaryOperator<String> redactor;
  private final ApprovalGate approvals;
  private final Settings settings;

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
    this.registry = registry;
    this.redactor = redactor;
    this.approvals = approvals;
    this.settings = settings;
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
    long started = System.nanoTime();
    Optional<ToolResult> result = run(turn, call, context, events, decided);
    if (result.isEmpty()) {
      return new Outcome(ToolResult.denied("waiting for approval"), false, 0, true);
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    return shape(result.get(), durationMs);
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

  private ApprovalGate.Decision askApproval(
      int turn, Tool tool, ToolCall call, SideEffect effect, ToolContext context, EventSink events)
      throws InterruptedException {
    String reason =
        effect == SideEffect.MUTATING
            ? "this call may change the cluster or the machine"
            : "OATS cannot tell whether this call only reads";
    events.emit(
        new AgentEvent.ApprovalRequired(
            turn, call.id(), tool.name(), call.arguments(), effect.name(), reason));
    return approvals.decide(
        new ApprovalGate.Request(
            context.investigationId(), call.id(), tool.name(), call.arguments(), effect, reason));
  }

  private ToolResult runWithTimeout(Tool tool, ToolCall call, ToolContext context)
      throws InterruptedException {
    Duration timeout =
        tool.timeout().compareTo(settings.maxTimeout()) < 0
            ? tool.timeout()
            : settings.maxTimeout();
    try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
      ToolContext bounded = context.withDeadline(Instant.now().plus(timeout));
      Future<ToolResult> future = thread.submit(() -> tool.execute(call.arguments(), bounded));
      try {
        ToolResult result = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return result == null ? ToolResult.error(tool.name() + " returned nothing") : result;
      } catch (TimeoutException e) {
        future.cancel(true);
        return ToolResult.error(
            "%s did not finish within %d s and was stopped. Narrow the request (a smaller time"
                    .formatted(tool.name(), timeout.toSeconds())
                + " range, a label selector, fewer lines) and try again.");
      } catch (ExecutionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        log.debug("Tool {} failed", tool.name(), cause);
        return ToolResult.error(tool.name() + " failed: " + describe(cause));
      } catch (InterruptedException e) {
        future.cancel(true);
        throw e;
      }
    }
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
