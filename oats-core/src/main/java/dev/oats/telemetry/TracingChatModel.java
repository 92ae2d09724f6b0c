package dev.oats.telemetry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A {@link ChatModel} that records each call as a {@code chat <model>} span (GenAI semantic
 * conventions: operation, provider, request and response model, token usage with the cache's share,
 * finish reasons). The agent puts it inside the retry decorator, so each attempt is a span of its
 * own: a retried call shows as several spans, the failed ones with their {@code error.type}.
 */
final class TracingChatModel implements ChatModel {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChatModel delegate;
  private final AgentTracing tracing;
  private final AgentTracing.ModelName name;

  TracingChatModel(ChatModel delegate, AgentTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
    this.name = AgentTracing.ModelName.of(delegate.describe());
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return traced(request, () -> delegate.chat(request));
  }

  @Override
  public ChatResponse chat(ChatRequest request, Instant deadline) {
    return traced(request, () -> delegate.chat(request, deadline));
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  private interface Call {
    ChatResponse run();
  }

  private ChatResponse traced(ChatRequest request, Call call) {
    var builder =
        tracing
            .tracer()
            .spanBuilder("chat " + name.model())
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAi.OPERATION, "chat")
            .setAttribute(GenAi.PROVIDER, name.provider())
            .setAttribute(GenAi.SYSTEM, name.provider())
            .setAttribute(GenAi.REQUEST_MODEL, name.model())
            .setAttribute(GenAi.REQUEST_MAX_TOKENS, (long) request.maxOutputTokens())
            .setAttribute(GenAi.REQUEST_TEMPERATURE, request.temperature());
    if (tracing.recordsContent()) {
      builder.setAttribute(GenAi.SYSTEM_INSTRUCTIONS, tracing.content(request.system()));
      builder.setAttribute(GenAi.INPUT_MESSAGES, tracing.content(input(request.messages())));
    }
    Span span = builder.startSpan();
    try (Scope ignored = span.makeCurrent()) {
      ChatResponse response = call.run();
      record(span, response);
      return response;
    } catch (ModelException e) {
      String type = e.kind().name().toLowerCase(Locale.ROOT);
      span.setAttribute(GenAi.ERROR_TYPE, type);
      span.setStatus(StatusCode.ERROR, type);
      throw e;
    } catch (RuntimeException e) {
      span.setAttribute(GenAi.ERROR_TYPE, e.getClass().getName());
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void record(Span span, ChatResponse response) {
    Usage usage = response.usage();
    span.setAttribute(
        GenAi.RESPONSE_MODEL, response.model() == null ? name.model() : response.model());
    // The conventions count cached prompt tokens in input_tokens; OATS's Usage keeps them apart.
    span.setAttribute(
        GenAi.INPUT_TOKENS,
        usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens());
    span.setAttribute(GenAi.OUTPUT_TOKENS, usage.outputTokens());
    span.setAttribute(GenAi.CACHE_READ_TOKENS, usage.cacheReadTokens());
    span.setAttribute(GenAi.CACHE_CREATION_TOKENS, usage.cacheWriteTokens());
    span.setAttribute(GenAi.FINISH_REASONS, List.of(finishReason(response.stopReason())));
    if (tracing.recordsContent()) {
      span.setAttribute(GenAi.OUTPUT_MESSAGES, tracing.content(output(response)));
    }
  }

  static String finishReason(ChatResponse.StopReason reason) {
    return switch (reason) {
      case END_TURN -> "stop";
      case TOOL_USE -> "tool_call";
      case MAX_TOKENS -> "length";
      case OTHER -> "other";
    };
  }

  /** The conversation in the conventions' message shape: role and parts. */
  private static String input(List<Message> messages) {
    ArrayNode all = JSON.createArrayNode();
    for (Message message : messages) {
      ObjectNode node = all.addObject();
      ArrayNode parts = JSON.createArrayNode();
      switch (message) {
        case Message.User user -> {
          node.put("role", "user");
          text(parts, user.text());
        }
        case Message.Assistant assistant -> {
          node.put("role", "assistant");
          text(parts, assistant.text());
          calls(parts, assistant.toolCalls());
        }
        case Message.ToolResults results -> {
          node.put("role", "tool");
          for (Message.ToolResultBlock result : results.results()) {
            ObjectNode part = parts.addObject();
            part.put("type", "tool_call_response");
            part.put("id", result.callId());
            part.put("response", result.content());
          }
        }
      }
      node.set("parts", parts);
    }
    return all.toString();
  }

  private static String output(ChatResponse response) {
    ArrayNode all = JSON.createArrayNode();
    ObjectNode node = all.addObject();
    node.put("role", "assistant");
    ArrayNode parts = node.putArray("parts");
    text(parts, response.text());
    calls(parts, response.toolCalls());
    node.put("finish_reason", finishReason(response.stopReason()));
    return all.toString();
  }

  private static void text(ArrayNode parts, String text) {
    if (text != null && !text.isEmpty()) {
      parts.addObject().put("type", "text").put("content", text);
    }
  }

  private static void calls(ArrayNode parts, List<ToolCall> calls) {
    for (ToolCall call : calls) {
      ObjectNode part = parts.addObject();
      part.put("type", "tool_call");
      part.put("id", call.id());
      part.put("name", call.name());
      part.set("arguments", call.arguments());
    }
  }
}
