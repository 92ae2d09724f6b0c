package dev.oats.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** An in-process model that answers from a script and remembers what it was asked. */
final class ScriptedModel implements ChatModel {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Deque<Supplier<ChatResponse>> script = new ArrayDeque<>();
  final List<ChatRequest> requests = new ArrayList<>();
  private int ids;

  ScriptedModel call(String thought, String tool, String argumentsJson) {
    ToolCall call = new ToolCall("toolu_" + (++ids), tool, args(argumentsJson));
    script.add(
        () ->
            new ChatResponse(
                thought,
                List.of(call),
                ChatResponse.StopReason.TOOL_USE,
                new Usage(100, 20, 0, 0)));
    return this;
  }

  ScriptedModel finish(String report) {
    ObjectNode arguments = JSON.createObjectNode().put("result", report);
    return call("I know the cause.", "finish", arguments.toString());
  }

  ScriptedModel text(String text) {
    script.add(
        () ->
            new ChatResponse(
                text, List.of(), ChatResponse.StopReason.END_TURN, new Usage(50, 10, 0, 0)));
    return this;
  }

  ScriptedModel fail(ModelException error) {
    script.add(
        () -> {
          throw error;
        });
    return this;
  }

  /** Answers with the same call forever, as a stuck model would. */
  ScriptedModel forever(String tool, String argumentsJson) {
    for (int i = 0; i < 100; i++) {
      call("again", tool, argumentsJson);
    }
    return this;
  }

  static ObjectNode args(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request) {
    requests.add(request);
    Supplier<ChatResponse> next = script.poll();
    if (next == null) {
      throw new ModelException(ModelException.Kind.OTHER, "script ran out");
    }
    return next.get();
  }

  @Override
  public String describe() {
    return "scripted/test";
  }
}
