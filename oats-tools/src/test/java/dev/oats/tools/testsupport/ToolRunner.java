package dev.oats.tools.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.model.ToolCall;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Calls tools the way the agent does, or directly with a chosen deadline. */
public final class ToolRunner {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolRunner() {}

  /**
   * Runs a call through the real {@link ToolExecutor}: arguments checked against the tool's schema,
   * its time limit enforced.
   */
  public static ToolResult call(Tool tool, String argumentsJson) {
    ToolRegistry registry = ToolRegistry.builder().add("test", tool).build();
    ToolExecutor executor =
        new ToolExecutor(
            registry,
            UnaryOperator.identity(),
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofSeconds(60), false));
    ToolContext context = context(Duration.ofSeconds(60));
    try {
      return executor
          .execute(
              1, new ToolCall("call-1", tool.name(), args(argumentsJson)), context, event -> {})
          .result();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Calls {@code execute} directly with this much time left, as the executor would allow. */
  public static ToolResult execute(Tool tool, String argumentsJson, Duration timeLeft)
      throws Exception {
    return tool.execute(args(argumentsJson), context(timeLeft));
  }

  public static ToolContext context(Duration timeLeft) {
    return new ToolContext(
        "test-investigation", Path.of("."), Map.of(), Instant.now().plus(timeLeft), () -> false);
  }

  public static ObjectNode args(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /** A port on 127.0.0.1 where nothing listens: it was free a moment ago and is closed again. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
