package dev.oats.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.ChatResponse;
import dev.oats.model.ToolCall;
import dev.oats.model.Usage;
import java.util.List;

/**
 * One fact about an investigation. Events are immutable and carry no time or sequence number: the
 * {@link EventSink} that records them stamps both (see {@link RecordedEvent}).
 *
 * <p>On the wire an event is a JSON object whose {@code type} names the record.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = AgentEvent.Started.class, name = "started"),
  @JsonSubTypes.Type(value = AgentEvent.TurnStarted.class, name = "turn_started"),
  @JsonSubTypes.Type(value = AgentEvent.ModelReplied.class, name = "model_replied"),
  @JsonSubTypes.Type(value = AgentEvent.Thought.class, name = "thought"),
  @JsonSubTypes.Type(value = AgentEvent.ToolCalled.class, name = "tool_call"),
  @JsonSubTypes.Type(value = AgentEvent.ApprovalRequired.class, name = "approval_required"),
  @JsonSubTypes.Type(value = AgentEvent.Observation.class, name = "observation"),
  @JsonSubTypes.Type(value = AgentEvent.ModelUsage.class, name = "usage"),
  @JsonSubTypes.Type(value = AgentEvent.ContextTrimmed.class, name = "context_trimmed"),
  @JsonSubTypes.Type(value = AgentEvent.Warning.class, name = "warning"),
  @JsonSubTypes.Type(value = AgentEvent.Finished.class, name = "finished"),
  @JsonSubTypes.Type(value = AgentEvent.Failed.class, name = "failed"),
  @JsonSubTypes.Type(value = AgentEvent.FollowUpAsked.class, name = "follow_up_asked"),
  @JsonSubTypes.Type(value = AgentEvent.ApprovalDecided.class, name = "approval_decided"),
  @JsonSubTypes.Type(value = AgentEvent.Paused.class, name = "paused"),
  @JsonSubTypes.Type(value = AgentEvent.AlertReceived.class, name = "alert_received"),
  @JsonSubTypes.Type(value = AgentEvent.RunbookAttached.class, name = "runbook_attached")
})
public sealed interface AgentEvent {

  /**
   * True for the events that end a run: its report or its failure. A follow-up question starts the
   * next run of the same investigation.
   */
  default boolean isTerminal() {
    return this instanceof Finished || this instanceof Failed;
  }

  /** True for the events that end a run for now: terminal ones, and a pause for an approval. */
  default boolean endsRun() {
    return isTerminal() || this instanceof Paused;
  }

  /** The investigation began. */
  record Started(
      String goal,
      String targetNamespace,
      String model,
      String protocol,
      int maxTurns,
      List<String> tools)
      implements AgentEvent {}

  /** A turn began: the model is about to be asked. */
  record TurnStarted(int turn, int maxTurns) implements AgentEvent {}

  /**
   * The model's whole answer, as it came: what the conversation is rebuilt from (and what a
   * scenario replays), so that a later run can continue exactly where this one left off.
   */
  record ModelReplied(
      int turn, String text, List<ToolCall> toolCalls, ChatResponse.StopReason stopReason)
      implements AgentEvent {
    public ModelReplied {
      text = text == null ? "" : text;
      toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    }
  }

  /** The model's reasoning for this turn, in its own words. */
  record Thought(int turn, String text) implements AgentEvent {}

  /** The model asked for a tool. */
  record ToolCalled(int turn, String callId, String tool, ObjectNode arguments)
      implements AgentEvent {}

  /** A call that changes things is waiting for a person to approve or deny it. */
  record ApprovalRequired(
      int turn, String callId, String tool, ObjectNode arguments, String sideEffect, String reason)
      implements AgentEvent {}

  /**
   * What a tool call returned, in the seed's shape ({@code tool}, {@code status}, {@code output},
   * {@code error}), already capped and redacted.
   */
  record Observation(
      int turn,
      String callId,
      String tool,
      String status,
      String output,
      String error,
      long durationMs,
      boolean truncated)
      implements AgentEvent {}

  /** Tokens and latency of one model call. */
  record ModelUsage(int turn, Usage usage, long latencyMs) implements AgentEvent {}

  /** The context was cut to fit the budget. */
  record ContextTrimmed(int turn, int tokensBefore, int tokensAfter, String what)
      implements AgentEvent {}

  /** Something went wrong but the investigation goes on (a retried model call, say). */
  record Warning(String message) implements AgentEvent {}

  /** The model called {@code finish}: the report is the result. */
  record Finished(String result, int turns, Usage usage) implements AgentEvent {}

  /** The investigation ended without a result. */
  record Failed(FailureKind kind, String reason, int turns, Usage usage) implements AgentEvent {}

  /**
   * Someone asked a follow-up question: the next run of the investigation continues the same
   * conversation with it.
   *
   * @param run the number of the run that answers it (the first run, from the goal, is 1)
   */
  record FollowUpAsked(int run, String message) implements AgentEvent {}

  /**
   * A call held for approval was decided.
   *
   * @param decidedBy who decided: the API key's name, or {@code oats} when the approval timed out
   *     or its investigation was cancelled
   */
  record ApprovalDecided(String callId, boolean approved, String decidedBy, String reason)
      implements AgentEvent {}

  /**
   * The run stopped to wait for an approval without holding a thread or a slot; a later run resumes
   * the turn once the call is decided.
   */
  record Paused(int turn, String callId, Usage usage) implements AgentEvent {}

  /**
   * An Alertmanager notification about the alert that started this investigation: the first one,
   * the same alert firing again (a new episode), or its resolution. Recorded by the server; the
   * model never sees it.
   *
   * @param status {@code firing} or {@code resolved}
   * @param note what happened, for people: "started this investigation", "re-fired at ...",
   *     "resolved at ..."
   */
  record AlertReceived(String status, String alertname, String fingerprint, String note)
      implements AgentEvent {}

  /**
   * A runbook of the team matched the alert and was put in the first prompt as the procedure to
   * follow.
   *
   * @param source the runbook's file
   */
  record RunbookAttached(String name, String description, String source) implements AgentEvent {}

  /** Why an investigation ended without a result. */
  enum FailureKind {
    /** The model used every turn without calling {@code finish}. */
    MAX_TURNS,
    /** The wall-clock deadline passed. */
    TIMED_OUT,
    /** Someone cancelled it. */
    CANCELLED,
    /** The model could not be reached or kept failing after retries. */
    MODEL_ERROR,
    /** The model kept repeating a call it had already made. */
    REPEATED_CALLS,
    /** The agent itself could not run (bad configuration, a crashed runner). */
    AGENT_ERROR
  }
}
