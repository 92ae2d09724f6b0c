package dev.oats.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatRequest;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.io.UncheckedIOException;
import java.util.List;

/** Requests and JSON for the adapter tests. */
public final class Conversations {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String SYSTEM = "You are an SRE. Investigate, then call finish.";
  public static final String GOAL = "Why is checkout-api crash-looping in namespace shop?";

  public static final ToolSpec KUBECTL =
      new ToolSpec(
          "kubectl_info",
          "Reads Kubernetes objects.",
          json(
              "{\"type\":\"object\",\"properties\":{\"namespace\":{\"type\":\"string\"}},"
                  + "\"required\":[\"namespace\"]}"));
  public static final ToolSpec FINISH =
      new ToolSpec(
          "finish",
          "Ends the investigation with the report.",
          json("{\"type\":\"object\",\"properties\":{\"report\":{\"type\":\"string\"}}}"));

  private Conversations() {}

  /** The first request of an investigation: the goal, both tools, 4,096 tokens, temperature 0. */
  public static ChatRequest firstTurn() {
    return new ChatRequest(
        SYSTEM, List.of(new Message.User(GOAL)), List.of(KUBECTL, FINISH), 4096, 0);
  }

  /** The request after the model called {@code call} and the tool answered {@code output}. */
  public static ChatRequest afterToolCall(
      String thought, ToolCall call, String output, boolean isError) {
    return new ChatRequest(
        SYSTEM,
        List.of(
            new Message.User(GOAL),
            new Message.Assistant(thought, List.of(call)),
            new Message.ToolResults(
                List.of(new Message.ToolResultBlock(call.id(), call.name(), output, isError)))),
        List.of(KUBECTL, FINISH),
        4096,
        0);
  }

  public static ObjectNode json(String text) {
    try {
      return (ObjectNode) JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
