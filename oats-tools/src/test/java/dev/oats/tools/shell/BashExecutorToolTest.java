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
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BashExecutorToolTest {

  @TempDir Path temp;

  private final BashExecutorTool tool = ShellTestSupport.bash();

  private Path workspace() {
    return temp.resolve("workspace");
  }

  private ToolResult run(Object... arguments) throws Exception {
    return tool.execute(args(arguments), context(workspace(), pathOnly()));
  }

  @Test
  void aCommandsOutputAndExitCodeAreReported() throws Exception {
    ToolResult result = run("command", "echo hello; echo world");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).startsWith("exit code 0").contains("stdout:\nhello\nworld");
  }

  @Test
  void aNonZeroExitIsAnErrorThatKeepsTheOutput() throws Exception {
    ToolResult result = run("command", "echo partial; echo 'disk full' >&2; exit 3");

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("exited with code 3");
    assertThat(result.output())
        .contains("exit code 3")
        .contains("stdout:\npartial")
        .contains("stderr:\ndisk full");
  }

  @Test
  void aMissingCommandIsExplained() throws Exception {
    ToolResult result = run("command", "no-such-command-oats-test --version");

    assertThat(result.error()).contains("code 127").contains("not found");
    assertThat(result.output()).contains("no-such-command-oats-test");
  }

  @Test
  void aCommandWithoutOutputSaysSo() throws Exception {
    ToolResult result = run("command", "true");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("no output");
  }

  @Test
  void stdinIsEmptySoCommandsThatReadItEndAtOnce() throws Exception {
    ToolResult result = run("command", "cat; read line || echo 'no input'", "timeout", 20);

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains("no input");
  }

  @Test
  void theChildSeesOnlyTheChildEnvironment() throws Exception {
    Map<String, String> environment =
        Map.of("PATH", System.getenv("PATH"), "OATS_TEST_MARKER", "kept");

    ToolResult result = tool.execute(args("command", "env"), context(workspace(), environment));

    Set<String> names =
        result
            .output()
            .lines()
            .filter(line -> line.matches("[A-Za-z_][A-Za-z0-9_]*=.*"))
            .map(line -> line.substring(0, line.indexOf('=')))
            .collect(Collectors.toSet());
    // bash itself sets PWD, SHLVL and _ for every command it runs.
    names.removeAll(Set.of("PWD", "SHLVL", "_"));
    assertThat(names).containsExactlyInAnyOrder("PATH", "OATS_TEST_MARKER");
    assertThat(System.getenv()).containsKey("HOME");
    assertThat(result.output()).doesNotContain("HOME=");
  }

  @Test
  void theCommandRunsInTheWorkspaceWhichIsCreatedWhenMissing() throws Exception {
    assertThat(workspace()).doesNotExist();

    ToolResult result = run("command", "pwd");

    assertThat(workspace()).isDirectory();
    assertThat(result.output()).contains(workspace().toRealPath().toString());
  }

  @Test
  void aWorkingDirectoryInsideTheWorkspaceIsUsed() throws Exception {
    Files.createDirectories(workspace().resolve("repo/src"));

    ToolResult relative = run("command", "pwd", "working_directory", "repo/src");
    ToolResult absolute =
        run("command", "pwd", "working_directory", workspace().resolve("repo").toString());

    assertThat(relative.output()).contains(workspace().toRealPath().resolve("repo/src").toString());
    assertThat(absolute.output()).contains(workspace().toRealPath().resolve("repo").toString());
  }

  @Test
  void aWorkingDirectoryOutsideTheWorkspaceIsRefused() throws Exception {
    Files.createDirectories(workspace().resolve("repo"));

    ToolResult parent = run("command", "pwd", "working_directory", "../");
    ToolResult sneaky = run("command", "pwd", "working_directory", "repo/../../");
    ToolResult absolute = run("command", "pwd", "working_directory", "/etc");

    for (ToolResult result : new ToolResult[] {parent, sneaky, absolute}) {
      assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
      assertThat(result.error()).contains("is outside the workspace");
    }
  }

  @Test
  void aSymlinkPointingOutOfTheWorkspaceIsRefused() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    Files.createDirectories(workspace());
    Files.createSymbolicLink(workspace().resolve("escape"), outside);

    ToolResult result = run("command", "pwd", "working_directory", "escape");

    assertThat(result.error()).contains("is outside the workspace");
  }

  @Test
  void aMissingWorkingDirectoryIsNamed() throws Exception {
    ToolResult result = run("command", "pwd", "working_directory", "nowhere");

    assertThat(result.error()).contains("'nowhere' is not a directory in the workspace");
  }

  @Test
  void anEmptyCommandIsRefused() throws Exception {
    assertThat(run("command", "  ").error()).contains("command is empty");
  }

  @Test
  void theTimeLimitKillsTheWholeProcessTreeIncludingBackgroundedGrandchildren() throws Exception {
    ToolResult result = run("command", "sleep 301 & echo $!; sleep 300", "timeout", 5);

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error()).contains("did not finish within 5 s").contains("killed");
    assertThat(firstNumber(result.output())).isPositive();
    assertThat(ShellTestSupport.noneRemain("sleep 301")).as("backgrounded sleep is gone").isTrue();
  }

  @Test
  void aCancelledInvestigationKillsTheCommand() throws Exception {
    Path ready = workspace().resolve("ready");
    ToolResult result =
        tool.execute(
            args("command", "echo started; touch ready; sleep 300", "timeout", 300),
            context(workspace(), pathOnly(), () -> Files.exists(ready)));

    assertThat(result.error()).contains("cancelled");
    assertThat(result.output()).contains("started");
  }

  @Test
  void anInterruptedCallKillsTheProcessTree() throws Exception {
    Files.createDirectories(workspace());
    Path pidFile = workspace().resolve("background.pid");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    tool.execute(
                        args("command", "sleep 302 & echo $! > background.pid; sleep 300"),
                        context(workspace(), pathOnly()));
                  } catch (Exception e) {
                    thrown.set(e);
                  }
                });
    for (int i = 0; i < 300 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++) {
      Thread.sleep(100);
    }
    assertThat(ShellTestSupport.anyProcessRuns("sleep 302")).isTrue();

    caller.interrupt();
    caller.join();

    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(ShellTestSupport.noneRemain("sleep 302")).isTrue();
  }

  @Test
  void aBackgroundProcessLeftRunningAfterTheCommandExitsIsKilled() throws Exception {
    Files.createDirectories(workspace());

    ToolResult result = run("command", "sleep 303 > /dev/null 2>&1 & echo $!; sleep 2; echo done");

    assertThat(result.output()).contains("done");
    assertThat(firstNumber(result.output())).isPositive();
    assertThat(ShellTestSupport.noneRemain("sleep 303")).isTrue();
  }

  @Test
  void largeOutputIsCutToItsHeadAndTailWithTheSizesStated() throws Exception {
    ToolResult result = run("command", "yes | head -c 5000000; echo the-end");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("stdout: 4.8 MB, showing first 48 KB and last 16 KB")
        .contains("not shown")
        .endsWith("the-end");
    assertThat(result.output().length()).isLessThan(70_000);
  }

  @Test
  void bothStreamsAreDrainedTogetherSoLargeOutputOnEachDoesNotDeadlock() throws Exception {
    ToolResult result =
        run(
            "command",
            "for i in 1 2 3; do head -c 1000000 /dev/zero | tr '\\0' o; head -c 1000000"
                + " /dev/zero | tr '\\0' e >&2; done; echo finished",
            "timeout",
            120);

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("stdout: 2.9 MB, showing first 48 KB")
        .contains("stderr: 2.9 MB, showing first 48 KB")
        .contains("finished");
  }

  @Test
  void aReadOnlyCommandLineNeedsNoApprovalAndAWriterDoes() {
    assertThat(tool.sideEffect(args("command", "kubectl get pods -n shop | grep -v Running")))
        .isEqualTo(SideEffect.READ_ONLY);
    assertThat(
            tool.sideEffect(
                args("command", "kubectl logs x | grep error; kubectl delete deploy x")))
        .isEqualTo(SideEffect.MUTATING);
    assertThat(tool.sideEffect(args("command", "python3 -c 'print(1)'")))
        .isEqualTo(SideEffect.UNKNOWN);
  }

  @Test
  void itDescribesItselfForAModelWithAnExample() {
    assertThat(tool.name()).isEqualTo("bash_executor");
    assertThat(tool.description()).contains("Example: {\"command\"");
    assertThat(tool.parameters().path("required").toString()).isEqualTo("[\"command\"]");
    assertThat(tool.parameters().path("properties").path("timeout").path("maximum").asInt())
        .isEqualTo(300);
    assertThat(tool.timeout().toSeconds()).isGreaterThan(300);
  }

  @Test
  void theShellToolsAreOfferedEnabled() {
    assertThat(ShellTools.offers(Map.of(), "/usr/bin:" + System.getenv("PATH")))
        .allMatch(offer -> offer.isEnabled())
        .extracting(offer -> offer.name())
        .containsExactly("bash_executor", "python_executor");
  }

  /** The first line that is a number, such as a pid printed with {@code echo $!}. */
  private static long firstNumber(String text) {
    Matcher matcher = Pattern.compile("(?m)^\\d+$").matcher(text);
    return matcher.find() ? Long.parseLong(matcher.group()) : -1;
  }
}
