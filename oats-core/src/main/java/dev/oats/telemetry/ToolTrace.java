package dev.oats.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.nio.charset.StandardCharsets;

/** The span of one tool call, current on the calling thread until {@link #close}. */
public final class ToolTrace implements AutoCloseable {

  static final ToolTrace NONE = new ToolTrace(null, Span.getInvalid());

  private final AgentTracing tracing;
  private final Span span;
  private final Scope scope;

  ToolTrace(AgentTracing tracing, Span span) {
    this.tracing = tracing;
    this.span = span;
    this.scope = tracing == null ? Scope.noop() : span.makeCurrent();
  }

  /**
   * What the call came to.
   *
   * @param status {@code success}, {@code no_data}, {@code error}, {@code denied}, or {@code
   *     pending} when it waits for an approval
   * @param output what the tool returned, as the model sees it (capped and redacted); only its size
   *     is recorded unless content is on
   * @param error the error text; recorded as the span's status message only with content
   * @param rawOutput the tool's output before it was capped, recorded as its size in UTF-8 bytes
   *     (measured only when tracing: encoding a 16 KB output every call cost the loop for nothing)
   * @param truncated whether the output was cut to the limit
   */
  public void ended(
      String status, String output, String error, String rawOutput, boolean truncated) {
    if (tracing == null) {
      return;
    }
    span.setAttribute(GenAi.TOOL_STATUS, status);
    span.setAttribute(GenAi.TOOL_OUTPUT_BYTES, bytes(rawOutput));
    span.setAttribute(GenAi.TOOL_TRUNCATED, truncated);
    if (status.equals("error")) {
      span.setAttribute(GenAi.ERROR_TYPE, "tool_error");
      span.setStatus(
          StatusCode.ERROR, tracing.recordsContent() ? tracing.content(error) : "tool_error");
    }
    if (tracing.recordsContent()) {
      span.setAttribute(GenAi.TOOL_RESULT, tracing.content(output));
    }
  }

  /** The size of a text in UTF-8 bytes, for {@link #ended}. */
  public static long bytes(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public void close() {
    scope.close();
    span.end();
  }
}
