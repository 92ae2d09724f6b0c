package dev.oats.tools.custom;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;

/**
 * A tool of an MCP server, called through the server's client. What an MCP tool does cannot be
 * known, so a call needs an approval unless the server marks the tool {@code readOnlyHint: true}.
 */
final class McpTool implements Tool {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final String serverName;
  private final McpSchema.Tool spec;
  private final McpSyncClient client;
  private final Duration timeout;
  private final ToolDefinition definition;

  /**
   * @param serverName the server's name in the configuration
   * @param spec the tool as the server lists it
   * @param client the connected client that calls it
   * @param timeout how long a call may take
   */
  McpTool(String serverName, McpSchema.Tool spec, McpSyncClient client, Duration timeout) {
    this.serverName = serverName;
    this.spec = spec;
    this.client = client;
    this.timeout = timeout;
    this.definition =
        new ToolDefinition(
            ToolNames.sanitise(spec.name()),
            description(spec, serverName),
            ToolCategory.OTHER,
            schema(spec.inputSchema()));
  }

  /**
   * The input schema as a Jackson 2 object schema. {@code $schema} is dropped: the executor checks
   * arguments with its own dialect, and an unknown meta-schema URI would make it try to fetch it.
   */
  private static ObjectNode schema(Map<String, Object> inputSchema) {
    ObjectNode schema =
        inputSchema == null ? JSON.createObjectNode() : JSON.valueToTree(inputSchema);
    schema.remove("$schema");
    schema.put("type", "object");
    return schema;
  }

  private static String description(McpSchema.Tool spec, String serverName) {
    String text = spec.description() != null ? spec.description() : spec.title();
    return text == null || text.isBlank()
        ? "Tool '%s' of the MCP server '%s'; it gave no description."
            .formatted(spec.name(), serverName)
        : text.strip();
  }

  @Override
  public ToolDefinition definition() {
    return definition;
  }

  @Override
  public SideEffect sideEffect(ObjectNode arguments) {
    McpSchema.ToolAnnotations annotations = spec.annotations();
    return annotations != null && Boolean.TRUE.equals(annotations.readOnlyHint())
        ? SideEffect.READ_ONLY
        : SideEffect.UNKNOWN;
  }

  @Override
  public Duration timeout() {
    return timeout;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) {
    McpSchema.CallToolResult result;
    try {
      result =
          client.callTool(
              McpSchema.CallToolRequest.builder(spec.name())
                  .arguments(JSON.convertValue(arguments, MAP))
                  .build());
    } catch (McpError e) {
      return ToolResult.error(
          "The MCP server '%s' refused the call to %s: %s"
              .formatted(serverName, spec.name(), e.getMessage()));
    } catch (RuntimeException e) {
      return ToolResult.error(
          ("The call to %s on the MCP server '%s' failed: %s. The server may have stopped;"
                  + " OATS reconnects to it when tools are next loaded.")
              .formatted(spec.name(), serverName, McpError.aggregateExceptionMessages(e)));
    }
    String text = McpContent.render(result);
    if (Boolean.TRUE.equals(result.isError())) {
      return ToolResult.error(
          "%s (MCP server '%s') reported an error: %s"
              .formatted(
                  spec.name(), serverName, text.isBlank() ? "it gave no details" : text.strip()));
    }
    return text.isBlank()
        ? ToolResult.noData("%s returned no content.".formatted(spec.name()))
        : ToolResult.success(text);
  }
}
