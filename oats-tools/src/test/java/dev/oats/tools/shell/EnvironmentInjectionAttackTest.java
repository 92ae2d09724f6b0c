package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Variables that make a read-only command run code or write files: {@code set -k} turns every
 * {@code NAME=value} argument into the command's environment ({@code git status
 * GIT_CONFIG_VALUE_0=…} runs a program as git's fsmonitor), {@code GIT_TRACE=path} appends to any
 * file, {@code KUBECONFIG=file} runs the file's credential plugin, {@code SSLKEYLOGFILE} writes TLS
 * keys. None may run without an approval, however the variable is set.
 */
class EnvironmentInjectionAttackTest {

  static Stream<String> injects() {
    return Stream.of(
        "set -k; git status GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.fsmonitor"
            + " GIT_CONFIG_VALUE_0='touch MARK;false'",
        "set -ek; git diff GIT_EXTERNAL_DIFF='touch MARK;:'",
        "set -o keyword; git diff GIT_EXTERNAL_DIFF='touch MARK;:'",
        "GIT_TRACE=$PWD/MARK git status",
        "GIT_TRACE=/home/app/.bashrc git status",
        "GIT_TRACE2_EVENT=/tmp/out git log",
        "set -euo keyword; git diff GIT_EXTERNAL_DIFF=x",
        "GIT_ASKPASS=./x git status",
        "GIT_EXEC_PATH=./bin git status",
        "GIT_DIR=/tmp/other/.git git log",
        "KUBECONFIG=deploy/kubeconfig kubectl get pods",
        "export KUBECONFIG=deploy/kubeconfig; kubectl get pods",
        "env KUBECONFIG=deploy/kubeconfig kubectl get pods",
        "KUBECACHEDIR=/tmp/cache kubectl get pods",
        "SSLKEYLOGFILE=/tmp/keys curl -s https://checkout/",
        "HELM_PLUGINS=./plugins helm list");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "set -e; git status",
        "set -euo pipefail; kubectl get pods",
        "set -- a b; echo $1",
        "git status",
        "kubectl get pods",
        "NS=shop kubectl get pods -n $NS",
        "LC_ALL=C sort access.log");
  }

  @ParameterizedTest
  @MethodSource("injects")
  void aVariableThatRunsCodeOrWritesFilesNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** The first three lines run a command, and GIT_TRACE writes a file, on this machine. */
  @Test
  void bashAndGitReallyDoIt(@TempDir Path dir) throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/git")), "no git here");
    List<String> lines = injects().limit(4).toList();
    for (String line : lines) {
      run(
          dir,
          "rm -rf .git MARK f; git init -q . && echo a > f && git add f"
              + " && git -c user.email=a@b -c user.name=a commit -qm one && echo b > f");
      run(dir, line);
      assertThat(dir.resolve("MARK")).as(line).exists();
    }
  }

  private static void run(Path dir, String line) throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(List.of("/bin/bash", "-c", line))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
  }
}
