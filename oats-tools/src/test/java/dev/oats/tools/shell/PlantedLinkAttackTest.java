package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A symbolic link planted in the workspace (a cloned repository may hold any, an archive or an
 * approved call may leave one) that points into {@code /proc} or to a file OATS hides from its
 * tools: no word of the line says {@code proc} or names the key file, so {@code cat env} ran at
 * once and printed another process's environment (OATS's own, without a sandbox) or the key file.
 * The link is followed the way the kernel will, in the working directory, the directories the line
 * changes to and the files a glob matches; links inside the workspace, and the ordinary files
 * beside them, still run at once.
 */
class PlantedLinkAttackTest {

  @TempDir static Path workspace;
  @TempDir static Path keys;
  static Path keyFile;
  static BashExecutorTool bash;

  @BeforeAll
  static void plant() throws Exception {
    keyFile = Files.writeString(keys.resolve("model.key"), "sk-ant-planted-0123456789");
    Files.writeString(workspace.resolve("notes.txt"), "nothing here\n");
    Files.createDirectories(workspace.resolve("docs"));
    Files.createSymbolicLink(workspace.resolve("env"), Path.of("/proc/1/environ"));
    Files.createSymbolicLink(workspace.resolve("init"), Path.of("/proc/1"));
    Files.createSymbolicLink(workspace.resolve("docs/me"), Path.of("/proc/self"));
    Files.createSymbolicLink(workspace.resolve("key"), keyFile);
    Files.createSymbolicLink(workspace.resolve("keys"), keys);
    Files.createSymbolicLink(workspace.resolve("readme"), workspace.resolve("notes.txt"));
    Files.createSymbolicLink(workspace.resolve("up"), Path.of("../../../../../../proc/1/cmdline"));
    bash =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(),
            workspace,
            new Sandbox(Sandbox.Kind.NONE, null, List.of(keys.toRealPath())));
  }

  static Stream<String> leaks() {
    return Stream.of(
        "cat env",
        "tr '\\0' '\\n' < env",
        "grep -a PATH env",
        "head -c 400 ./docs/../env",
        "strings env",
        "cat init/cmdline",
        "cat init/environ",
        "cd init && cat cmdline",
        "cd docs; cat me/status",
        "cat docs/me/cmdline",
        "cat e?v",
        "cat en*",
        "cat key",
        "cat keys/model.key",
        "base64 key",
        "grep -r . keys/",
        "cat up",
        "diff --from-file=env notes.txt",
        "sh -c 'cat env'");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "cat notes.txt",
        "cat readme",
        "cat docs/../notes.txt",
        "ls -la",
        "ls docs",
        "cat /proc/cpuinfo",
        "cat /dev/null",
        "grep -c nothing *.txt",
        "kubectl get pods -o jsonpath='{.items[*].metadata.name}'");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void aLineReadingThroughAPlantedLinkNeedsAnApproval(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isNotEqualTo(SideEffect.READ_ONLY);
    assertThat(bash.approvalReasons(command(line))).as(line).isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /**
   * A workspace inside the hidden data directory (a configuration the server's tests use): the
   * sandbox binds the workspace after hiding the directory, so its files stay readable at once, and
   * a link from it to a file of the data directory beside it still needs an approval.
   */
  @Test
  void aWorkspaceInsideTheHiddenDataDirectoryStaysReadable(@TempDir Path data) throws Exception {
    Path inside = Files.createDirectories(data.resolve("workspace"));
    Files.writeString(inside.resolve("app.log"), "ERROR payment failed\n");
    Files.writeString(data.resolve("api-keys"), "alice=oats-key-0123456789\n");
    Files.createSymbolicLink(inside.resolve("keys"), data.resolve("api-keys"));
    BashExecutorTool inData =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(),
            inside,
            new Sandbox(Sandbox.Kind.NONE, null, List.of(data.toRealPath())));

    for (String line : List.of("cat app.log", "grep -c ERROR *.log", "ls -la", "wc -l app.log")) {
      assertThat(inData.approvalReasons(command(line))).as(line).isEmpty();
    }
    assertThat(inData.approvalReasons(command("cat keys"))).as("cat keys").isNotEmpty();
    assertThat(inData.approvalReasons(command("cat ../api-keys")))
        .as("cat ../api-keys")
        .isNotEmpty();
  }

  private static ObjectNode command(String line) {
    return JsonNodeFactory.instance.objectNode().put("command", line);
  }
}
