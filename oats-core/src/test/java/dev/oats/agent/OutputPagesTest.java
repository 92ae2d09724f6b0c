package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.event.EventLog;
import dev.oats.model.ChatRequest;
import dev.oats.model.Message;
import dev.oats.model.ToolSpec;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each output reaches the model as an excerpt, and the rest of it is a {@code read_output} call
 * away: the loop answers that call from the conversation, so a line the excerpt left out still
 * reaches the model when it asks.
 */
class OutputPagesTest {

  /** 300 lines; line 150 is a setting no excerpt keeps (it looks like no trouble). */
  private static final String LOG = log();

  private static final String HIDDEN = "datasource.password.source=vault:kv/checkout rotated=10:00";

  private final List<AgentEvent> events = new ArrayList<>();

  @Test
  void theModelSeesAnExcerptThatNamesTheCallThenReadsTheLineItLeftOut() {
    ScriptedModel model =
        new ScriptedModel()
            .call("Read the log.", "logs", "{}")
            .call("Where does the password come from?", "read_output", grep("toolu_1", "password"))
            .finish("The password was rotated.");

    AgentEvent end = run(model);

    assertThat(end).isInstanceOf(AgentEvent.Finished.class);
    ChatRequest afterLog = model.requests.get(1);
    String shown = afterLog.messages().getLast().toString();
    assertThat(shown)
        .contains("line 1 INFO starting")
        .contains("ERROR connection refused")
        .contains("[+27 more like this]")
        .contains("line 300 INFO stopping")
        .contains("read_output {\"call_id\": \"toolu_1\"}")
        .doesNotContain(HIDDEN);
    assertThat(afterLog.tools()).extracting(ToolSpec::name).contains("read_output");
    String page = model.requests.get(2).messages().getLast().toString();
    assertThat(page).contains("150: line 150 " + HIDDEN);
    assertThat(events)
        .filteredOn(AgentEvent.Observation.class::isInstance)
        .map(e -> ((AgentEvent.Observation) e).tool())
        .containsExactly("logs", "read_output", "finish");
  }

  @Test
  void aRangeIsShownWithItsLineNumbersAndWhereTheNextPageStarts() {
    List<Message> conversation = conversation();

    ToolResult page =
        OutputPages.read(
            conversation,
            ScriptedModel.args("{\"call_id\":\"c1\",\"from_line\":149,\"lines\":3}"),
            3_000);

    assertThat(page.isError()).isFalse();
    assertThat(page.output())
        .startsWith("[lines 149-151 of 300 of the output of logs (call c1)]\n")
        .contains(HIDDEN)
        .endsWith("[more from from_line 152]");
    assertThat(page.output().lines()).hasSize(5);
  }

  @Test
  void aPageNeverExceedsItsSizeSoTheBudgetShowsItWhole() {
    ToolResult page =
        OutputPages.read(
            conversation(), ScriptedModel.args("{\"call_id\":\"c1\",\"lines\":200}"), 1_500);

    assertThat(page.output()).hasSizeLessThanOrEqualTo(1_500).contains("[more from from_line");
    ToolResult matches =
        OutputPages.read(
            conversation(), ScriptedModel.args("{\"call_id\":\"c1\",\"grep\":\"line\"}"), 1_500);
    assertThat(matches.output())
        .hasSizeLessThanOrEqualTo(1_500)
        .startsWith("[300 of 300 lines of the output of logs (call c1) match /line/ from line 1]")
        .contains("[more matches from from_line");
  }

  @Test
  void badArgumentsAreErrorsThatSayWhatToChange() {
    List<Message> conversation = conversation();

    assertThat(OutputPages.read(conversation, ScriptedModel.args("{\"call_id\":\"c9\"}"), 3_000))
        .satisfies(r -> assertThat(r.isError()).isTrue())
        .extracting(ToolResult::error)
        .asString()
        .contains("No tool output with call_id 'c9'. Earlier calls: c1.");
    assertThat(
            OutputPages.read(
                    conversation, ScriptedModel.args("{\"call_id\":\"c1\",\"grep\":\"(\"}"), 3_000)
                .error())
        .startsWith("read_output: grep is not a valid regular expression");
    assertThat(
            OutputPages.read(
                    conversation, ScriptedModel.args("{\"call_id\":\"c1\",\"lines\":0}"), 3_000)
                .error())
        .contains("lines between 1 and 200");
  }

  @Test
  void aPatternThatBacktracksWithoutEndIsStoppedWithAnErrorThatSaysWhy() {
    String line = "a".repeat(60);
    List<Message> conversation =
        List.of(
            new Message.ToolResults(
                List.of(new Message.ToolResultBlock("c1", "logs", line + "\n" + line, false))));

    ToolResult result =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                OutputPages.read(
                    conversation,
                    ScriptedModel.args("{\"call_id\":\"c1\",\"grep\":\"(.*a){20}b\"}"),
                    3_000));

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains(
            "grep /(.*a){20}b/ was stopped at line 1 (it was still matching when its time was up, 2 s at most)")
        .contains("use a plainer one");
  }

  private AgentEvent run(ScriptedModel model) {
    Tool logs = TestTools.tool("logs", "{\"type\":\"object\"}", args -> ToolResult.success(LOG));
    ToolExecutor executor =
        new ToolExecutor(
            ToolRegistry.builder().add("builtin", new FinishTool()).add("test", logs).build(),
            text -> text,
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofSeconds(10), false));
    AgentSettings settings =
        new AgentSettings(
            15,
            Duration.ofMinutes(5),
            12_000,
            4_096,
            0,
            "native",
            3,
            Path.of("target/workspace"),
            Map.of());
    EventLog log = new EventLog(Clock.systemUTC(), recorded -> events.add(recorded.event()));
    return new AgentLoop(model, executor, settings, Clock.systemUTC())
        .run(new Investigation("inv-pages", "Why?", "shop"), log, () -> false);
  }

  private static String grep(String callId, String pattern) {
    return "{\"call_id\":\"%s\",\"grep\":\"%s\"}".formatted(callId, pattern);
  }

  private static List<Message> conversation() {
    return List.of(
        new Message.User("Goal"),
        new Message.Assistant(
            "", List.of(new dev.oats.model.ToolCall("c1", "logs", ScriptedModel.args("{}")))),
        new Message.ToolResults(List.of(new Message.ToolResultBlock("c1", "logs", LOG, false))));
  }

  private static String log() {
    StringBuilder log = new StringBuilder("line 1 INFO starting\n");
    for (int i = 2; i < 300; i++) {
      if (i == 150) {
        log.append("line 150 ").append(HIDDEN).append('\n');
      } else if (i % 10 == 0) {
        log.append("line ").append(i).append(" ERROR connection refused by orders-db\n");
      } else {
        log.append("line ").append(i).append(" INFO request served in ").append(i % 17);
        log.append(" ms by worker-").append(i % 5).append('\n');
      }
    }
    return log.append("line 300 INFO stopping\n").toString();
  }
}
