package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import dev.oats.tools.testsupport.ToolRunner;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP servers over streamable HTTP: a real server on 127.0.0.1 run by the SDK's server side. */
class McpHttpTest {

  @TempDir Path root;
  private Harness harness;
  private HttpMcpServer server;

  @BeforeEach
  void setUp() throws Exception {
    harness = new Harness(root);
    server = new HttpMcpServer();
  }

  @AfterEach
  void tearDown() {
    harness.close();
    server.close();
  }

  private void configure(String url) {
    ObjectNode config = Harness.JSON.createObjectNode();
    ObjectNode entry = config.putObject("mcpServers").putObject("docs");
    entry.put("url", url);
    entry.putObject("headers").put("Authorization", "Bearer test-token");
    harness.write("mcp.json", config.toPrettyString());
  }

  @Test
  void theToolsOfAnHttpServerAreOfferedAndCalledWithTheConfiguredHeaders() throws Exception {
    configure(server.url().toString());

    Offer offer = harness.offer("lookup");
    ToolResult result = harness.call("lookup", "{\"key\": \"region\"}");

    assertThat(offer.source()).isEqualTo("mcp docs");
    assertThat(offer.tool().sideEffect(Harness.args("{}"))).isEqualTo(SideEffect.READ_ONLY);
    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).isEqualTo("value of region");
    assertThat(server.requestHeaders)
        .isNotEmpty()
        .allSatisfy(
            headers ->
                assertThat(headers.get("Authorization")).containsExactly("Bearer test-token"));
  }

  @Test
  void aToolCallCarriesTheCurrentTraceContextToTheServerAsTraceparent() throws Exception {
    configure(server.url().toString());
    harness.offer("lookup");
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    String spanId = "00f067aa0ba902b7";
    SpanContext span =
        SpanContext.create(traceId, spanId, TraceFlags.getSampled(), TraceState.getDefault());

    ToolResult result;
    // The executor runs the call on a thread of its own, which must carry the context along.
    try (Scope ignored = Context.root().with(Span.wrap(span)).makeCurrent()) {
      result = harness.call("lookup", "{\"key\": \"region\"}");
    }

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(server.requestHeaders.getLast().get("Traceparent"))
        .containsExactly("00-" + traceId + "-" + spanId + "-01");
    assertThat(server.requestHeaders.getLast().get("Authorization"))
        .containsExactly("Bearer test-token");
  }

  @Test
  void withoutATraceNoTraceparentIsSent() throws Exception {
    configure(server.url().toString());

    harness.call("lookup", "{\"key\": \"region\"}");

    assertThat(server.requestHeaders)
        .isNotEmpty()
        .allSatisfy(headers -> assertThat(headers).doesNotContainKey("Traceparent"));
  }

  @Test
  void anHttpServerThatIsNotListeningIsADisabledToolWithTheReason() {
    configure("http://127.0.0.1:" + ToolRunner.closedPort() + "/mcp");
    harness.settings.put(McpTools.CONNECT_TIMEOUT, "10");

    Offer offer = harness.offer("docs");

    assertThat(offer.isEnabled()).isFalse();
    assertThat(offer.disabledReason())
        .startsWith("MCP server 'docs' (http://127.0.0.1:")
        .contains("nothing accepted the connection");
    assertThat(offer.disabledReason()).doesNotContain("test-token");
  }
}
