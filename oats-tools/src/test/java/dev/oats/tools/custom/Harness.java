package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.event.AgentEvent;
import dev.oats.model.ToolCall;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolProvider.Offer;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A tools directory, a workspace and the provider over them, with calls made through the real
 * {@link ToolExecutor} the agent uses: schema checked, side effect classified, nobody to approve.
 */
final class Harness implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  final Path toolsDir;
  final Path workspace;
  final Map<String, String> settings = new HashMap<>();
  final Map<String, String> processEnvironment = new HashMap<>();
  final Map<String, String> childEnvironment = new HashMap<>();
  final List<AgentEvent> events = new ArrayList<>();
  final McpConnections connections = new McpConnections(false);

  Harness(Path root) {
    toolsDir = root.resolve("tools");
    workspace = root.resolve("workspace");
    try {
      Files.createDirectories(toolsDir);
      Files.createDirectories(workspace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    settings.put("OATS_TOOLS_DIR", toolsDir.toString());
    processEnvironment.put("PATH", System.getenv("PATH"));
    processEnvironment.put("HOME", System.getProperty("user.home"));
    childEnvironment.put("PATH", System.getenv("PATH"));
  }

  Path write(String fileName, String content) {
    try {
      return Files.writeString(toolsDir.resolve(fileName), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Offer> offers() {
    return new CustomTools(processEnvironment, connections).tools(settings);
  }

  Offer offer(String name) {
    return offers().stream()
        .filter(offer -> offer.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no offer named " + name + " in " + offers()));
  }

  /** The registry as {@code ToolLoader} builds it from the offers. */
  static ToolRegistry registry(List<Offer> offers) {
    ToolRegistry.Builder registry = ToolRegistry.builder();
    for (Offer offer : offers) {
      String source = offer.source() != null ? offer.source() : "custom";
      if (offer.isEnabled()) {
        registry.add(source, offer.tool());
      } else {
        registry.addDisabled(source, offer.name(), offer.disabledReason());
      }
    }
    return registry.build();
  }

  ToolResult call(String tool, String argumentsJson) throws InterruptedException {
    return call(registry(offers()), tool, argumentsJson);
  }

  ToolResult call(ToolRegistry registry, String tool, String argumentsJson)
      throws InterruptedException {
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            UnaryOperator.identity(),
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofSeconds(60), false));
    ToolCall call = new ToolCall("call-1", tool, args(argumentsJson));
    return executor.execute(1, call, context(), events::add).result();
  }

  ToolContext context() {
    return new ToolContext(
        "inv-custom",
        workspace,
        childEnvironment,
        Instant.now().plus(Duration.ofMinutes(2)),
        () -> false);
  }

  static ObjectNode args(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Override
  public void close() {
    connections.close();
  }
}
