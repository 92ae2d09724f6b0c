package dev.oats.eval.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.eval.replay.ModelScript;
import dev.oats.eval.replay.ReplayModel;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import java.time.Duration;
import java.util.List;

/**
 * The demo's model side: a recorded one, replayed at a pace a person can follow, whose report says
 * at its top that it is a replay. Its name ({@code replay/<scenario>}) says so too, wherever the
 * model is shown.
 */
public final class DemoModel implements ChatModel {

  private final ReplayModel replay;
  private final String scenario;
  private final Duration pace;

  /**
   * @param script the recorded replies
   * @param scenario the scenario's name, for the label
   * @param pace how long each reply takes, so the timeline can be watched as it grows
   */
  public DemoModel(ModelScript script, String scenario, Duration pace) {
    this.replay = new ReplayModel(script);
    this.scenario = scenario;
    this.pace = pace;
  }

  /** The line every demo report starts with. */
  public static String label(String scenario) {
    return "> **Replay (oats demo).** A recorded investigation of the scenario `"
        + scenario
        + "`, replayed against a simulated Kubernetes API on 127.0.0.1. No model was asked and no"
        + " real cluster was read.\n\n";
  }

  @Override
  public ChatResponse chat(ChatRequest request) throws ModelException {
    if (!pace.isZero()) {
      try {
        Thread.sleep(pace);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ModelException(ModelException.Kind.CANCELLED, "the demo was cancelled");
      }
    }
    ChatResponse response = replay.chat(request);
    List<ToolCall> calls = response.toolCalls().stream().map(this::labelled).toList();
    return new ChatResponse(response.text(), calls, response.stopReason(), response.usage());
  }

  private ToolCall labelled(ToolCall call) {
    if (!call.name().equals("finish") || !call.arguments().path("result").isTextual()) {
      return call;
    }
    ObjectNode arguments = call.arguments().deepCopy();
    arguments.put("result", label(scenario) + arguments.get("result").asText());
    return new ToolCall(call.id(), call.name(), arguments);
  }

  @Override
  public String describe() {
    return "replay/" + scenario;
  }
}
