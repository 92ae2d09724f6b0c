package dev.oats.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Small tools for loop tests. */
final class TestTools {

  private TestTools() {}

  static Tool tool(String name, String schemaJson, Function<ObjectNode, ToolResult> body) {
    return new SimpleTool(name, schemaJson, body, SideEffect.READ_ONLY, Duration.ofSeconds(5));
  }

  static Tool echo() {
    return tool(
        "echo",
        "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}",
        args -> ToolResult.success("echo: " + args.get("text").asText()));
  }

  static Tool pods(String output) {
    return tool(
        "list_pods",
        "{\"type\":\"object\",\"properties\":{\"namespace\":{\"type\":\"string\"},\"page\":{\"type\":\"integer\"}},\"required\":[\"namespace\"]}",
        args -> ToolResult.success(output));
  }

  static Tool throwing() {
    return tool(
        "broken",
        "{\"type\":\"object\"}",
        args -> {
          throw new IllegalStateException("disk on fire");
        });
  }

  static SimpleTool mutating(AtomicInteger runs) {
    return new SimpleTool(
        "scale",
        "{\"type\":\"object\",\"properties\":{\"replicas\":{\"type\":\"integer\"}}}",
        args -> {
          runs.incrementAndGet();
          return ToolResult.success("scaled");
        },
        SideEffect.MUTATING,
        Duration.ofSeconds(5));
  }

  static Tool slow(Duration timeout) {
    return new SimpleTool(
        "slow",
        "{\"type\":\"object\"}",
        args -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return ToolResult.success("too late");
        },
        SideEffect.READ_ONLY,
        timeout);
  }

  record SimpleTool(
      String name,
      String schemaJson,
      Function<ObjectNode, ToolResult> body,
      SideEffect effect,
      Duration timeout)
      implements Tool {

    @Override
    public ToolDefinition definition() {
      return new ToolDefinition(
          name, "test tool " + name, ToolCategory.OTHER, ScriptedModel.args(schemaJson));
    }

    @Override
    public SideEffect sideEffect(ObjectNode arguments) {
      return effect;
    }

    @Override
    public ToolResult execute(ObjectNode arguments, ToolContext context) {
      return body.apply(arguments);
    }
  }
}
