package dev.oats.testkit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A fake of Anthropic's Messages API ({@code POST /v1/messages}) on a loopback port.
 *
 * <p>Answers are {@code message} objects with {@code text} and {@code tool_use} content blocks, a
 * {@code stop_reason} and a {@code usage} with the prompt-cache fields; errors are {@code
 * {"type":"error","error":{"type":"rate_limit_error","message":…}}} with the error type that
 * matches the status. Its {@link #baseUrl()} has no {@code /v1}, as {@code ANTHROPIC_BASE_URL}.
 */
public final class FakeAnthropicServer extends HttpFakeServer {

  private FakeAnthropicServer() {}

  /** Starts a fake on a free loopback port. */
  public static FakeAnthropicServer start() {
    return new FakeAnthropicServer();
  }

  @Override
  public String provider() {
    return "anthropic";
  }

  @Override
  public String baseUrl() {
    return origin();
  }

  @Override
  String endpointPath() {
    return "/v1/messages";
  }

  @Override
  String requestIdHeader() {
    return "request-id";
  }

  @Override
  String wrongKeyMessage() {
    return "invalid x-api-key";
  }

  @Override
  Response answer(ScriptedReply reply, RecordedRequest request, int sequence) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "msg_fake_" + sequence);
    body.put("type", "message");
    body.put("role", "assistant");
    body.put("model", request.body().path("model").asText("claude-fake"));
    body.set("content", content(reply, sequence));
    body.put("stop_reason", stopReason(reply.stop()));
    body.putNull("stop_sequence");
    body.set("usage", usage(reply.tokens()));
    return new Response(200, body);
  }

  private static ArrayNode content(ScriptedReply reply, int sequence) {
    ArrayNode content = JSON.createArrayNode();
    if (!reply.text().isEmpty()) {
      content.addObject().put("type", "text").put("text", reply.text());
    }
    int index = 0;
    for (ScriptedReply.Call call : reply.calls()) {
      ObjectNode block = content.addObject();
      block.put("type", "tool_use");
      block.put("id", "toolu_fake_" + sequence + "_" + ++index);
      block.put("name", call.name());
      block.set("input", parseInput(call));
    }
    return content;
  }

  private static JsonNode parseInput(ScriptedReply.Call call) {
    try {
      JsonNode input = JSON.readTree(call.argumentsJson());
      if (!input.isObject()) {
        throw new IllegalArgumentException("tool_use input must be a JSON object");
      }
      return input;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the arguments of " + call.name() + " are not JSON: " + call.argumentsJson(), e);
    }
  }

  private static String stopReason(ScriptedReply.Stop stop) {
    return switch (stop) {
      case END_TURN -> "end_turn";
      case TOOL_USE -> "tool_use";
      case MAX_TOKENS -> "max_tokens";
    };
  }

  private static ObjectNode usage(ScriptedReply.Tokens tokens) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("input_tokens", tokens.inputTokens());
    usage.put("output_tokens", tokens.outputTokens());
    usage.put("cache_read_input_tokens", tokens.cacheReadTokens());
    usage.put("cache_creation_input_tokens", tokens.cacheWriteTokens());
    return usage;
  }

  @Override
  Response error(int status, String message, int sequence) {
    return errorBody(status, errorType(status), message, sequence);
  }

  @Override
  Response overloaded(int sequence) {
    return errorBody(529, "overloaded_error", "Overloaded", sequence);
  }

  private static Response errorBody(int status, String type, String message, int sequence) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_fake_" + sequence);
    return new Response(status, body);
  }

  private static String errorType(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 402 -> "billing_error";
      case 403 -> "permission_error";
      case 404 -> "not_found_error";
      case 413 -> "request_too_large";
      case 429 -> "rate_limit_error";
      case 504 -> "timeout_error";
      case 529 -> "overloaded_error";
      default -> status >= 500 ? "api_error" : "invalid_request_error";
    };
  }
}
