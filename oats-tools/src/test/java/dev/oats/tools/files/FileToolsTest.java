package dev.oats.tools.files;

import static dev.oats.tools.files.Fixtures.args;
import static dev.oats.tools.files.Fixtures.context;
import static dev.oats.tools.files.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.model.ToolCall;
import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileToolsTest {

  @TempDir Path tmp;

  @Test
  void theThreeToolsAreOfferedEnabledUnderTheSeedsNames() {
    List<ToolProvider.Offer> offers =
        FileTools.offers(Map.of(AllowedRoots.SETTING, tmp.toString()));

    assertThat(offers)
        .extracting(ToolProvider.Offer::name)
        .containsExactly("file_reader", "yaml_parser", "code_search");
    assertThat(offers).allMatch(ToolProvider.Offer::isEnabled);
    assertThat(offers)
        .allSatisfy(
            offer -> {
              assertThat(offer.tool().description()).contains("Example: {");
              assertThat(offer.tool().sideEffect(args())).isEqualTo(SideEffect.READ_ONLY);
              assertThat(offer.tool().parameters().path("type").asText()).isEqualTo("object");
            });
    assertThat(offers.get(2).tool().category()).isEqualTo(ToolCategory.CODE);
  }

  @Test
  void callsThroughTheExecutorAreValidatedAgainstTheSchemas() throws Exception {
    Path root = Files.createDirectories(tmp.resolve("repo"));
    write(root.resolve("Main.java"), "class Main {}\n");
    ToolRegistry.Builder registry = ToolRegistry.builder();
    FileTools.offers(Map.of(AllowedRoots.SETTING, root.toString()))
        .forEach(offer -> registry.add("builtin", offer.tool()));
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            UnaryOperator.identity(),
            ApprovalGate.NOBODY_TO_ASK,
            new ToolExecutor.Settings(16_000, Duration.ofSeconds(30), false));

    ToolResult found = run(executor, "code_search", args("pattern", "class Main"));
    ToolResult noPattern = run(executor, "code_search", args("glob", "*.java"));
    ToolResult tooMuchContext =
        run(executor, "code_search", args("pattern", "x", "context_lines", 50));
    ToolResult misspelt = run(executor, "file_reader", args("file_path", "Main.java"));
    ToolResult neither = run(executor, "yaml_parser", args("query", "a"));

    assertThat(found.output()).contains("Main.java (1 match)");
    assertThat(noPattern.error()).contains("Invalid arguments for code_search").contains("pattern");
    assertThat(tooMuchContext.error()).contains("context_lines");
    assertThat(misspelt.error()).contains("Invalid arguments for file_reader");
    assertThat(neither.error()).contains("Give content or path.");
  }

  private ToolResult run(ToolExecutor executor, String tool, ObjectNode arguments)
      throws InterruptedException {
    return executor
        .execute(
            1,
            new ToolCall("call-1", tool, arguments),
            context(tmp.resolve("workspace")),
            event -> {})
        .result();
  }
}
