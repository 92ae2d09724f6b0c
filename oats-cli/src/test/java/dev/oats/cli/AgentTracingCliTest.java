package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.OtlpReceiver;
import dev.oats.testkit.OtlpReceiver.ReceivedSpan;
import dev.oats.testkit.ScriptedReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oats agent} as a Job runs it: with {@code TRACEPARENT} from the server and the exporter's
 * variables, its spans continue the server's trace and have left the process when it returns.
 */
class AgentTracingCliTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  private static final String SERVER_SPAN = "b7ad6b7169203331";

  @TempDir Path dir;
  private FakeAnthropicServer model;
  private OtlpReceiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    model = FakeAnthropicServer.start();
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void tearDown() {
    model.close();
    receiver.close();
  }

  private Map<String, String> environment() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("OATS_GOAL", "Why does checkout-api restart?");
    env.put("OATS_INVESTIGATION_ID", "inv-traced");
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_MODEL", "claude-fake");
    env.put("OATS_RESULTS_DIR", dir.resolve("results").toString());
    env.put("OATS_WORKSPACE", dir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dir.resolve("tools").toString());
    env.put("OATS_FILE_ROOTS", dir.resolve("workspace").toString());
    env.put("PATH", System.getenv("PATH"));
    // As the server's Job spec sets them.
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint());
    env.put("OTEL_SERVICE_NAME", "oats-agent");
    env.put("TRACEPARENT", "00-" + TRACE_ID + "-" + SERVER_SPAN + "-01");
    Files.createDirectories(dir.resolve("workspace"));
    Files.writeString(dir.resolve("workspace/notes.txt"), "memory limit 64Mi\n");
    return env;
  }

  @Test
  void theAgentContinuesTheServersTraceAndFlushesBeforeItReturns() throws Exception {
    model.enqueue(
        ScriptedReply.toolCall("file_reader", "{\"path\": \"notes.txt\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"The memory limit is 64Mi.\"}"));

    CliRun run = CliRun.run(environment(), "agent");

    assertThat(run.exitCode()).as(run.err()).isZero();
    // No waiting: the agent process exits right after, so its spans must already be out.
    List<ReceivedSpan> spans = receiver.spans();
    assertThat(spans)
        .extracting(ReceivedSpan::name)
        .contains(
            "oats.investigation",
            "invoke_agent oats",
            "chat claude-fake",
            "execute_tool file_reader",
            "execute_tool finish");
    assertThat(spans).extracting(ReceivedSpan::traceId).containsOnly(TRACE_ID);
    assertThat(spans).extracting(ReceivedSpan::serviceName).containsOnly("oats-agent");
    ReceivedSpan investigation = receiver.named("oats.investigation").orElseThrow();
    assertThat(investigation.parentSpanId()).isEqualTo(SERVER_SPAN);
    assertThat(investigation.attributes())
        .containsEntry("oats.investigation.id", "inv-traced")
        .containsEntry("oats.investigation.status", "succeeded");
    ReceivedSpan tool = receiver.named("execute_tool file_reader").orElseThrow();
    assertThat(tool.attributes()).containsEntry("oats.tool.status", "success");
    // The file with the reader's header around it.
    assertThat((Long) tool.attribute("oats.tool.output_bytes"))
        .isGreaterThan((long) "memory limit 64Mi\n".length());
  }

  @Test
  void aWrongOtelSettingStopsTheAgentWithAClearError() throws Exception {
    Map<String, String> env = environment();
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon");

    CliRun run = CliRun.run(env, "agent");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("Cannot set up tracing from the OTEL_* variables")
        .contains("carrier-pigeon");
  }
}
