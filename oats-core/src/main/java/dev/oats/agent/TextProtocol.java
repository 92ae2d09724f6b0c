package dev.oats.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The seed's text protocol, for models without tool calling: the model writes {@code
 * <thought>…</thought><action>{"tool_name": …, "parameters": {…}}</action>} and reads {@code
 * <observation>{…}</observation>} back. Parsing forgives what models commonly do: code fences
 * around the JSON, prose around the tags, a missing closing tag, {@code name}/{@code arguments} for
 * {@code tool_name}/{@code parameters}.
 */
final class TextProtocol implements Protocol {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern THOUGHT =
      Pattern.compile("(?s)<thought>(.*?)(</thought>|<action>|$)");
  private static final Pattern ACTION = Pattern.compile("(?s)<action>(.*?)(</action>|$)");
  private static final Pattern FENCE = Pattern.compile("(?s)```(?:json)?\\s*(\\{.*?})\\s*```");

  @Override
  public String name() {
    return "text";
  }

  @Override
  public String system(String basePrompt, List<ToolSpec> tools) {
    StringBuilder prompt = new StringBuilder(basePrompt).append("\n\n## Tools\n");
    for (ToolSpec tool : tools) {
      prompt
          .append("\n### ")
          .append(tool.name())
          .append('\n')
          .append(tool.description())
          .append("\nParameters (JSON Schema): ")
          .append(tool.inputSchema())
          .append('\n');
    }
    prompt.append(
        """

        ## How to answer
        Answer every turn with exactly one thought and one action, and nothing else:
        <thought>what you know so far and why you choose this action</thought>
        <action>{"tool_name": "<one of the tools above>", "parameters": {...}}</action>
        The result comes back as <observation>{"tool": ..., "status": ..., "output": ..., "error": ...}</observation>.
        When you know the root cause, call the finish tool with your report.
        """);
    return prompt.toString();
  }

  @Override
  public ChatRequest request(
      String system, List<Message> conversation, List<ToolSpec> tools, int maxTokens, double temp) {
    List<Message> rendered = new ArrayList<>(conversation.size());
    for (Message message : conversation) {
      rendered.add(render(message));
    }
    return new ChatRequest(system, rendered, List.of(), maxTokens, temp);
  }

  private static Message render(Message message) {
    return switch (message) {
      case Message.Assistant assistant -> new Message.Assistant(assistant.text(), List.of());
      case Message.ToolResults results -> new Message.User(observations(results));
      case Message.User user -> user;
    };
  }

  private static String observations(Message.ToolResults results) {
    StringBuilder text = new StringBuilder();
    for (Message.ToolResultBlock result : results.results()) {
      ObjectNode observation = JSON.createObjectNode();
      observation.put("tool", result.toolName());
      observation.put("status", result.isError() ? "error" : "success");
      observation.put("output", result.isError() ? "" : result.content());
      observation.put("error", result.isError() ? result.content() : "");
      text.append("<observation>").append(observation).append("</observation>\n");
    }
    return text.toString().strip();
  }

  @Override
  public Decoded decode(ChatResponse response, int turn) {
    String text = response.text();
    Message.Assistant asText = new Message.Assistant(text, List.of());
    String thought = thought(text);
    String json = actionJson(text);
    if (json == null) {
      return new Decoded(asText, thought, List.of(), missingAction(response));
    }
    JsonNode action;
    try {
      action = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return new Decoded(
          asText,
          thought,
          List.of(),
          "The JSON in your <action> is not valid (%s). Write it again as"
                  .formatted(e.getOriginalMessage())
              + " {\"tool_name\": \"...\", \"parameters\": {...}}.");
    }
    String tool = firstText(action, "tool_name", "tool", "name");
    JsonNode parameters = firstObject(action, "parameters", "arguments", "args", "input");
    if (tool == null) {
      return new Decoded(
          asText,
          thought,
          List.of(),
          "Your <action> has no \"tool_name\". Write it as {\"tool_name\": \"...\", \"parameters\":"
              + " {...}}.");
    }
    ObjectNode arguments =
        parameters instanceof ObjectNode object ? object : JSON.createObjectNode();
    ToolCall call = new ToolCall("call_" + turn, tool, arguments);
    return new Decoded(new Message.Assistant(text, List.of(call)), thought, List.of(call), null);
  }

  private static String missingAction(ChatResponse response) {
    return response.stopReason() == ChatResponse.StopReason.MAX_TOKENS
        ? "Your answer was cut off at the output limit before the <action>. Answer more briefly."
        : "Your answer has no <action>. Answer with <thought>...</thought> then"
            + " <action>{\"tool_name\": \"...\", \"parameters\": {...}}</action>; call finish when"
            + " you know the root cause.";
  }

  private static String thought(String text) {
    Matcher tagged = THOUGHT.matcher(text);
    if (tagged.find()) {
      return tagged.group(1).strip();
    }
    int action = text.indexOf("<action>");
    return (action >= 0 ? text.substring(0, action) : text).strip();
  }

  /** The JSON object of the action: in the tags, in a fence, or bare in the prose. */
  static String actionJson(String text) {
    Matcher tagged = ACTION.matcher(text);
    boolean hasTag = tagged.find();
    String region = hasTag ? tagged.group(1) : text;
    Matcher fenced = FENCE.matcher(region);
    if (fenced.find()) {
      return fenced.group(1);
    }
    int start = hasTag ? region.indexOf('{') : toolObjectStart(region);
    return start < 0 ? null : balancedObject(region, start);
  }

  /** In untagged prose, the first object that names a tool, so stray braces are not taken. */
  private static int toolObjectStart(String text) {
    int key = text.indexOf("\"tool_name\"");
    return key < 0 ? -1 : text.lastIndexOf('{', key);
  }

  /** The object starting at {@code start}, braces balanced outside strings. */
  private static String balancedObject(String text, int start) {
    int depth = 0;
    boolean inString = false;
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return text.substring(start, i + 1);
      }
    }
    return text.substring(start);
  }

  private static String firstText(JsonNode node, String... names) {
    for (String name : names) {
      if (node.path(name).isTextual()) {
        return node.get(name).asText();
      }
    }
    return null;
  }

  private static JsonNode firstObject(JsonNode node, String... names) {
    for (String name : names) {
      if (node.path(name).isObject()) {
        return node.get(name);
      }
    }
    return null;
  }
}
