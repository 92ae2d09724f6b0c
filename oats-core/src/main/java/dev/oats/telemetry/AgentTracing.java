package dev.oats.telemetry;

import dev.oats.model.ChatModel;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The spans of one agent: a run ({@code oats.investigation}, then {@code invoke_agent oats}), each
 * model call ({@code chat <model>}) and each tool call ({@code execute_tool <name>}), named and
 * attributed after the OpenTelemetry GenAI semantic conventions. Content (prompts, answers, tool
 * arguments and results) is recorded only when {@code OATS_TRACE_CONTENT} is on, and always after
 * the agent's redactor; the rest is counts, names and outcomes.
 *
 * <p>Parents are whatever span is current on the calling thread: a run's spans are current while it
 * runs, and the agent hands the context to the threads it starts for model and tool calls.
 */
public final class AgentTracing {

  /** Tracing off: no spans, the model untouched. */
  public static final AgentTracing DISABLED =
      new AgentTracing(OpenTelemetry.noop().getTracer(Telemetry.SCOPE), false, text -> text);

  /** The agent's name in {@code invoke_agent oats} and {@code gen_ai.agent.name}. */
  static final String AGENT_NAME = "oats";

  /** The longest content attribute; a backend rarely keeps more, and a span must stay small. */
  static final int CONTENT_LIMIT = 32_000;

  private final Tracer tracer;
  private final boolean recordContent;
  private final UnaryOperator<String> redactor;

  AgentTracing(Tracer tracer, boolean recordContent, UnaryOperator<String> redactor) {
    this.tracer = tracer;
    this.recordContent = recordContent;
    this.redactor = redactor;
  }

  public boolean enabled() {
    return this != DISABLED;
  }

  boolean recordsContent() {
    return recordContent;
  }

  Tracer tracer() {
    return tracer;
  }

  /**
   * Starts the spans of one run under the span current on this thread (a parent from another
   * process, say), and makes the agent's span current until {@link RunTrace#close}.
   *
   * @param runId the run's id, or null when the caller has none
   * @param runNumber which run of the investigation this is, from 1
   * @param model the model, as {@link ChatModel#describe} says ({@code provider/model})
   */
  public RunTrace startRun(String investigationId, String runId, int runNumber, String model) {
    if (!enabled()) {
      return RunTrace.NONE;
    }
    ModelName name = ModelName.of(model);
    var run =
        tracer
            .spanBuilder("oats.investigation")
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAi.INVESTIGATION_ID, investigationId)
            .setAttribute(GenAi.CONVERSATION_ID, investigationId)
            .setAttribute(GenAi.RUN_NUMBER, (long) runNumber);
    if (runId != null) {
      run.setAttribute(GenAi.RUN_ID, runId);
    }
    Span runSpan = run.startSpan();
    Span agentSpan =
        tracer
            .spanBuilder("invoke_agent " + AGENT_NAME)
            .setParent(Context.current().with(runSpan))
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAi.OPERATION, "invoke_agent")
            .setAttribute(GenAi.AGENT_NAME, AGENT_NAME)
            .setAttribute(GenAi.CONVERSATION_ID, investigationId)
            .setAttribute(GenAi.PROVIDER, name.provider())
            .setAttribute(GenAi.SYSTEM, name.provider())
            .setAttribute(GenAi.REQUEST_MODEL, name.model())
            .startSpan();
    return new RunTrace(this, runSpan, agentSpan);
  }

  /** The model with a span around each call, or the model itself when tracing is off. */
  public ChatModel traced(ChatModel model) {
    return enabled() ? new TracingChatModel(model, this) : model;
  }

  /**
   * Starts the span of one tool call under the current span, and makes it current until {@link
   * ToolTrace#close}, so that what the tool calls out to (an MCP server) continues the trace.
   *
   * @param arguments the call's arguments as JSON, read only when content is recorded
   */
  public ToolTrace startTool(String toolName, String callId, Supplier<String> arguments) {
    if (!enabled()) {
      return ToolTrace.NONE;
    }
    var builder =
        tracer
            .spanBuilder("execute_tool " + toolName)
            .setSpanKind(SpanKind.INTERNAL)
            .setAttribute(GenAi.OPERATION, "execute_tool")
            .setAttribute(GenAi.TOOL_NAME, toolName)
            .setAttribute(GenAi.TOOL_TYPE, "function");
    if (callId != null) {
      builder.setAttribute(GenAi.TOOL_CALL_ID, callId);
    }
    if (recordContent) {
      builder.setAttribute(GenAi.TOOL_ARGUMENTS, content(arguments.get()));
    }
    return new ToolTrace(this, builder.startSpan());
  }

  /** Text fit to be recorded: redacted, then cut to the limit. */
  String content(String text) {
    String redacted = redactor.apply(text == null ? "" : text);
    return redacted.length() <= CONTENT_LIMIT
        ? redacted
        : redacted.substring(0, CONTENT_LIMIT) + "…[cut]";
  }

  /** {@code anthropic/claude-x} as its provider and model. */
  record ModelName(String provider, String model) {
    static ModelName of(String described) {
      int slash = described == null ? -1 : described.indexOf('/');
      return slash < 0
          ? new ModelName("unknown", described == null ? "unknown" : described)
          : new ModelName(described.substring(0, slash), described.substring(slash + 1));
    }
  }
}
