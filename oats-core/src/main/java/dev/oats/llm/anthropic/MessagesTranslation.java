package dev.oats.llm.anthropic;

import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.CacheControlEphemeral;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageParam;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.TextBlockParam;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.anthropic.models.messages.ToolUseBlockParam;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message.Assistant;
import dev.oats.model.Message.ToolResults;
import dev.oats.model.Message.User;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import dev.oats.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Translates our records to the Messages API's request and its answer back. */
final class MessagesTranslation {

  private static final CacheControlEphemeral CACHED = CacheControlEphemeral.builder().build();

  /** The API refuses a request with more {@code cache_control} blocks than this. */
  static final int MAX_CACHE_BREAKPOINTS = 4;

  // The API refuses an assistant turn without content; this keeps the conversation valid.
  private static final String EMPTY_ANSWER = "(no answer)";

  private MessagesTranslation() {}

  /**
   * The request body. The last tool and the system prompt carry {@code cache_control} (the API
   * caches tools, then system, then messages, as one prefix), and so does the last block of each of
   * the newest {@link ChatRequest#cacheBreaks() cache breaks} that fit in the API's four
   * breakpoints: the break the previous request wrote, read back now, and the one this request
   * writes for the next.
   *
   * @param sendTemperature false for models that refuse a sampling temperature
   */
  static MessageCreateParams toParams(ChatRequest request, String model, boolean sendTemperature) {
    boolean hasSystem = request.system() != null && !request.system().isBlank();
    List<ToolSpec> tools = request.tools();
    int left = MAX_CACHE_BREAKPOINTS - (hasSystem ? 1 : 0) - (tools.isEmpty() ? 0 : 1);
    List<Integer> breaks = request.cacheBreaks();
    Set<Integer> marked =
        Set.copyOf(breaks.subList(Math.max(0, breaks.size() - left), breaks.size()));
    MessageCreateParams.Builder params =
        MessageCreateParams.builder()
            .model(model)
            .maxTokens(request.maxOutputTokens())
            .messages(messages(request.messages(), marked));
    if (hasSystem) {
      params.systemOfTextBlockParams(
          List.of(TextBlockParam.builder().text(request.system()).cacheControl(CACHED).build()));
    }
    for (int i = 0; i < tools.size(); i++) {
      params.addTool(tool(tools.get(i), i == tools.size() - 1));
    }
    // The SDK has no setter for temperature any more (newer models refuse it), but the API
    // still takes it for the models that do.
    if (sendTemperature) {
      params.putAdditionalBodyProperty("temperature", JsonValue.from(request.temperature()));
    }
    return params.build();
  }

  static ChatResponse toResponse(Message message) {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (ContentBlock block : message.content()) {
      block.text().ifPresent(t -> text.append(t.text()));
      block.toolUse().ifPresent(use -> calls.add(toolCall(use)));
    }
    return new ChatResponse(
        text.toString(),
        calls,
        stopReason(message.stopReason().orElse(null)),
        usage(message.usage()),
        message.model().asString());
  }

  private static List<MessageParam> messages(
      List<dev.oats.model.Message> messages, Set<Integer> marked) {
    List<MessageParam> params = new ArrayList<>(messages.size());
    for (int i = 0; i < messages.size(); i++) {
      boolean mark = marked.contains(i);
      params.add(
          switch (messages.get(i)) {
            case User user when mark ->
                MessageParam.ofUserOfContentBlockParams(
                    List.of(
                        ContentBlockParam.ofText(
                            TextBlockParam.builder()
                                .text(user.text())
                                .cacheControl(CACHED)
                                .build())));
            case User user -> MessageParam.ofUser(user.text());
            case Assistant assistant ->
                MessageParam.ofAssistantOfContentBlockParams(assistantBlocks(assistant, mark));
            case ToolResults results ->
                MessageParam.ofUserOfContentBlockParams(resultBlocks(results, mark));
          });
    }
    return params;
  }

