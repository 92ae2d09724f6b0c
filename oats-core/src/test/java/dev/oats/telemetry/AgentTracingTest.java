package dev.oats.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.FinishTool;
import dev.oats.agent.Investigation;
import dev.oats.agent.RunSummary;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.config.OatsConfig;
import dev.oats.llm.anthropic.AnthropicChatModel;
import dev.oats.redact.Redactor;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.OtlpReceiver;
import dev.oats.testkit.OtlpReceiver.ReceivedSpan;
import dev.oats.testkit.ScriptedReply;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import io.opentelemetry.api.trace.Span;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent run against the fake Anthropic API, exported over OTLP/HTTP to a real receiver on
 * 127.0.0.1 that decodes the protobuf: the span tree, the GenAI attributes, and what is (not)
 * recorded of prompts and tool output.
 */
class AgentTracingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "sk-ant-api03-tracing-test-key-0000000000000000";

  /** In the tool's output: a known secret (the model key) and a secret-looking pair. */
  private static final String DB_PASSWORD = "hunter2-Zq9vK3pL8wX";

  private static final String TOOL_OUTPUT =
      "pod api-7f9c is CrashLoopBackOff\nenv: DB_PASSWORD=" + DB_PASSWORD + "\nkey " + API_KEY;

  @TempDir Path dir;
  private final AtomicReference<String> spanSeenByTool = new AtomicReference<>();
  private OtlpReceiver receiver;
  private FakeAnthropicServer model;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new OtlpReceiver();
    model = FakeAnthropicServer.start();
  }

  @AfterEach
  void tearDown() {
    model.close();
    receiver.close();
  }

  @Test
  void aRunIsOneTreeOfInvestigationAgentChatAndToolSpansWithTheGenAiAttributes() throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("pod_status", "{\"pod\":\"api-7f9c\"}")
            .withText("Checking the pod.")
            .withUsage(120, 30, 400, 50),
        ScriptedReply.toolCall("finish", "{\"result\":\"The api pod crashes: bad DB config.\"}")
            .withUsage(200, 40, 400, 0));

    RunSummary summary = run(false);

    assertThat(summary.succeeded()).as(summary.status()).isTrue();
    List<ReceivedSpan> spans = receiver.spans();
    ReceivedSpan run = only(spans, "oats.investigation");
    ReceivedSpan agent = only(spans, "invoke_agent oats");
    List<ReceivedSpan> chats = named(spans, "chat claude-fake");
    ReceivedSpan tool = only(spans, "execute_tool pod_status");
    ReceivedSpan finish = only(spans, "execute_tool finish");

    // The tree: one trace, the run at its root, everything else under the agent's span.
    assertThat(spans).extracting(ReceivedSpan::traceId).containsOnly(run.traceId());
    assertThat(run.isRoot()).isTrue();
    assertThat(agent.parentSpanId()).isEqualTo(run.spanId());
    assertThat(chats)
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.parentSpanId()).isEqualTo(agent.spanId()));
    assertThat(List.of(tool, finish))
        .allSatisfy(t -> assertThat(t.parentSpanId()).isEqualTo(agent.spanId()));
    assertThat(spans).hasSize(6);

    assertThat(run.attributes())
        .containsEntry("oats.investigation.id", "inv-42")
        .containsEntry("gen_ai.conversation.id", "inv-42")
        .containsEntry("oats.run.id", "run-1")
        .containsEntry("oats.run.number", 1L)
        .containsEntry("oats.investigation.status", "succeeded")
        .containsEntry("oats.turns", 2L);
    assertThat(run.serviceName()).isEqualTo("oats-test");
    assertThat(agent.attributes())
        .containsEntry("gen_ai.operation.name", "invoke_agent")
        .containsEntry("gen_ai.agent.name", "oats")
        .containsEntry("gen_ai.provider.name", "anthropic")
        .containsEntry("gen_ai.request.model", "claude-fake");

    ReceivedSpan first = chats.getFirst();
    assertThat(first.kind()).isEqualTo("SPAN_KIND_CLIENT");
    assertThat(first.attributes())
        .containsEntry("gen_ai.operation.name", "chat")
        .containsEntry("gen_ai.provider.name", "anthropic")
        .containsEntry("gen_ai.system", "anthropic")
        .containsEntry("gen_ai.request.model", "claude-fake")
        .containsEntry("gen_ai.response.model", "claude-fake")
        // The conventions count cached prompt tokens in input_tokens: 120 + 400 + 50.
        .containsEntry("gen_ai.usage.input_tokens", 570L)
        .containsEntry("gen_ai.usage.output_tokens", 30L)
        .containsEntry("gen_ai.usage.cache_read.input_tokens", 400L)
        .containsEntry("gen_ai.usage.cache_creation.input_tokens", 50L)
        .containsEntry("gen_ai.response.finish_reasons", List.of("tool_call"));

    assertThat(tool.attributes())
        .containsEntry("gen_ai.operation.name", "execute_tool")
        .containsEntry("gen_ai.tool.name", "pod_status")
        .containsEntry("oats.tool.status", "success")
        .containsEntry("oats.tool.output_bytes", (long) TOOL_OUTPUT.length())
        .containsEntry("oats.tool.output_truncated", false)
        .containsKey("gen_ai.tool.call.id");
    // The tool runs on a thread of its own, where its span is current (what it calls continues it).
    assertThat(spanSeenByTool.get()).isEqualTo(tool.spanId());
    // The tool slept 50 ms: the span's timing is the call's duration.
    assertThat(tool.endNanos() - tool.startNanos()).isGreaterThanOrEqualTo(50_000_000L);

    // No content by default: no prompt, no answer, no tool arguments or output.
    assertThat(spans)
        .flatExtracting(s -> s.attributes().keySet())
        .doesNotContain(
            "gen_ai.input.messages",
            "gen_ai.output.messages",
            "gen_ai.system_instructions",
            "gen_ai.tool.call.arguments",
            "gen_ai.tool.call.result");
    assertThat(everyValue(spans))
        .doesNotContain("CrashLoopBackOff", "Why does the api pod restart", "api-7f9c", "bad DB");
    assertNoSecret(spans);
  }

  @Test
  void withContentOnThePromptsAndToolOutputAreRecordedButRedacted() throws Exception {
    // The model itself repeats secrets, in its prose and in a call's arguments: the executor
    // redacts only tool output, so these reach the spans only through the tracing's redaction.
    model.enqueue(
        ScriptedReply.toolCall(
                "pod_status", "{\"pod\":\"api-7f9c\",\"note\":\"password=" + DB_PASSWORD + "\"}")
            .withText("The key in use is " + API_KEY + "."),
        ScriptedReply.toolCall("finish", "{\"result\":\"The api pod crashes.\"}"));

    run(true);

    List<ReceivedSpan> spans = receiver.spans();
    ReceivedSpan tool = only(spans, "execute_tool pod_status");
    ReceivedSpan second = named(spans, "chat claude-fake").get(1);
    assertThat((String) tool.attribute("gen_ai.tool.call.arguments")).contains("api-7f9c");
    assertThat((String) tool.attribute("gen_ai.tool.call.result"))
        .contains("CrashLoopBackOff", "[REDACTED:");
    // The second call's prompt holds the tool's output, redacted.
    assertThat((String) second.attribute("gen_ai.input.messages"))
        .contains("Why does the api pod restart", "CrashLoopBackOff", "[REDACTED:");
    assertThat((String) second.attribute("gen_ai.output.messages")).contains("finish");
    assertThat(second.attributes()).containsKey("gen_ai.system_instructions");
    assertNoSecret(spans);
  }

  @Test
  void aFailedRunEndsItsSpansInErrorWithTheKindButNotTheWords() throws Exception {
    model.enqueue(ScriptedReply.httpError(400, "prompt mentions hunter2-Zq9vK3pL8wX"));

    RunSummary summary = run(false);

    assertThat(summary.succeeded()).isFalse();
    ReceivedSpan run = only(receiver.spans(), "oats.investigation");
    assertThat(run.statusCode()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(run.attributes())
        .containsEntry("oats.investigation.status", "failed")
        .containsEntry("oats.failure.kind", "model_error")
        .doesNotContainKey("oats.investigation.reason");
    assertThat(only(receiver.spans(), "invoke_agent oats").statusCode())
        .isEqualTo("STATUS_CODE_ERROR");
    assertNoSecret(receiver.spans());
  }

  @Test
  void aRetriedModelCallIsOneSpanPerAttemptTheFailedOneMarked() throws Exception {
    model.enqueue(
        ScriptedReply.httpError(500, "internal trouble"),
        ScriptedReply.toolCall("finish", "{\"result\":\"done\"}"));

    run(false);

    List<ReceivedSpan> chats = named(receiver.spans(), "chat claude-fake");
    assertThat(chats).hasSize(2);
    assertThat(chats.getFirst().statusCode()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(chats.getFirst().attributes()).containsEntry("error.type", "server_error");
    assertThat(chats.get(1).statusCode()).isNotEqualTo("STATUS_CODE_ERROR");
  }

  @Test
  void withoutAnEndpointNothingIsTracedAndTheModelIsNotWrapped() throws Exception {
    Telemetry off = Telemetry.fromEnvironment(Map.of("OTEL_SERVICE_NAME", "x"), "oats", true);
    try (AnthropicChatModel chat =
        new AnthropicChatModel(API_KEY, model.baseUrl(), "claude-fake", Duration.ofSeconds(10))) {
      AgentTracing tracing = off.forAgent(text -> text);

      assertThat(off.enabled()).isFalse();
      assertThat(tracing).isSameAs(AgentTracing.DISABLED);
      assertThat(tracing.traced(chat)).isSameAs(chat);
      assertThat(off.childEnvironment(io.opentelemetry.context.Context.current())).isEmpty();
    }
  }

  @Test
  void theCollectorsHeaderValuesAreSecretsForTheRedactor() {
    List<String> secrets =
        Telemetry.secretValues(
            Map.of(
                "OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20collector-abc123,x-tenant=t1",
                "OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-api-key=collector-key-9"));

    assertThat(secrets).contains("Bearer collector-abc123", "t1", "collector-key-9");
    assertThat(Redactor.withKnownSecrets(secrets).redact("sent Bearer collector-abc123"))
        .doesNotContain("collector-abc123");
  }

  @Test
  void aWrongOtelSettingIsAClearConfigurationError() {
    Map<String, String> env =
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(), "OTEL_TRACES_SAMPLER", "sometimes");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Telemetry.fromEnvironment(env, "oats", false))
        .isInstanceOf(dev.oats.config.ConfigException.class)
        .hasMessageContaining("Cannot set up tracing from the OTEL_* variables")
        .hasMessageContaining("sometimes");
  }

  private RunSummary run(boolean content) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", API_KEY);
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_MODEL", "claude-fake");
    env.put("OATS_MODEL_MAX_RETRIES", "2");
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    env.put("OTEL_SERVICE_NAME", "oats-test");
    OatsConfig config = OatsConfig.load(env, dir);
    Redactor redactor = Redactor.withKnownSecrets(config.secretValues(env));
    try (Telemetry telemetry = Telemetry.fromEnvironment(env, "oats", content);
        AnthropicChatModel chat =
            new AnthropicChatModel(
                API_KEY, model.baseUrl(), "claude-fake", Duration.ofSeconds(10))) {
      AgentTracing tracing = telemetry.forAgent(redactor::redact);
      ToolRegistry registry =
          ToolRegistry.builder().add("builtin", new FinishTool()).add("test", podStatus()).build();
      ToolExecutor executor =
          new ToolExecutor(
              registry,
              redactor::redact,
              ApprovalGate.NOBODY_TO_ASK,
              new ToolExecutor.Settings(16_000, Duration.ofSeconds(10), false),
              tracing);
      Agent agent =
          new Agent(
              config, chat, executor, Agent.settings(config, env), Clock.systemUTC(), tracing);
      RunSummary summary =
          agent.run(
              new Investigation("inv-42", "Why does the api pod restart?", "shop"),
              List.of(),
              event -> {},
              () -> false,
              "run-1");
      assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();
      assertThat(receiver.problems()).isEmpty();
      return summary;
    }
  }

  private Tool podStatus() {
    return new Tool() {
      @Override
      public ToolDefinition definition() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        schema.putObject("properties").putObject("pod").put("type", "string");
        return new ToolDefinition("pod_status", "A pod's status.", ToolCategory.OTHER, schema);
      }

      @Override
      public ToolResult execute(ObjectNode arguments, ToolContext context) throws Exception {
        Thread.sleep(50);
        spanSeenByTool.set(Span.current().getSpanContext().getSpanId());
        return ToolResult.success(TOOL_OUTPUT);
      }
    };
  }

  private static void assertNoSecret(List<ReceivedSpan> spans) {
    assertThat(everyValue(spans)).doesNotContain(API_KEY, DB_PASSWORD, "hunter2");
  }

  /** Every attribute value and status message of every span, as one text. */
  private static String everyValue(List<ReceivedSpan> spans) {
    StringBuilder all = new StringBuilder();
    for (ReceivedSpan span : spans) {
      span.attributes().values().forEach(v -> all.append(v).append('\n'));
      all.append(span.statusMessage()).append('\n');
    }
    return all.toString();
  }

  private static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> found = named(spans, name);
    assertThat(found).as("spans named %s among %s", name, names(spans)).hasSize(1);
    return found.getFirst();
  }

  private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static List<String> names(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::name).toList();
  }
}
