package dev.oats.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;

/**
 * The spans of one run, open while it runs: {@code oats.investigation} and its child {@code
 * invoke_agent oats}, which is current on the run's thread until {@link #close}.
 */
public final class RunTrace implements AutoCloseable {

  static final RunTrace NONE = new RunTrace(null, Span.getInvalid(), Span.getInvalid());

  private final AgentTracing tracing;
  private final Span run;
  private final Span agent;
  private final Scope scope;

  RunTrace(AgentTracing tracing, Span run, Span agent) {
    this.tracing = tracing;
    this.run = run;
    this.agent = agent;
    this.scope = tracing == null ? Scope.noop() : agent.makeCurrent();
  }

  /**
   * How the run ended.
   *
   * @param status {@code succeeded}, {@code failed} or {@code paused}
   * @param failureKind why it failed ({@code max_turns}, {@code model_error}…), or null
   * @param reason the failure's words; recorded only with content, since they may quote what the
   *     tools found
   * @param turns the turns the run used
   */
  public void ended(String status, String failureKind, String reason, int turns) {
    if (tracing == null) {
      return;
    }
    for (Span span : new Span[] {run, agent}) {
      span.setAttribute(GenAi.STATUS, status);
      span.setAttribute(GenAi.TURNS, (long) turns);
      if (failureKind != null) {
        span.setAttribute(GenAi.FAILURE_KIND, failureKind);
        span.setAttribute(GenAi.ERROR_TYPE, failureKind);
        span.setStatus(StatusCode.ERROR, failureKind);
      }
    }
    if (failureKind != null && reason != null && tracing.recordsContent()) {
      run.setAttribute(GenAi.REASON, tracing.content(reason));
    }
  }

  @Override
  public void close() {
    scope.close();
    agent.end();
    run.end();
  }
}
