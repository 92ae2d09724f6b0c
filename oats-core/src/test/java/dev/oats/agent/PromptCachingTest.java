package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.event.AgentEvent;
import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.testkit.AnthropicPromptCache;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.RecordedRequest;
import dev.oats.testkit.ScriptedReply;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolResult;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a long investigation costs on Anthropic's prompt cache: the real loop and the real adapter
 * against a fake Anthropic, each request billed from its {@code cache_control} breakpoints as
 * Anthropic bills it. Each turn must read the previous turn's prefix from the cache (breakpoints on
 * the growing conversation, a view that changes only at its end), and the evidence an early
 * observation held must still reach the model at the end.
 */
class PromptCachingTest {

  private static final String ROOT_CAUSE = "FATAL: password authentication failed for user app";
  private static final int TURNS = 15;

  private final FakeAnthropicServer server = FakeAnthropicServer.start();
  private final AnthropicChatModel model =
      new AnthropicChatModel(
          "sk-ant-test", server.baseUrl(), "claude-test", Duration.ofSeconds(10));

  @AfterEach
  void stop() {
    model.close();
    server.close();
  }

  @Test
  void eachTurnReadsThePreviousTurnsPrefixFromTheCacheAndTheEarlyEvidenceStays() {
    List<AnthropicPromptCache.Bill> bills = investigate();

    // The conversation is cached as soon as its prefix reaches the 1024 tokens Sonnet needs.
    int firstWrite = 0;
    while (firstWrite < bills.size() && bills.get(firstWrite).cacheWrite() == 0) {
      firstWrite++;
    }
    assertThat(firstWrite).as("the first request that wrote to the cache: %s", bills).isLessThan(5);
    // A request "misses" when it reads less than the whole prefix the one before it wrote: the
    // breakpoints were not where the previous request put them, or the view changed before them.
    int misses = 0;
    for (int i = firstWrite + 1; i < bills.size(); i++) {
      AnthropicPromptCache.Bill before = bills.get(i - 1);
      if (bills.get(i).cacheRead() < before.cacheRead() + before.cacheWrite()) {
        misses++;
      }
    }
    assertThat(misses).as("requests that lost the previous prefix: %s", bills).isLessThan(2);
    // What a request writes is what it adds (the model's answer and the newest observation's
    // excerpt), not a rewrite of what was cached.
    long rewrites =
        bills.stream().skip(firstWrite + 1).filter(bill -> bill.cacheWrite() > 1_000).count();
    assertThat(rewrites).as("requests that rewrote the cache: %s", bills).isLessThan(2);
    assertThat(bills).allSatisfy(bill -> assertThat(bill.breakpoints()).isLessThanOrEqualTo(4));
    // Each observation is shown as it will stay, so it is written with the request that brings it:
    // once the prefix is long enough to be cached, nothing is sent uncached but the last turn's
    // note
    // asking for finish; before that, a request is too short to cache at all.
    assertThat(bills.subList(0, firstWrite))
        .allSatisfy(bill -> assertThat(bill.plain()).isLessThan(1024));
    assertThat(bills.subList(firstWrite, bills.size()))
        .allSatisfy(bill -> assertThat(bill.plain()).isLessThan(100));
    // The root cause reaches the model with the second page (request 3) and stays in every request.
    List<RecordedRequest> requests = server.requests();
    for (int i = 2; i < requests.size(); i++) {
      assertThat(requests.get(i).body().toString()).as("request %d", i + 1).contains(ROOT_CAUSE);
    }
  }

  /** Runs the investigation and bills its requests, one every ten seconds. */
  private List<AnthropicPromptCache.Bill> investigate() {
    for (int turn = 1; turn < TURNS; turn++) {
      server.enqueue(
          ScriptedReply.toolCall("logs", "{\"page\":" + turn + "}").withText("Page " + turn + "."));
    }
    server.enqueue(ScriptedReply.toolCall("finish", "{\"result\":\"The password is wrong.\"}"));
    Tool logs =
        TestTools.tool(
            "logs",
            "{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}",
            args -> ToolResult.success(page(args.get("page").asInt())));
    ToolExecutor executor =
        new ToolExecutor(
            ToolRegistry.builder().add("builtin", new FinishTool()).add("test", logs).build(),
            text -> text,
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofSeconds(10), false));
    AgentSettings settings =
        new AgentSettings(
            TURNS,
            Duration.ofMinutes(5),
            12_000,
            4_096,
            0,
            "native",
            3,
            Path.of("target/workspace"),
            Map.of());
    AgentEvent end =
        new AgentLoop(model, executor, settings, Clock.systemUTC())
            .run(
                new Investigation("inv-cache", "Why does app crash?", "shop"),
                e -> {},
                () -> false);
    assertThat(end).isInstanceOf(AgentEvent.Finished.class);

    // Strict: a hit only where an earlier request put a breakpoint (no look-back), 1024 tokens.
    AnthropicPromptCache cache =
        new AnthropicPromptCache(AnthropicPromptCache.SONNET_MIN_TOKENS, 0);
    Instant at = Instant.parse("2026-12-06T10:00:00Z");
    List<AnthropicPromptCache.Bill> bills = new ArrayList<>();
    for (RecordedRequest request : server.requests()) {
      bills.add(cache.bill(request.body(), at));
      at = at.plusSeconds(10);
    }
    assertThat(bills).hasSize(TURNS);
    return bills;
  }

  /** About 8 KB of log; the second page holds the root cause in its middle. */
  private static String page(int page) {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      log.append(
          "2026-12-06T10:%02d:%02dZ INFO page %d request %d served in %d ms by worker-%d\n"
              .formatted(page, i % 60, page, i, 3 + i % 17, i % 7));
      if (i == 50) {
        log.append(
            page == 2
                ? "2026-12-06T10:02:50Z ERROR pool: " + ROOT_CAUSE + "\n"
                : "2026-12-06T10:%02d:50Z WARN slow upstream, retrying\n".formatted(page));
      }
    }
    return log.toString();
  }
}