  private static List<ContentBlockParam> assistantBlocks(Assistant assistant, boolean mark) {
    List<ContentBlockParam> blocks = new ArrayList<>();
    List<ToolCall> calls = assistant.toolCalls();
    boolean text = !assistant.text().isBlank() || calls.isEmpty();
    if (text) {
      TextBlockParam.Builder block =
          TextBlockParam.builder()
              .text(assistant.text().isBlank() ? EMPTY_ANSWER : assistant.text());
      if (mark && calls.isEmpty()) {
        block.cacheControl(CACHED);
      }
      blocks.add(ContentBlockParam.ofText(block.build()));
    }
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      ToolUseBlockParam.Builder use =
          ToolUseBlockParam.builder()
              .id(call.id())
              .name(call.name())
              .input(input(call.arguments()));
      if (mark && i == calls.size() - 1) {
        use.cacheControl(CACHED);
      }
      blocks.add(ContentBlockParam.ofToolUse(use.build()));
    }
    return blocks;
  }

  private static ToolUseBlockParam.Input input(ObjectNode arguments) {
    ToolUseBlockParam.Input.Builder input = ToolUseBlockParam.Input.builder();
    arguments
        .properties()
        .forEach(field -> input.putAdditionalProperty(field.getKey(), json(field.getValue())));
    return input.build();
  }

  private static List<ContentBlockParam> resultBlocks(ToolResults results, boolean mark) {
    List<ContentBlockParam> blocks = new ArrayList<>();
    List<dev.oats.model.Message.ToolResultBlock> all = results.results();
    for (int i = 0; i < all.size(); i++) {
      dev.oats.model.Message.ToolResultBlock result = all.get(i);
      ToolResultBlockParam.Builder block =
          ToolResultBlockParam.builder()
              .toolUseId(result.callId())
              .content(result.content())
              .isError(result.isError());
      if (mark && i == all.size() - 1) {
        block.cacheControl(CACHED);
      }
      blocks.add(ContentBlockParam.ofToolResult(block.build()));
    }
    return blocks;
  }

  private static Tool tool(ToolSpec spec, boolean last) {
    Tool.Builder tool =
        Tool.builder().name(spec.name()).inputSchema(inputSchema(spec.inputSchema()));
    if (spec.description() != null) {
      tool.description(spec.description());
    }
    if (last) {
      tool.cacheControl(CACHED);
    }
    return tool.build();
  }

  private static Tool.InputSchema inputSchema(ObjectNode schema) {
    Tool.InputSchema.Builder builder = Tool.InputSchema.builder();
    // "type" is always "object" and set by the SDK; every other keyword passes through as is.
    schema
        .properties()
        .forEach(
            field -> {
              if (!"type".equals(field.getKey())) {
                builder.putAdditionalProperty(field.getKey(), json(field.getValue()));
              }
            });
    return builder.build();
  }

  private static ToolCall toolCall(ToolUseBlock use) {
    JsonNode input = use._input().convert(JsonNode.class);
    ObjectNode arguments;
    if (input instanceof ObjectNode object) {
      arguments = object;
    } else {
      arguments = JsonNodeFactory.instance.objectNode();
      arguments.put("_raw", input == null ? "" : input.toString());
    }
    return new ToolCall(use.id(), use.name(), arguments);
  }

  private static ChatResponse.StopReason stopReason(StopReason reason) {
    if (reason == null) {
      return ChatResponse.StopReason.OTHER;
    }
    return switch (reason.value()) {
      case END_TURN, STOP_SEQUENCE -> ChatResponse.StopReason.END_TURN;
      case TOOL_USE -> ChatResponse.StopReason.TOOL_USE;
      // Both cut the answer short: the output cap, or the context window filling up.
      case MAX_TOKENS, MODEL_CONTEXT_WINDOW_EXCEEDED -> ChatResponse.StopReason.MAX_TOKENS;
      default -> ChatResponse.StopReason.OTHER;
    };
  }

  private static Usage usage(com.anthropic.models.messages.Usage usage) {
    return new Usage(
        usage.inputTokens(),
        usage.outputTokens(),
        usage.cacheReadInputTokens().orElse(0L),
        usage.cacheCreationInputTokens().orElse(0L));
  }

  private static JsonValue json(JsonNode node) {
    return JsonValue.fromJsonNode(node);
  }
}
