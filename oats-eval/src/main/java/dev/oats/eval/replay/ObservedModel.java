package dev.oats.eval.replay;

import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every request exactly as the model received it (after redaction, output caps and the
 * context budget) with its answer: what the evidence check reads, and what {@code --record} writes.
 */
public final class ObservedModel implements ChatModel {

  /** One model call. */
  public record Exchange(ChatRequest request, ChatResponse response) {}

  private final ChatModel model;
  private final List<Exchange> exchanges = new ArrayList<>();

  public ObservedModel(ChatModel model) {
    this.model = model;
  }

  @Override
  public ChatResponse chat(ChatRequest request) throws ModelException {
    ChatResponse response = model.chat(request);
    synchronized (exchanges) {
      exchanges.add(new Exchange(request, response));
    }
    return response;
  }

  @Override
  public String describe() {
    return model.describe();
  }

  /** The model calls made so far, in order. */
  public List<Exchange> exchanges() {
    synchronized (exchanges) {
      return List.copyOf(exchanges);
    }
  }

  /** The recording of this run's model side, each call marked with how its observation ended. */
  public ModelScript script(java.util.Map<String, String> statusByCallId) {
    List<ModelScript.Reply> replies = new ArrayList<>();
    for (Exchange exchange : exchanges()) {
      ChatResponse response = exchange.response();
      replies.add(
          new ModelScript.Reply(
              response.text(),
              response.toolCalls().stream()
                  .map(
                      call ->
                          new ModelScript.Call(
                              call.name(), call.arguments(), statusByCallId.get(call.id())))
                  .toList(),
              response.usage()));
    }
    return new ModelScript(model.describe(), replies);
  }
}
