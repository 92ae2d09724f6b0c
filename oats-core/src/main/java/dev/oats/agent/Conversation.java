package dev.oats.agent;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.ChatResponse;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import dev.oats.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The conversation with the model, as a value folded from the investigation's events. The loop
 * keeps its conversation exactly this way while it runs, so a later run (a follow-up question, a
 * call decided after a pause, a Job on another machine) rebuilds the same conversation from the
 * stored events and continues it.
 *
 * @param protocol the protocol of the run that wrote it ({@code native} or {@code text}), which
 *     says how to read the model's answers back
 * @param messages oldest first; the first is the goal
 */
public record Conversation(String protocol, List<Message> messages) {

  public static final Conversation EMPTY = new Conversation("native", List.of());

  public Conversation {
    messages = List.copyOf(messages);
  }

  /** The conversation these events hold. */
  public static Conversation of(List<RecordedEvent> events) {
    Conversation conversation = EMPTY;
    for (RecordedEvent event : events) {
      conversation = conversation.with(event.event());
    }
    return conversation;
  }

  /**
   * This conversation after one more event; events that say nothing to the model change nothing.
   */
  public Conversation with(AgentEvent event) {
    return switch (event) {
      case AgentEvent.Started s ->
          messages.isEmpty()
              ? new Conversation(
                  s.protocol(),
                  List.of(new Message.User(Prompts.goal(s.goal(), s.targetNamespace()))))
              : new Conversation(s.protocol(), messages);
      case AgentEvent.ModelReplied r -> withReply(r);
      case AgentEvent.Observation o -> withResult(block(o));
      case AgentEvent.FollowUpAsked q ->
          closeOpenCalls().plus(new Message.User(Prompts.followUp(q.message())));
      default -> this;
    };
  }

  /** The calls of the last answer that have no result yet (a run paused or stopped among them). */
  public List<ToolCall> openCalls() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof Message.Assistant assistant) {
        Set<String> answered = new HashSet<>();
        if (i + 1 < messages.size() && messages.get(i + 1) instanceof Message.ToolResults results) {
          results.results().forEach(r -> answered.add(r.callId()));
        }
        return assistant.toolCalls().stream().filter(c -> !answered.contains(c.id())).toList();
      }
    }
    return List.of();
  }

  private Conversation withReply(AgentEvent.ModelReplied reply) {
    Protocol.Decoded decoded =
        Protocol.named(protocol)
            .decode(
                new ChatResponse(reply.text(), reply.toolCalls(), reply.stopReason(), Usage.ZERO),
                reply.turn());
    Conversation next = plus(decoded.message());
    return decoded.malformed() ? next.plus(new Message.User(decoded.problem())) : next;
  }

  /** Results of one answer's calls gather in one message, in the order they ran. */
  private Conversation withResult(Message.ToolResultBlock block) {
    if (!messages.isEmpty() && messages.getLast() instanceof Message.ToolResults results) {
      List<Message.ToolResultBlock> blocks = new ArrayList<>(results.results());
      blocks.add(block);
      List<Message> next = new ArrayList<>(messages);
      next.set(next.size() - 1, new Message.ToolResults(blocks));
      return new Conversation(protocol, next);
    }
    return plus(new Message.ToolResults(List.of(block)));
  }

  /** Every call must have a result before the next question, or the provider refuses it. */
  private Conversation closeOpenCalls() {
    Conversation closed = this;
    for (ToolCall call : openCalls()) {
      closed =
          closed.withResult(
              new Message.ToolResultBlock(
                  call.id(), call.name(), "Not run: the run ended before this call.", true));
    }
    return closed;
  }

  private Conversation plus(Message message) {
    List<Message> next = new ArrayList<>(messages);
    next.add(message);
    return new Conversation(protocol, next);
  }

  private static Message.ToolResultBlock block(AgentEvent.Observation o) {
    ToolResult result =
        new ToolResult(
            ToolResult.Status.valueOf(o.status().toUpperCase(Locale.ROOT)), o.output(), o.error());
    return new Message.ToolResultBlock(
        o.callId(), o.tool(), observationText(result), result.isError());
  }

  /** What the model sees of a result: the output, or the error with what was printed. */
  static String observationText(ToolResult result) {
    if (!result.isError()) {
      return result.output().isEmpty()
          ? "(" + result.status().wireName() + ", no output)"
          : result.output();
    }
    return result.output().isEmpty() ? result.error() : result.error() + "\n" + result.output();
  }
}
