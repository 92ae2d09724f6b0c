package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The budget cuts at turn boundaries, whatever the conversation holds between them. */
class ContextBudgetTest {

  private static Message.Assistant calls(String id, String tool) {
    return new Message.Assistant(
        "thinking " + id, List.of(new ToolCall(id, tool, ScriptedModel.args("{}"))));
  }

  private static Message.ToolResults result(String id, String tool, String content) {
    return new Message.ToolResults(List.of(new Message.ToolResultBlock(id, tool, content, false)));
  }

  @Test
  void turnsBeforeAFollowUpFoldWhileTheQuestionsAndTheNewestTurnStay() {
    String big = "line of output\n".repeat(2_000);
    List<Message> conversation =
        List.of(
            new Message.User("Goal: why does checkout crash?"),
            calls("a", "kubectl_info"),
            result("a", "kubectl_info", big),
            new Message.Assistant("no call", List.of()),
            new Message.User("Call a tool."),
            calls("b", "finish"),
            result("b", "finish", "## Root cause\nOOM"),
            new Message.User("Follow-up question: and why did memory grow?"),
            calls("c", "metrics_fetcher"),
            result("c", "metrics_fetcher", big));

    ContextBudget.Fitted fitted =
        new ContextBudget(3_000, new TokenCounter()).fit(conversation, 500);

    assertThat(fitted.trimmed()).isTrue();
    assertThat(fitted.what()).contains("folded the 3 oldest turn(s)");
    List<Message> view = fitted.messages();
    assertThat(((Message.User) view.getFirst()).text())
        .startsWith("Goal: why does checkout crash?")
        .contains("turn 1: called kubectl_info")
        .contains("turn 3: called finish");
    assertThat(view)
        .contains(new Message.User("Follow-up question: and why did memory grow?"))
        .contains(calls("c", "metrics_fetcher"));
    assertThat(view.getLast()).isInstanceOf(Message.ToolResults.class);
  }
}
