package dev.oats.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * The server's span around starting an agent Job ({@code oats.job.start}, a producer): the Job's
 * agent continues the trace from it, through the {@link #environment} the Job is given.
 */
public final class JobTrace implements AutoCloseable {

  private final Telemetry telemetry;
  private final Span span;
  private final Scope scope;

  JobTrace(Telemetry telemetry, Span span) {
    this.telemetry = telemetry;
    this.span = span;
    this.scope = span.makeCurrent();
  }

  /**
   * {@code TRACEPARENT} and the exporter's {@code OTEL_*} variables for the Job; empty when off.
   */
  public Map<String, String> environment() {
    return telemetry.childEnvironment(Context.current().with(span));
  }

  /** The Job could not be started. */
  public void failed(String why) {
    span.setStatus(StatusCode.ERROR, why);
    span.setAttribute(GenAi.ERROR_TYPE, "job_not_started");
  }

  @Override
  public void close() {
    scope.close();
    span.end();
  }
}
