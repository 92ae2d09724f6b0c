package dev.oats.eval.replay;

import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ModelException;
import dev.oats.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays a recorded model side back: each request gets the next recorded reply. Before answering it
 * checks that the loop did what the recording assumes: that the previous reply's calls were run and
 * ended as they did when recorded. When not, or when the loop asks for more replies than were
 * recorded, the replay has <em>diverged</em>: the call fails with a model error (the investigation
 * ends with a reason) and {@link #divergence()} says where.
 */
public final class ReplayModel implements ChatModel {

  private final ModelScript script;
  private int next;
  private String divergence;

  public ReplayModel(ModelScript script) {
    this.script = script;
  }

  @Override
  public synchronized ChatResponse chat(ChatRequest request) throws ModelException {
    if (next > 0) {
      check(request, next - 1);
    }
    if (divergence == null && next >= script.replies().size()) {
      divergence =
          "the loop asked for reply %d but the recording has %d: the recorded end was not accepted"
              .formatted(next + 1, script.replies().size());
    }
    if (divergence != null) {
      throw new ModelException(ModelException.Kind.OTHER, "replay diverged: " + divergence);
    }
    ModelScript.Reply reply = script.replies().get(next);
    List<ToolCall> calls = new ArrayList<>();
    for (int i = 0; i < reply.calls().size(); i++) {
      ModelScript.Call call = reply.calls().get(i);
      calls.add(new ToolCall(callId(next, i), call.tool(), call.arguments().deepCopy()));
    }
    next++;
    return new ChatResponse(
        reply.text(),
        calls,
        calls.isEmpty() ? ChatResponse.StopReason.END_TURN : ChatResponse.StopReason.TOOL_USE,
        reply.usage());
  }

  /** Where the replay left the recording, or null while it follows it. */
  public synchronized String divergence() {
    return divergence;
  }

  @Override
  public String describe() {
    return "replay/" + script.model();
  }

  private void check(ChatRequest request, int replied) {
    ModelScript.Reply reply = script.replies().get(replied);
    if (reply.calls().isEmpty()) {
      return;
    }
    Message last = request.messages().isEmpty() ? null : request.messages().getLast();
    if (!(last instanceof Message.ToolResults results)) {
      divergence =
          "after reply %d the loop sent %s instead of the results of its calls"
              .formatted(replied + 1, last == null ? "nothing" : describe(last));
      return;
    }
    for (int i = 0; i < reply.calls().size(); i++) {
      ModelScript.Call call = reply.calls().get(i);
      String id = callId(replied, i);
      Message.ToolResultBlock block =
          results.results().stream().filter(r -> r.callId().equals(id)).findFirst().orElse(null);
      if (block == null) {
        divergence =
            "reply %d called %s %s, but the loop sent no result for that call"
                .formatted(replied + 1, call.tool(), call.arguments());
        return;
      }
      if (call.status() != null && block.isError() != call.status().equals("error")) {
        divergence =
            "reply %d called %s %s, recorded as %s, which now ends %s: %s"
                .formatted(
                    replied + 1,
                    call.tool(),
                    call.arguments(),
                    call.status(),
                    block.isError() ? "in an error" : "without error",
                    firstLine(block.content()));
        return;
      }
    }
  }

  private static String describe(Message message) {
    return switch (message) {
      case Message.User user -> "a note (" + firstLine(user.text()) + ")";
      case Message.Assistant assistant -> "an assistant message";
      case Message.ToolResults results -> "tool results";
    };
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("").strip();
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }

  private static String callId(int reply, int call) {
    return "replay-" + (reply + 1) + "-" + (call + 1);
  }
}
