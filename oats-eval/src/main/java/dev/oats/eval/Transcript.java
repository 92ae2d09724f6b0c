package dev.oats.eval;

import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;

/** A run as a person reads it: each thought, call and observation, in Markdown. */
final class Transcript {

  private Transcript() {}

  static String of(java.util.List<RecordedEvent> events) {
    StringBuilder md = new StringBuilder();
    for (RecordedEvent recorded : events) {
      switch (recorded.event()) {
        case AgentEvent.Started s ->
            md.append("# ")
                .append(s.goal())
                .append("\n\nnamespace ")
                .append(s.targetNamespace())
                .append(", model ")
                .append(s.model())
                .append("\n\n");
        case AgentEvent.Thought t ->
            md.append("> ").append(t.text().replace("\n", "\n> ")).append("\n\n");
        case AgentEvent.ToolCalled c ->
            md.append("## turn ")
                .append(c.turn())
                .append(": ")
                .append(c.tool())
                .append(' ')
                .append(c.arguments())
                .append("\n\n");
        case AgentEvent.Observation o ->
            md.append("status ")
                .append(o.status())
                .append(o.truncated() ? " (truncated)" : "")
                .append("\n\n```\n")
                .append(o.error().isEmpty() ? "" : o.error() + "\n")
                .append(o.output())
                .append("\n```\n\n");
        case AgentEvent.ContextTrimmed t ->
            md.append("_context trimmed: ").append(t.what()).append("_\n\n");
        case AgentEvent.Finished f -> md.append("## report\n\n").append(f.result()).append('\n');
        case AgentEvent.Failed f ->
            md.append("## failed: ")
                .append(f.kind())
                .append("\n\n")
                .append(f.reason())
                .append('\n');
        default -> {}
      }
    }
    return md.toString();
  }
}
