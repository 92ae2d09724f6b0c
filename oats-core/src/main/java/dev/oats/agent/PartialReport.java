package dev.oats.agent;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * What an investigation found before it stopped without a report: the model's last reasoning and
 * each call with the first line of its result, so a failed run still leaves its findings.
 */
final class PartialReport {

  private static final int LINE_CHARS = 200;
  private static final int MAX_CALLS = 20;

  private PartialReport() {}

  /** The partial report, or empty when nothing was done. */
  static String of(List<Message> conversation) {
    List<String> calls = new ArrayList<>();
    String lastThought = "";
    for (int i = 1; i < conversation.size(); i++) {
      if (!(conversation.get(i) instanceof Message.Assistant asked)) {
        continue;
      }
      if (!asked.text().isBlank()) {
        lastThought = asked.text().strip();
      }
      List<Message.ToolResultBlock> results =
          i + 1 < conversation.size() && conversation.get(i + 1) instanceof Message.ToolResults r
              ? r.results()
              : List.of();
      for (ToolCall call : asked.toolCalls()) {
        String result =
            results.stream()
                .filter(r -> r.callId().equals(call.id()))
                .map(r -> (r.isError() ? "error: " : "") + firstLine(r.content()))
                .findFirst()
                .orElse("(no result)");
        calls.add(call.name() + " " + call.arguments() + " → " + result);
      }
    }
    if (calls.isEmpty() && lastThought.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("\n\n## Partial report (the investigation stopped)\n");
    if (!lastThought.isEmpty()) {
      text.append("Last reasoning: ").append(clip(lastThought, 4 * LINE_CHARS)).append('\n');
    }
    if (!calls.isEmpty()) {
      text.append("What was looked at:\n");
      int omitted = Math.max(0, calls.size() - MAX_CALLS);
      if (omitted > 0) {
        text.append("- (").append(omitted).append(" earlier calls omitted)\n");
      }
      calls
          .subList(omitted, calls.size())
          .forEach(line -> text.append("- ").append(clip(line, 2 * LINE_CHARS)).append('\n'));
    }
    return text.toString();
  }

  private static String firstLine(String content) {
    return content.lines().filter(l -> !l.isBlank()).findFirst().orElse("(empty)").strip();
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : dev.oats.redact.SafeCut.head(text, max - 1) + "…";
  }
}
