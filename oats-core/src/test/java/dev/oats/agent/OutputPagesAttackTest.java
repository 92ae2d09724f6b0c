package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reviewer's evidence: read_output cases that go wrong. */
class OutputPagesAttackTest {

  /**
   * A grep with an alternation under a star recurses once per character in java.util.regex; on one
   * long line (minified JSON, a long log line) the loop's thread overflows its stack, and the
   * StackOverflowError is not a TimeUp: it leaves OutputPages.read and AgentLoop.execute, which
   * catch only InterruptedException and ModelException.
   */
  @Test
  void aGrepOnALongLineIsAnErrorResultNotAStackOverflow() {
    String longLine = "ab".repeat(20_000);
    List<Message> conversation =
        List.of(
            new Message.User("Goal"),
            new Message.Assistant(
                "", List.of(new ToolCall("c1", "logs", ScriptedModel.args("{}")))),
            new Message.ToolResults(
                List.of(new Message.ToolResultBlock("c1", "logs", longLine + "\n", false))));

    ToolResult page =
        OutputPages.read(
            conversation, ScriptedModel.args("{\"call_id\":\"c1\",\"grep\":\"(a|b)*c\"}"), 3_000);

    assertThat(page.isError()).isTrue();
  }

  /**
   * The text protocol names calls call_1, call_2, ... by turn, and a follow-up run starts again at
   * turn 1: its call_1 is not the first run's call_1, but read_output finds the first block with
   * the id, so the model pages the older output while the excerpt it was shown is the newer one.
   */
  @Test
  void aFollowUpsCallIdReadsTheFollowUpsOutputNotTheFirstRuns() {
    List<Message> conversation =
        List.of(
            new Message.User("Goal"),
            new Message.Assistant(
                "", List.of(new ToolCall("call_1", "logs", ScriptedModel.args("{}")))),
            new Message.ToolResults(
                List.of(new Message.ToolResultBlock("call_1", "logs", "old run output\n", false))),
            new Message.User("Follow-up question"),
            new Message.Assistant(
                "", List.of(new ToolCall("call_1", "logs", ScriptedModel.args("{}")))),
            new Message.ToolResults(
                List.of(
                    new Message.ToolResultBlock("call_1", "logs", "follow-up output\n", false))));

    ToolResult page =
        OutputPages.read(conversation, ScriptedModel.args("{\"call_id\":\"call_1\"}"), 3_000);

    assertThat(page.output()).contains("follow-up output");
  }

  /**
   * TimedText checks the clock only when the matcher reads a character. A counted repeat of
   * something zero-width ({@code (?:^){2000000000}}, {@code (?:(?=)){N}}, {@code
   * (?:(?:){1000}){N}}) loops without reading one, so the 2 s grep limit never fires and the loop's
   * thread (which ignores interrupts and cancels) is held for good.
   */
  @Test
  void aZeroWidthCountedRepeatIsStoppedByTheGrepTimeLimitToo() {
    List<Message> conversation =
        List.of(
            new Message.User("Goal"),
            new Message.Assistant(
                "", List.of(new ToolCall("c1", "logs", ScriptedModel.args("{}")))),
            new Message.ToolResults(
                List.of(
                    new Message.ToolResultBlock(
                        "c1", "logs", "line one\nline two\nline three\n", false))));

    ToolResult page =
        assertTimeoutPreemptively(
            Duration.ofSeconds(15),
            () ->
                OutputPages.read(
                    conversation,
                    ScriptedModel.args(
                        "{\"call_id\":\"c1\",\"grep\":\"(?:(?:^){2000000000}){2000000000}z\"}"),
                    3_000));

    assertThat(page.isError()).isTrue();
  }
}
