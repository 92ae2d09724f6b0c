package dev.oats.tools.shell;

import static dev.oats.tools.shell.ShellTestSupport.args;
import static dev.oats.tools.shell.ShellTestSupport.context;
import static dev.oats.tools.shell.ShellTestSupport.pathOnly;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pipeline whose last stage succeeds no longer hides an earlier stage that failed. */
class PipelineStatusTest {

  @TempDir Path temp;

  private final BashExecutorTool tool = ShellTestSupport.bash();

  private ToolResult run(String command) throws Exception {
    return tool.execute(args("command", command), context(temp.resolve("workspace"), pathOnly()));
  }

  @Test
  void aGrepThatMatchedNothingEarlyInAPipelineIsNamed() throws Exception {
    ToolResult result = run("printf 'a\\nb\\n' | grep nothing-here | sort");

    assertThat(result.output())
        .startsWith("exit code 0")
        .contains("pipeline: stage 2 of 3 exited with 1 (for grep: no line matched)")
        .doesNotContain(PipelineStatus.MARKER);
  }

  @Test
  void aMissingFileInAPipelineIsNamedAndItsMessageKept() throws Exception {
    ToolResult result = run("cat /no/such/file.log | wc -l");

    assertThat(result.output())
        .contains("pipeline: stage 1 of 2 exited with 1")
        .contains("stderr:\ncat: /no/such/file.log: No such file or directory")
        .doesNotContain(PipelineStatus.MARKER);
  }

  @Test
  void aPipelineThatSucceededAndAPlainCommandGetNoNoteAndKeepTheirExitCode() throws Exception {
    ToolResult ok = run("printf 'a\\nb\\n' | grep a | sort");
    ToolResult plain = run("echo out; echo err >&2; exit 4");

    assertThat(ok.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(ok.output()).doesNotContain("pipeline:").contains("stdout:\na");
    assertThat(plain.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(plain.output())
        .startsWith("exit code 4")
        .endsWith("stderr:\nerr")
        .doesNotContain("pipeline:")
        .doesNotContain(PipelineStatus.MARKER);
  }
}
