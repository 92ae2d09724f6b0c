package dev.oats.llm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatRequest;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.List;

/**
 * A request with every part an agent's requests have (a system prompt, a tool with a nested schema,
 * the goal, a tool call, an ok and a failed result, cache breaks), which the adapters translate and
 * serialise in {@link dev.oats.model.ChatModel#warmUp()} but never send.
 */
public final class WarmUpRequest {

  private WarmUpRequest() {}

  /** The request; built on each call, so nothing is kept once the warm-up is over. */
  public static ChatRequest create() {
    JsonNodeFactory json = JsonNodeFactory.instance;
    ObjectNode schema = json.objectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties.putObject("namespace").put("type", "string").put("description", "a namespace");
    properties.putObject("lines").put("type", "integer");
    properties.putObject("names").put("type", "array").putObject("items").put("type", "string");
    schema.putArray("required").add("namespace");
    ToolSpec tool = new ToolSpec("warm_up", "A tool that is never called.", schema);
    ToolCall call =
        new ToolCall("call_warm_up", "warm_up", json.objectNode().put("namespace", "x"));
    return new ChatRequest(
        "You are warming up.",
        List.of(
            new Message.User("Why is nothing failing?"),
            new Message.Assistant("Looking.", List.of(call)),
            new Message.ToolResults(
                List.of(
                    new Message.ToolResultBlock(call.id(), call.name(), "all good", false),
                    new Message.ToolResultBlock(call.id(), call.name(), "no such pod", true)))),
        List.of(tool, tool),
        4096,
        0.0,
        List.of(0, 2));
  }
}
