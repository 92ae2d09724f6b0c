package dev.oats.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.agent.RunSummary;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolLoader;
import dev.oats.agent.ToolRegistry;
import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.llm.providers.Models;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.redact.Redactor;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent loop's own cost per turn: the real {@link Agent} (built-in tools, redactor, executor,
 * retrying model, event log) against a fake Anthropic on 127.0.0.1 that answers at once through the
 * real SDK, with a tool that returns ~16 KB at once. A turn's overhead is the time from its {@code
 * TurnStarted} to the next one (or to the end), less the time spent inside the model client and
 * inside the tool: the context budget, the events, the conversation, the executor's redaction and
 * capping, the protocol.
 *
 * <p>Arguments: the number of investigations, the turns of each (the last calls finish). Prints one
 * line per investigation and measure to stdout: {@code wall|cpu|alloc N: o1 o2 ... oT} (overheads
 * in microseconds, and the bytes the loop's thread allocated, one per turn).
 */
public final class LoopMain {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int OUTPUT_CHARS = 16_000;

  /** The HotSpot bean: it also tells the bytes a thread has allocated. */
  private static final com.sun.management.ThreadMXBean CPU =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private LoopMain() {}

  public static void main(String[] args) throws Exception {
    int investigations = Integer.parseInt(args[0]);
    int turns = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    Path workspace = Files.createTempDirectory("oats-loop-bench");
    try (FakeAnthropicServer fake = FakeAnthropicServer.start()) {
      Map<String, String> env =
          Map.of(
              "ANTHROPIC_API_KEY", "sk-ant-bench",
              "ANTHROPIC_BASE_URL", fake.baseUrl(),
              "OATS_MODEL_MAX_RETRIES", "0",
              "OATS_MAX_TURNS", String.valueOf(turns),
              "OATS_WORKSPACE", workspace.toString(),
              "OATS_RESULTS_DIR", workspace.toString());
      OatsConfig config = OatsConfig.fromEnvironment(env);
      Spent inside = new Spent();
      ChatModel model = new Timed(Models.create(config), inside);
      ToolRegistry.Builder tools = ToolRegistry.builder();
      for (ToolRegistry.Entry entry :
          ToolLoader.load(config.toolSettings(), config.toolsDir()).entries()) {
        if (entry.enabled()) {
          tools.add(entry.source(), entry.tool());
        } else {
          tools.addDisabled(entry.source(), entry.name(), entry.disabledReason());
        }
      }
      tools.add("bench", new SixteenKilobytes(inside));
      ToolExecutor executor =
          new ToolExecutor(
              tools.build(),
              Redactor.withKnownSecrets(config.secretValues(env))::redact,
              ApprovalGate.NOBODY_TO_ASK,
              new ToolExecutor.Settings(
                  config.toolOutputLimit(), config.toolTimeout(), config.allowWrite()));
      Agent agent =
          new Agent(config, model, executor, Agent.settings(config, env), Clock.systemUTC());
      for (int n = 1; n <= investigations; n++) {
        for (int turn = 1; turn < turns; turn++) {
          fake.enqueue(
              ScriptedReply.toolCall(
                  SixteenKilobytes.NAME, "{\"page\": " + turn + ", \"investigation\": " + n + "}"));
        }
        fake.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done " + n + "\"}"));
        long[][] overheads = investigate(agent, n, inside, turns);
        out.println(line("wall", n, overheads[0]));
        out.println(line("cpu", n, overheads[1]));
        out.println(line("alloc", n, overheads[2]));
      }
    }
  }

  private static String line(String kind, int n, long[] micros) {
    StringBuilder line = new StringBuilder(kind).append(' ').append(n).append(':');
    for (long value : micros) {
      line.append(' ').append(value);
    }
    return line.toString();
  }

  /**
   * One investigation; the overhead of each of its turns in microseconds, as wall-clock time and as
   * the CPU time of the loop's thread (the model call and the tool each run on a thread of their
   * own, so that thread's time is the loop's alone).
   */
  private static long[][] investigate(Agent agent, int n, Spent inside, int turns) {
    // {wall time, wall time inside the model and the tool so far, the loop thread's CPU time}
    List<long[]> marks = new ArrayList<>();
    RunSummary summary =
        agent.run(
            new Investigation("loop-bench-" + n, "why is checkout-api failing?", "shop"),
            (RecordedEvent recorded) -> {
              if (recorded.event() instanceof AgentEvent.TurnStarted
                  || recorded.event() instanceof AgentEvent.Finished
                  || recorded.event() instanceof AgentEvent.Failed) {
                marks.add(
                    new long[] {
                      System.nanoTime(),
                      inside.wall.get(),
                      CPU.getCurrentThreadCpuTime(),
                      CPU.getCurrentThreadAllocatedBytes()
                    });
              }
            },
            () -> false);
    if (!summary.succeeded() || summary.turns() != turns) {
      throw new IllegalStateException(
          "the benchmark investigation did not finish in %d turns: %s"
              .formatted(turns, summary.result()));
    }
    long[][] overheads = new long[3][marks.size() - 1];
    for (int i = 0; i + 1 < marks.size(); i++) {
      long[] from = marks.get(i);
      long[] to = marks.get(i + 1);
      overheads[0][i] = ((to[0] - from[0]) - (to[1] - from[1])) / 1_000;
      overheads[1][i] = (to[2] - from[2]) / 1_000;
      overheads[2][i] = to[3] - from[3];
    }
    return overheads;
  }

  /** The time spent inside the model client and the tool, which is not the loop's. */
  private static final class Spent {
    final AtomicLong wall = new AtomicLong();
  }

  /** The model client, timed: what it spends is the model's, not the loop's. */
  private record Timed(ChatModel model, Spent inside) implements ChatModel {
    @Override
    public ChatResponse chat(ChatRequest request) {
      return chat(request, Instant.MAX);
    }

    @Override
    public ChatResponse chat(ChatRequest request, Instant deadline) {
      long started = System.nanoTime();
      try {
        return model.chat(request, deadline);
      } finally {
        inside.wall.addAndGet(System.nanoTime() - started);
      }
    }

    @Override
    public String describe() {
      return model.describe();
    }
  }

  /** A read-only tool that answers at once with ~16 KB of log-like lines. */
  private static final class SixteenKilobytes implements Tool {
    static final String NAME = "bench_logs";
    private final Spent inside;

    SixteenKilobytes(Spent inside) {
      this.inside = inside;
    }

    /*
     * The getters as well as the definition: bench/loop.sh runs this harness against references
     * older than ToolDefinition (their Tool asks for the getters), so the definition is made only
     * when asked for and no field names its type.
     */
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return DESCRIPTION;
    }

    @Override
    public ToolCategory category() {
      return ToolCategory.LOGS;
    }

    @Override
    public ObjectNode parameters() {
      return SCHEMA.deepCopy();
    }

    @Override
    public ToolDefinition definition() {
      return new ToolDefinition(NAME, DESCRIPTION, ToolCategory.LOGS, SCHEMA.deepCopy());
    }

    private static final String DESCRIPTION = "Returns a page of the checkout-api logs.";

    /** Parsed once and copied for each caller, as the built-in tools do. */
    private static final ObjectNode SCHEMA = schema();

    private static ObjectNode schema() {
      try {
        return (ObjectNode)
            JSON.readTree(
                "{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"},"
                    + "\"investigation\":{\"type\":\"integer\"}},\"required\":[\"page\"]}");
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public ToolResult execute(ObjectNode arguments, ToolContext context) {
      long started = System.nanoTime();
      int page = arguments.path("page").asInt();
      StringBuilder text = new StringBuilder(OUTPUT_CHARS + 200);
      for (int line = 0; text.length() < OUTPUT_CHARS; line++) {
        text.append("2026-12-06T10:")
            .append(10 + line % 50)
            .append(":00Z page=")
            .append(page)
            .append(line % 17 == 0 ? " ERROR payment call failed: connection refused" : " INFO")
            .append(" request ")
            .append(line)
            .append(" served in ")
            .append(line * 7 % 300)
            .append(" ms by pod checkout-api-7d9f-")
            .append(line % 3)
            .append('\n');
      }
      ToolResult result = ToolResult.success(text.toString());
      inside.wall.addAndGet(System.nanoTime() - started);
      return result;
    }
  }
}
