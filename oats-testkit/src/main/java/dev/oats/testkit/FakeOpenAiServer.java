package dev.oats.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A fake of OpenAI's Chat Completions API ({@code POST /v1/chat/completions}) on a loopback port,
 * which is also what Ollama, vLLM and LiteLLM serve.
 *
 * <p>Answers are {@code chat.completion} objects whose one choice has the message content, the
 * {@code tool_calls} (arguments as a JSON string, sent exactly as scripted), the {@code
 * finish_reason}, and a {@code usage} with {@code prompt_tokens_details.cached_tokens}; errors are
 * {@code {"error":{"message","type","param","code"}}}. Its {@link #baseUrl()} ends in {@code /v1}.
 */
public final class FakeOpenAiServer extends HttpFakeServer {

  private FakeOpenAiServer() {}

  /** Starts a fake on a free loopback port. */
  public static FakeOpenAiServer start() {
    return new FakeOpenAiServer();
  }

  @Override
  public String provider() {
    return "openai";
  }

  @Override
  public String baseUrl() {
    return origin() + "/v1";
  }

  @Override
  String endpointPath() {
    return "/v1/chat/completions";
  }

  @Override
  String requestIdHeader() {
    return "x-request-id";
  }

  @Override
  String wrongKeyMessage() {
    return "Incorrect API key provided. You can find your API key at"
        + " https://platform.openai.com/account/api-keys.";
  }

  @Override
  Response answer(ScriptedReply reply, RecordedRequest request, int sequence) {
    ObjectNode body = JSON.createObjectNode();
    body.put("id", "chatcmpl-fake-" + sequence);
    body.put("object", "chat.completion");
    body.put("created", Instant.now().getEpochSecond());
    body.put("model", request.body().path("model").asText("gpt-fake"));
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("message", message(reply, sequence));
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason(reply.stop()));
    body.set("usage", usage(reply.tokens()));
    body.putNull("system_fingerprint");
    return new Response(200, body);
  }

  private static ObjectNode message(ScriptedReply reply, int sequence) {
    ObjectNode message = JSON.createObjectNode();
    message.put("role", "assistant");
    if (reply.text().isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", reply.text());
    }
    message.putNull("refusal");
    if (!reply.calls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      int index = 0;
      for (ScriptedReply.Call call : reply.calls()) {
        ObjectNode toolCall = calls.addObject();
        toolCall.put("id", "call_fake_" + sequence + "_" + ++index);
        toolCall.put("type", "function");
        toolCall
            .putObject("function")
            .put("name", call.name())
            .put("arguments", call.argumentsJson());
      }
    }
    message.putArray("annotations");
    return message;
  }

  private static String finishReason(ScriptedReply.Stop stop) {
    return switch (stop) {
      case END_TURN -> "stop";
      case TOOL_USE -> "tool_calls";
      case MAX_TOKENS -> "length";
    };
  }

  private static ObjectNode usage(ScriptedReply.Tokens tokens) {
    ObjectNode usage = JSON.createObjectNode();
    usage.put("prompt_tokens", tokens.promptTokens());
    usage.put("completion_tokens", tokens.outputTokens());
    usage.put("total_tokens", tokens.promptTokens() + tokens.outputTokens());
    ObjectNode promptDetails = usage.putObject("prompt_tokens_details");
    promptDetails.put("cached_tokens", tokens.cacheReadTokens());
    promptDetails.put("audio_tokens", 0);
    if (tokens.cacheWriteTokens() > 0) {
      promptDetails.put("cache_write_tokens", tokens.cacheWriteTokens());
    }
    usage
        .putObject("completion_tokens_details")
        .put("reasoning_tokens", 0)
        .put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return usage;
  }

  @Override
  Response error(int status, String message, int sequence) {
    return errorBody(status, message, errorType(status), errorCode(status));
  }

  @Override
  Response overloaded(int sequence) {
    return errorBody(503, "The server is overloaded or not ready yet.", "server_error", null);
  }

  private static Response errorBody(int status, String message, String type, String code) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    error.put("type", type);
    error.putNull("param");
    error.put("code", code);
    return new Response(status, body);
  }

  private static String errorType(int status) {
    if (status == 429) {
      return "requests";
    }
    return status >= 500 ? "server_error" : "invalid_request_error";
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 404 -> "model_not_found";
      case 429 -> "rate_limit_exceeded";
      default -> null;
    };
  }
}
