package dev.oats.tools.custom;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * A small MCP server built with the same SDK, for the tests to start as a real child process that
 * speaks MCP over stdio. It logs on stderr (slf4j-simple's default), never on stdout, which carries
 * the protocol.
 *
 * <ul>
 *   <li>{@code greet} (read-only): says hello to {@code name}.
 *   <li>{@code restart-service} (no annotations): "restarts" {@code service}, answering with text
 *       and a 2 KB image; for {@code db} it reports an error result.
 *   <li>{@code show_environment} (read-only): the server's environment, one {@code NAME=value} a
 *       line.
 * </ul>
 */
public final class TestMcpServer {

  private TestMcpServer() {}

  public static void main(String[] args) throws InterruptedException {
    McpServer.sync(new StdioServerTransportProvider(McpJsonDefaults.getMapper()))
        .serverInfo("oats-test-server", "1.0")
        .jsonSchemaValidator(new McpSchemaValidator())
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(greet(), restartService(), showEnvironment())
        .build();
    // The SDK serves on its own threads; the client stops this process when it closes.
    new CountDownLatch(1).await();
  }

  static McpServerFeatures.SyncToolSpecification greet() {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(
                "greet",
                Map.of(
                    "type", "object",
                    "properties",
                        Map.of("name", Map.of("type", "string", "description", "Who to greet")),
                    "required", List.of("name")))
            .description("Says hello to someone. Example: {\"name\": \"Ada\"}")
            .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).build())
            .build();
    return new McpServerFeatures.SyncToolSpecification(
        tool, (exchange, request) -> text("Hello, " + request.arguments().get("name") + "!"));
  }

  static McpServerFeatures.SyncToolSpecification restartService() {
    McpSchema.Tool tool =
        McpSchema.Tool.builder(
                "restart-service",
                Map.of(
                    "$schema", "http://json-schema.org/draft-07/schema#",
                    "properties", Map.of("service", Map.of("type", "string")),
                    "required", List.of("service")))
            .description("Restarts a service.")
            .build();
    return new McpServerFeatures.SyncToolSpecification(
        tool,
        (exchange, request) -> {
          Object service = request.arguments().get("service");
          if ("db".equals(service)) {
            return McpSchema.CallToolResult.builder()
                .addTextContent("permission denied: db is managed by the platform team")
                .isError(true)
                .build();
          }
          String image = Base64.getEncoder().encodeToString(new byte[2048]);
          return McpSchema.CallToolResult.builder()
              .addTextContent("restarted " + service)
              .addContent(McpSchema.ImageContent.builder(image, "image/png").build())
              .build();
        });
  }

  static McpServerFeatures.SyncToolSpecification showEnvironment() {
    McpSchema.Tool tool =
        McpSchema.Tool.builder("show_environment", Map.of("type", "object"))
            .description("Shows the server's environment.")
            .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).build())
            .build();
    return new McpServerFeatures.SyncToolSpecification(
        tool,
        (exchange, request) -> {
          StringBuilder lines = new StringBuilder();
          new TreeMap<>(System.getenv())
              .forEach((name, value) -> lines.append(name).append('=').append(value).append('\n'));
          return text(lines.toString());
        });
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }
}
