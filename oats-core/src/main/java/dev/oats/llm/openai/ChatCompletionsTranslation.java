package dev.oats.llm.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.Message.Assistant;
import dev.oats.model.Message.ToolResultBlock;
import dev.oats.model.Message.ToolResults;
import dev.oats.model.Message.User;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import dev.oats.model.Usage;
import java.util.List;
import java.util.Optional;

/** Translates our records to a Chat Completions request and its answer back. */
final class ChatCompletionsTranslation {

  /** What the request carries of the parameters some models refuse. */
  record Parameters(boolean temperature, boolean maxTokens) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  // Chat Completions has no error flag on a tool message, so the model reads it in the content.
  private static final String ERROR_PREFIX = "Error: ";

  // The API refuses an assistant message with neither content nor tool calls.
  private static final String EMPTY_ANSWER = "(no answer)";

  private ChatCompletionsTranslation() {}

  /**
   * The request body. The output cap goes in {@code max_tokens}, which every OpenAI-compatible
   * server reads, unless the model refused it; then in {@code max_completion_tokens}.
   */
  static ChatCompletionCreateParams toParams(
      ChatRequest request, String model, Parameters parameters) {
    ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model);
    if (request.system() != null && !request.system().isBlank()) {
      params.addSystemMessage(request.system());
    }
    request.messages().forEach(message -> addMessage(params, message));
    request.tools().forEach(tool -> params.addTool(tool(tool)));
    if (parameters.temperature()) {
      params.temperature(request.temperature());
    }
    capOutput(params, request.maxOutputTokens(), parameters.maxTokens());
    return params.build();
  }

  // OpenAI deprecates max_tokens, but Ollama and other compatible servers read nothing else.
  @SuppressWarnings("deprecation")
  private static void capOutput(
      ChatCompletionCreateParams.Builder params, int maxOutputTokens, boolean asMaxTokens) {
    if (asMaxTokens) {
      params.maxTokens(maxOutputTokens);
    } else {
      params.maxCompletionTokens(maxOutputTokens);
    }
  }

  /** Our answer, or empty when the completion has no choice to read. */
  static Optional<ChatResponse> toResponse(ChatCompletion completion) {
    if (completion.choices().isEmpty()) {
      return Optional.empty();
    }
    ChatCompletion.Choice choice = completion.choices().get(0);
    ChatCompletionMessage message = choice.message();
    List<ToolCall> calls =
        message.toolCalls().orElse(List.of()).stream()
            .flatMap(call -> call.function().stream())
            .map(ChatCompletionsTranslation::toolCall)
            .toList();
    String text = message.content().or(message::refusal).orElse("");
    ChatResponse.StopReason stop =
        stopReason(choice._finishReason().asKnown().orElse(null), !calls.isEmpty());
    return Optional.of(new ChatResponse(text, calls, stop, usage(completion), completion.model()));
  }

  private static void addMessage(ChatCompletionCreateParams.Builder params, Message message) {
    switch (message) {
      case User user -> params.addUserMessage(user.text());
      case Assistant assistant -> params.addMessage(assistantMessage(assistant));
      case ToolResults results -> results.results().forEach(r -> params.addMessage(toolMessage(r)));
    }
  }

  private static ChatCompletionAssistantMessageParam assistantMessage(Assistant assistant) {
    ChatCompletionAssistantMessageParam.Builder message =
        ChatCompletionAssistantMessageParam.builder();
    if (!assistant.text().isBlank()) {
      message.content(assistant.text());
    } else if (assistant.toolCalls().isEmpty()) {
      message.content(EMPTY_ANSWER);
    }
    for (ToolCall call : assistant.toolCalls()) {
      message.addToolCall(
          ChatCompletionMessageToolCall.ofFunction(
              ChatCompletionMessageFunctionToolCall.builder()
                  .id(call.id())
                  .function(
                      ChatCompletionMessageFunctionToolCall.Function.builder()
                          .name(call.name())
                          .arguments(call.arguments().toString())
                          .build())
                  .build()));
    }
    return message.build();
  }

  private static ChatCompletionToolMessageParam toolMessage(ToolResultBlock result) {
    String content = result.isError() ? ERROR_PREFIX + result.content() : result.content();
    return ChatCompletionToolMessageParam.builder()
        .toolCallId(result.callId())
        .content(content)
        .build();
  }

  private static ChatCompletionFunctionTool tool(ToolSpec spec) {
    FunctionParameters.Builder parameters = FunctionParameters.builder();
    spec.inputSchema()
        .properties()
        .forEach(
            field ->
                parameters.putAdditionalProperty(
                    field.getKey(), JsonValue.fromJsonNode(field.getValue())));
    FunctionDefinition.Builder function =
        FunctionDefinition.builder().name(spec.name()).parameters(parameters.build());
    if (spec.description() != null) {
      function.description(spec.description());
    }
    return ChatCompletionFunctionTool.builder().function(function.build()).build();
  }

  private static ToolCall toolCall(ChatCompletionMessageFunctionToolCall call) {
    ChatCompletionMessageFunctionToolCall.Function function = call.function();
    return new ToolCall(call.id(), function.name(), arguments(function.arguments()));
  }

  /**
   * The arguments as an object. Models do send malformed JSON; it is kept under {@code _raw} so the
   * loop can show the model what it sent instead of failing the whole turn.
   */
  static ObjectNode arguments(String json) {
    if (json == null || json.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode parsed = JSON.readTree(json);
      if (parsed instanceof ObjectNode object) {
        return object;
      }
    } catch (JsonProcessingException malformed) {
      // Falls through to the raw form below.
    }
    ObjectNode raw = JSON.createObjectNode();
    raw.put("_raw", json);
    return raw;
  }

  /**
   * The stop reason. Some OpenAI-compatible servers say {@code stop} even when the answer calls
   * tools, so tool calls count as {@link ChatResponse.StopReason#TOOL_USE} unless the answer was
   * cut.
   */
  private static ChatResponse.StopReason stopReason(
      ChatCompletion.Choice.FinishReason reason, boolean callsTools) {
    ChatCompletion.Choice.FinishReason.Value value =
        reason == null ? ChatCompletion.Choice.FinishReason.Value._UNKNOWN : reason.value();
    if (value == ChatCompletion.Choice.FinishReason.Value.LENGTH) {
      return ChatResponse.StopReason.MAX_TOKENS;
    }
    if (callsTools) {
      return ChatResponse.StopReason.TOOL_USE;
    }
    return switch (value) {
      case STOP -> ChatResponse.StopReason.END_TURN;
      case TOOL_CALLS, FUNCTION_CALL -> ChatResponse.StopReason.TOOL_USE;
      default -> ChatResponse.StopReason.OTHER;
    };
  }

  private static Usage usage(ChatCompletion completion) {
    if (completion.usage().isEmpty()) {
      return Usage.ZERO;
    }
    CompletionUsage usage = completion.usage().get();
    Optional<CompletionUsage.PromptTokensDetails> details = usage.promptTokensDetails();
    long cacheRead = details.flatMap(CompletionUsage.PromptTokensDetails::cachedTokens).orElse(0L);
    long cacheWrite =
        details.flatMap(CompletionUsage.PromptTokensDetails::cacheWriteTokens).orElse(0L);
    long uncached = Math.max(0, usage.promptTokens() - cacheRead - cacheWrite);
    return new Usage(uncached, usage.completionTokens(), cacheRead, cacheWrite);
  }
}
