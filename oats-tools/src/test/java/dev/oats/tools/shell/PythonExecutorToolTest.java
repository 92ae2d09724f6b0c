package dev.oats.tools.shell;

import static dev.oats.tools.shell.ShellTestSupport.args;
import static dev.oats.tools.shell.ShellTestSupport.context;
import static dev.oats.tools.shell.ShellTestSupport.pathOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonExecutorToolTest {

  @TempDir Path temp;

  private final PythonExecutorTool tool =
      new PythonExecutorTool(Sandbox.detect(java.util.Map.of()));

  private Path workspace() {
    return temp.resolve("workspace");
  }

  private ToolResult run(Object... arguments) throws Exception {
    return tool.execute(args(arguments), context(workspace(), pathOnly()));
  }

  @Test
  void aScriptsOutputIsReported() throws Exception {
    ToolResult result =
        run("code", "import sys\nprint(sum(range(10)))\nprint(sys.version_info[0])");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("stdout:\n45\n3");
  }

  @Test
  void aFailingScriptIsAnErrorWithItsTraceback() throws Exception {
    ToolResult result = run("code", "print('before')\nraise ValueError('bad input')");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("script exited with code 1");
    assertThat(result.output()).contains("before").contains("ValueError: bad input");
  }

  @Test
  void theScriptRunsInTheWorkspaceAndItsFileIsRemovedAfterwards() throws Exception {
    ToolResult result = run("code", "import os\nprint(os.getcwd())");

    assertThat(result.output()).contains(workspace().toRealPath().toString());
    try (Stream<Path> files = Files.list(workspace())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theTimeLimitKillsTheScript() throws Exception {
    ToolResult result = run("code", "import time\ntime.sleep(300)", "timeout", 3);

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("script did not finish within 3 s").contains("killed");
  }

  @Test
  void aMachineWithoutPython3IsToldSoPlainly() throws Exception {
    ToolResult result =
        tool.execute(
            args("code", "print(1)"), context(workspace(), Map.of("PATH", "/nonexistent")));

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error())
        .isEqualTo(
            "python3 is not installed on this machine; use bash_executor or install python3.");
  }

  @Test
  void everyScriptNeedsAnApprovalBecauseItsEffectCannotBeToldBeforehand() {
    assertThat(tool.sideEffect(args("code", "print(1)"))).isEqualTo(SideEffect.UNKNOWN);
    assertThat(tool.description()).contains("approval").contains("Example: {\"code\"");
  }
}
