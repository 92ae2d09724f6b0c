package dev.oats.eval.score;

import dev.oats.eval.replay.ObservedModel;
import dev.oats.eval.scenario.Expected;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Message;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * For each expected fact: is it in the report, did the model ever see it in a tool result as it was
 * sent (after redaction, output caps and the context budget), in which call, and did the budget
 * later take it out of the model's view. This tells a model that ignored its evidence apart from
 * tools that never gave it.
 */
public final class EvidenceCheck {

  private EvidenceCheck() {}

  public static List<FactCheck> check(
      List<Expected.Fact> facts,
      String report,
      List<ObservedModel.Exchange> exchanges,
      List<RecordedEvent> events) {
    Map<String, String> calls = callsById(events);
    return facts.stream().map(fact -> check(fact, report, exchanges, calls)).toList();
  }

  private static FactCheck check(
      Expected.Fact fact,
      String report,
      List<ObservedModel.Exchange> exchanges,
      Map<String, String> calls) {
    String shownIn = null;
    int firstRequest = -1;
    for (int r = 0; r < exchanges.size() && shownIn == null; r++) {
      List<Message> messages = exchanges.get(r).request().messages();
      for (Message message : messages) {
        if (message instanceof Message.ToolResults results) {
          for (Message.ToolResultBlock block : results.results()) {
            if (fact.foundIn(block.content())) {
              shownIn = calls.getOrDefault(block.callId(), block.toolName());
              firstRequest = r;
              break;
            }
          }
        }
        if (shownIn != null) {
          break;
        }
      }
      if (shownIn == null && fact.foundIn(toolText(messages))) {
        shownIn = "several tool results together (request " + (r + 1) + ")";
        firstRequest = r;
      }
    }
    String removed = null;
    if (firstRequest >= 0) {
      for (int r = firstRequest + 1; r < exchanges.size(); r++) {
        if (!fact.foundIn(allText(exchanges.get(r).request().messages()))) {
          removed = String.valueOf(r + 1);
          break;
        }
      }
    }
    return new FactCheck(
        fact.name(),
        fact.patterns(),
        fact.foundIn(report == null ? "" : report),
        shownIn,
        removed,
        fact.conclusion());
  }

  private static String toolText(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      if (message instanceof Message.ToolResults results) {
        results.results().forEach(block -> text.append(block.content()).append('\n'));
      }
    }
    return text.toString();
  }

  /** Everything in the view, the folded summary of earlier turns included. */
  private static String allText(List<Message> messages) {
    StringBuilder text = new StringBuilder();
    for (Message message : messages) {
      switch (message) {
        case Message.User user -> text.append(user.text()).append('\n');
        case Message.Assistant assistant -> text.append(assistant.text()).append('\n');
        case Message.ToolResults results ->
            results.results().forEach(block -> text.append(block.content()).append('\n'));
      }
    }
    return text.toString();
  }

  /** "turn 2 kubectl_info {"action":"describe",…}" for each call id. */
  private static Map<String, String> callsById(List<RecordedEvent> events) {
    Map<String, String> calls = new HashMap<>();
    for (RecordedEvent recorded : events) {
      if (recorded.event() instanceof AgentEvent.ToolCalled call) {
        String args = call.arguments().toString();
        calls.put(
            call.callId(),
            "turn "
                + call.turn()
                + " "
                + call.tool()
                + " "
                + (args.length() > 120 ? args.substring(0, 120) + "…" : args));
      }
    }
    return calls;
  }
}
