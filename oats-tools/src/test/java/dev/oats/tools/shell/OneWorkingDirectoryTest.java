package dev.oats.tools.shell;

import static dev.oats.tools.shell.ShellTestSupport.args;
import static dev.oats.tools.shell.ShellTestSupport.context;
import static dev.oats.tools.shell.ShellTestSupport.pathOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.agent.ApprovalGate;
import dev.oats.agent.ToolExecutor;
import dev.oats.agent.ToolRegistry;
import dev.oats.model.ToolCall;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import dev.oats.tools.files.FileTools;
import dev.oats.tools.logs.LogTools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One working-directory rule for every tool: a relative path means the same file to bash_executor,
 * log_analyzer and file_reader (the workspace), and the allowed roots stay as strict as before.
 */
class OneWorkingDirectoryTest {

  @TempDir Path base;

  private Path root;
  private Path workspace;

  @BeforeEach
  void directories() throws Exception {
    root = Files.createDirectories(base.resolve("root"));
    workspace = Files.createDirectories(base.resolve("workspace"));
    Path outside = Files.createDirectories(base.resolve("outside"));
    Files.writeString(outside.resolve("secret.log"), "ERROR the-outside-secret\n");
    // A file of the same name under the configured root: the workspace's must win.
    Files.writeString(root.resolve("written.log"), "INFO decoy-from-the-root\n");
  }

  private ToolResult call(String tool, Object... arguments) throws Exception {
    Map<String, String> settings = Map.of("OATS_FILE_ROOTS", root.toString());
    List<ToolProvider.Offer> offers = new ArrayList<>(ShellTools.offers(settings));
    offers.addAll(FileTools.offers(settings));
    offers.addAll(LogTools.offers(settings, Optional.empty()));
    ToolRegistry.Builder registry = ToolRegistry.builder();
    for (ToolProvider.Offer offer : offers) {
      if (offer.isEnabled()) {
        registry.add("builtin", offer.tool());
      }
    }
    ToolExecutor executor =
        new ToolExecutor(
            registry.build(),
            UnaryOperator.identity(),
            request -> ApprovalGate.Decision.approve("approved by the test"),
            new ToolExecutor.Settings(16_000, Duration.ofMinutes(2), false));
    ToolCall call = new ToolCall("call-1", tool, args(arguments));
    return executor.execute(1, call, context(workspace, pathOnly()), event -> {}).result();
  }

  @Test
  void aFileWrittenByACommandIsReadBackByTheSameRelativeName() throws Exception {
    ToolResult written =
        call(
            "bash_executor",
            "command",
            "printf 'ERROR payment-gateway timeout\\nERROR payment-gateway timeout\\n' >"
                + " written.log");
    assertThat(written.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(workspace.resolve("written.log")).exists();

    ToolResult analyzed = call("log_analyzer", "path", "written.log");
    assertThat(analyzed.isError()).as(analyzed.error()).isFalse();
    assertThat(analyzed.output())
        .contains("payment-gateway timeout")
        .contains(workspace.toRealPath().resolve("written.log").toString())
        .doesNotContain("decoy-from-the-root");

    ToolResult read = call("file_reader", "path", "written.log");
    assertThat(read.isError()).as(read.error()).isFalse();
    assertThat(read.output())
        .contains("payment-gateway timeout")
        .doesNotContain("decoy-from-the-root");

    ToolResult listed = call("bash_executor", "command", "cat written.log");
    assertThat(listed.output()).contains("payment-gateway timeout");
  }

  @Test
  void aRelativeEscapeFromTheWorkspaceIsStillRefused() throws Exception {
    ToolResult analyzed = call("log_analyzer", "path", "../outside/secret.log");
    assertThat(analyzed.isError()).isTrue();
    assertThat(analyzed.error()).contains("not a file within the allowed roots");
    assertThat(analyzed.output()).doesNotContain("the-outside-secret");

    ToolResult read = call("file_reader", "path", "../outside/secret.log");
    assertThat(read.isError()).isTrue();
    assertThat(read.error()).contains("outside the allowed roots");
    assertThat(read.output()).doesNotContain("the-outside-secret");

    ToolResult fromTheRoot = call("file_reader", "path", "../root/written.log");
    assertThat(fromTheRoot.output())
        .as("a relative path that stays inside an allowed root is fine")
        .contains("decoy-from-the-root");
  }
}
