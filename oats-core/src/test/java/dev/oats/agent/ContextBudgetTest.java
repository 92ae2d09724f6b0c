package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import java.util.ArrayList;
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
        // Large fixed parts: even the shorter excerpts do not fit, so turns fold.
        new ContextBudget(3_000, new TokenCounter()).fit(conversation, 2_800);

    assertThat(fitted.trimmed()).isTrue();
    assertThat(fitted.what()).contains("the 3 oldest turn(s) folded");
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

  @Test
  void eachViewRepeatsThePreviousViewsStablePrefixAndCompactsInOneStepAtMost() {
    ContextBudget budget = new ContextBudget(3_000, new TokenCounter());
    List<Message> conversation = new ArrayList<>(List.of(new Message.User("Goal: why?")));
    ContextBudget.Fitted previous = null;
    int steps = 0;
    for (int turn = 1; turn <= 15; turn++) {
      String id = "c" + turn;
      conversation.add(calls(id, "logs"));
      conversation.add(result(id, "logs", log(turn)));
      ContextBudget.Fitted fitted =
          budget.fit(
              conversation,
              500,
              previous == null ? ContextBudget.Compaction.START : previous.compaction());
      assertThat(fitted.tokensAfter()).isLessThanOrEqualTo(3_000);
      Message.ToolResultBlock newest =
          ((Message.ToolResults) fitted.messages().getLast()).results().getFirst();
      assertThat(newest.callId()).isEqualTo(id);
      assertThat(newest.content()).contains("t%d line 79 INFO".formatted(turn));
      if (previous != null) {
        List<Message> stable = previous.messages().subList(0, previous.stablePrefix());
        List<Message> sent = fitted.messages();
        if (sent.size() >= stable.size() && sent.subList(0, stable.size()).equals(stable)) {
          assertThat(fitted.cacheBreaks(previous))
              .containsExactly(previous.stablePrefix() - 1, fitted.stablePrefix() - 1);
        } else {
          steps++;
          assertThat(fitted.compaction()).isNotEqualTo(previous.compaction());
        }
      }
      previous = fitted;
    }
    assertThat(steps).as("compaction steps that changed the sent prefix").isBetween(1, 3);
    assertThat(previous.messages().toString()).contains("FATAL: out of memory in turn 1");
  }

  /**
   * The newest observation is shown as the excerpt it stays, so the whole view is the stable prefix
   * the next request reads from the cache, and the excerpt says how to read the rest.
   */
  @Test
  void theNewestObservationIsShownAsTheExcerptItStaysAndTheWholeViewIsStable() {
    List<Message> conversation =
        List.of(
            new Message.User("Goal: why?"),
            calls("a", "logs"),
            result("a", "logs", log(1)),
            calls("b", "logs"),
            result("b", "logs", "short"));
    ContextBudget budget = new ContextBudget(12_000, new TokenCounter());

    ContextBudget.Fitted first = budget.fit(conversation.subList(0, 3), 500);
    ContextBudget.Fitted second = budget.fit(conversation, 500, first.compaction());

    assertThat(first.stablePrefix()).isEqualTo(3);
    String shown =
        ((Message.ToolResults) first.messages().getLast()).results().getFirst().content();
    assertThat(shown)
        .hasSizeLessThan(log(1).length())
        .contains("t1 line 40 ERROR FATAL: out of memory in turn 1")
        .contains("read_output {\"call_id\": \"a\"} shows the rest");
    assertThat(second.messages().subList(0, 3)).isEqualTo(first.messages());
    assertThat(second.stablePrefix()).isEqualTo(5);
    assertThat(second.cacheBreaks(first)).containsExactly(2, 4);
  }

  /**
   * An older observation is excerpted once for each size it is cut to, not again every turn: the
   * excerpt sent in one view is the very object sent in the next, for as long as the compaction
   * stays.
   */
  @Test
  void eachObservationIsExcerptedOnceNotEveryTurn() {
    ContextBudget budget = new ContextBudget(12_000, new TokenCounter());
    List<Message> conversation = new ArrayList<>(List.of(new Message.User("Goal: why?")));
    ContextBudget.Fitted previous = null;
    int compared = 0;
    for (int turn = 1; turn <= 6; turn++) {
      String id = "c" + turn;
      conversation.add(calls(id, "logs"));
      conversation.add(result(id, "logs", log(turn)));
      ContextBudget.Fitted fitted =
          budget.fit(
              conversation,
              500,
              previous == null ? ContextBudget.Compaction.START : previous.compaction());
      if (previous != null && previous.compaction().equals(fitted.compaction())) {
        for (int i = 0; i < previous.messages().size() - 1; i++) {
          if (previous.messages().get(i) instanceof Message.ToolResults cut
              && !conversation.contains(cut)) {
            assertThat(fitted.messages().get(i)).as("the excerpt at %d", i).isSameAs(cut);
            compared++;
          }
        }
      }
      previous = fitted;
    }
    assertThat(compared).as("excerpts compared across views").isGreaterThanOrEqualTo(4);
  }

  /**
   * A view found by bytes (no tokenizer) is the view the counted fit makes, and is only found so
   * when it fits in tokens and cuts nothing; on conversations of every size against budgets from
   * tiny to large, with text of one to four bytes a character.
   */
  @Test
  void aViewFoundByItsBytesIsTheCountedViewAndFits() {
    TokenCounter exact = new TokenCounter();
    java.util.Random random = new java.util.Random(5);
    String[] words = {"pod", "OOMKilled", "ünïcödé", "日本語", "🚀", "{\"a\": 1}", "x"};
    int byBytes = 0;
    int counted = 0;
    for (int trial = 0; trial < 300; trial++) {
      List<Message> conversation = new ArrayList<>(List.of(new Message.User("Goal: why?")));
      for (int turn = 1; turn <= random.nextInt(5); turn++) {
        StringBuilder output = new StringBuilder();
        for (int i = random.nextInt(3_000); i > 0; i--) {
          output.append(words[random.nextInt(words.length)]).append(i % 12 == 0 ? '\n' : ' ');
        }
        conversation.add(calls("c" + turn, "logs"));
        conversation.add(result("c" + turn, "logs", output.toString()));
      }
      int budget = 200 + random.nextInt(40_000);
      int fixed = random.nextInt(500);
      ContextBudget.Fitted count = new ContextBudget(budget, exact).fit(conversation, fixed);
      java.util.Optional<ContextBudget.Fitted> bytes =
          new ContextBudget(
                  budget,
                  new TokenCounter(
                      text -> {
                        throw new AssertionError("tokenized");
                      }))
              .fitByBytes(conversation, fixed, ContextBudget.Compaction.START);
      if (bytes.isEmpty()) {
        counted++;
        continue;
      }
      byBytes++;
      assertThat(count.trimmed()).as("trial %d", trial).isFalse();
      assertThat(count.tokensAfter()).isLessThanOrEqualTo(budget);
      assertThat(bytes.get().messages()).as("trial %d", trial).isEqualTo(count.messages());
      assertThat(bytes.get().compaction()).isEqualTo(count.compaction());
      assertThat(bytes.get().stablePrefix()).isEqualTo(count.stablePrefix());
      assertThat(bytes.get().what()).isEqualTo(count.what());
      assertThat(bytes.get().tokensAfter()).isGreaterThanOrEqualTo(count.tokensAfter());
    }
    assertThat(byBytes).as("views found by bytes").isGreaterThan(30);
    assertThat(counted).as("views that needed counting").isGreaterThan(30);
  }

  /** The bound is above the count for text of every width, and equals the UTF-8 length. */
  @Test
  void theUpperBoundIsTheUtf8LengthAndNeverBelowTheCount() {
    TokenCounter exact = new TokenCounter();
    for (String text :
        List.of("", "a", "plain words here", "ünïcödé", "日本語のテキスト", "🚀🚀🚀", "\u0001\n\t")) {
      assertThat(TokenCounter.upperBound(text))
          .as(text)
          .isGreaterThanOrEqualTo(exact.count(text))
          .isGreaterThanOrEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
    // A lone surrogate (the tokenizer refuses it) is written as one replacement byte.
    assertThat(TokenCounter.upperBound("\uD800x")).isGreaterThanOrEqualTo(2);
    assertThat(TokenCounter.upperBound("ünï日🚀"))
        .isEqualTo("ünï日🚀".getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
  }

  /**
   * The "before" of a trim is the whole conversation's tokens without tokenizing the outputs shown
   * as excerpts: each is estimated from its excerpt. On logs of every shape the estimate stays
   * within a tenth of the exact count, and it is the exact count when nothing is cut.
   */
  @Test
  void theWholeConversationsTokensAreEstimatedFromTheExcerptsWithinATenth() {
    TokenCounter exact = new TokenCounter();
    java.util.Random random = new java.util.Random(14);
    String[] levels = {"INFO", "DEBUG", "WARN", "ERROR"};
    int trimmed = 0;
    for (int trial = 0; trial < 20; trial++) {
      List<Message> conversation = new ArrayList<>(List.of(new Message.User("Goal: why?")));
      for (int turn = 1; turn <= 1 + random.nextInt(6); turn++) {
        StringBuilder log = new StringBuilder();
        int lines = 20 + random.nextInt(400);
        for (int i = 0; i < lines; i++) {
          log.append("2026-12-07T01:%02d:%02d.%03dZ ".formatted(i % 60, random.nextInt(60), i))
              .append(levels[random.nextInt(levels.length)])
              .append(" pod checkout-api-")
              .append(Integer.toHexString(random.nextInt()))
              .append(random.nextBoolean() ? " served GET /cart in " : " upstream refused after ")
              .append(random.nextInt(5_000))
              .append(" ms\n");
        }
        conversation.add(calls("c" + turn, "logs"));
        conversation.add(result("c" + turn, "logs", log.toString()));
      }
      ContextBudget.Fitted fitted =
          new ContextBudget(12_000, new TokenCounter()).fit(conversation, 100);
      int whole = 100 + exact.count(conversation);
      if (fitted.trimmed()) {
        trimmed++;
        assertThat((double) fitted.tokensBefore())
            .as("trial %d", trial)
            .isCloseTo(whole, org.assertj.core.api.Assertions.withinPercentage(10));
      } else {
        assertThat(fitted.tokensBefore()).as("trial %d", trial).isEqualTo(whole);
      }
    }
    assertThat(trimmed).as("trials with outputs cut").isGreaterThanOrEqualTo(10);
  }

  /** About 5 KB of log; turn 1 holds a fatal line among info and warnings. */
  /**
   * The excerpts a budget remembers by the very observation are those of the size asked for: the
   * same conversation fitted at the shorter excerpt, then at the excerpt, then shorter again (out
   * of a run's order, so each size is asked of an observation already cut at the other) gives every
   * time the view a budget with no memory gives.
   */
  @Test
  void aRememberedExcerptIsTheOneOfTheSizeAskedFor() {
    List<Message> conversation = new ArrayList<>(List.of(new Message.User("Goal: why?")));
    for (int turn = 1; turn <= 3; turn++) {
      conversation.add(calls("c" + turn, "logs"));
      conversation.add(result("c" + turn, "logs", log(turn).repeat(3)));
    }
    ContextBudget remembering = new ContextBudget(12_000, new TokenCounter());
    ContextBudget.Compaction shorter = new ContextBudget.Compaction(true, 0);
    for (ContextBudget.Compaction compaction :
        List.of(shorter, ContextBudget.Compaction.START, shorter, ContextBudget.Compaction.START)) {
      ContextBudget.Fitted fitted = remembering.fit(conversation, 500, compaction);
      ContextBudget.Fitted fresh =
          new ContextBudget(12_000, new TokenCounter()).fit(conversation, 500, compaction);
      assertThat(fitted.compaction()).isEqualTo(compaction);
      assertThat(fitted.messages()).as("the view at %s", compaction).isEqualTo(fresh.messages());
      assertThat(fitted.tokensAfter()).isEqualTo(fresh.tokensAfter());
    }
  }

  /**
   * The bound of the tool definitions is remembered by value: a definition whose schema changed is
   * measured anew, and every bound is the one measured.
   */
  @Test
  void theToolDefinitionsBoundIsRememberedByValue() {
    com.fasterxml.jackson.databind.node.ObjectNode schema =
        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "object");
    dev.oats.model.ToolSpec tool =
        new dev.oats.model.ToolSpec("bounded_tool", "Reads what is bounded.", schema);
    long small = TokenCounter.upperBoundOfTools(List.of(tool));
    assertThat(small).isEqualTo(TokenCounter.upperBoundOfTool(tool));
    schema.putObject("properties").putObject("namespace").put("type", "string");
    long larger = TokenCounter.upperBoundOfTools(List.of(tool));
    assertThat(larger).isEqualTo(TokenCounter.upperBoundOfTool(tool)).isGreaterThan(small);
    dev.oats.model.ToolSpec renamed =
        new dev.oats.model.ToolSpec("bounded_tool", "Reads what is bounded, and more.", schema);
    assertThat(TokenCounter.upperBoundOfTools(List.of(tool, renamed)))
        .isEqualTo(larger + TokenCounter.upperBoundOfTool(renamed));
  }

  private static String log(int turn) {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 80; i++) {
      log.append("t%d line %d INFO served request in %d ms\n".formatted(turn, i, i % 13));
      if (i % 10 == 5) {
        log.append("t%d line %d WARN slow upstream %d, retrying\n".formatted(turn, i, i));
      }
      if (turn == 1 && i == 40) {
        log.append("t1 line 40 ERROR FATAL: out of memory in turn 1\n");
      }
    }
    return log.toString();
  }
}
