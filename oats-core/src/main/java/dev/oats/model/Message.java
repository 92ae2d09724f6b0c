package dev.oats.model;

import java.util.List;

/**
 * One entry of a conversation. The three kinds mirror what every tool-calling provider has: the
 * user's words, the assistant's answer (text and tool calls), and the results of those calls.
 */
public sealed interface Message {

  /** Text from the user's side: the goal, or a corrective note from the agent loop. */
  record User(String text) implements Message {}

  /** What the model answered: its prose and the tools it called. */
  record Assistant(String text, List<ToolCall> toolCalls) implements Message {
    public Assistant {
      text = text == null ? "" : text;
      toolCalls = List.copyOf(toolCalls);
    }
  }

  /** The results of the tool calls of the assistant message just before, one per call. */
  record ToolResults(List<ToolResultBlock> results) implements Message {
    public ToolResults {
      results = List.copyOf(results);
    }
  }

  /**
   * The result of one tool call as the model sees it.
   *
   * @param callId the id of the {@link ToolCall} it answers
   * @param toolName the tool that was called
   * @param content the observation, already shaped, capped and redacted
   * @param isError whether the call failed
   */
  record ToolResultBlock(String callId, String toolName, String content, boolean isError) {}
}
