package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ps} with the BSD option {@code e} prints every process's environment after its command:
 * OATS's own (its API keys, its database URL) and every other process's, read from {@code
 * /proc/<pid>/environ} as the paths the classifier already refuses. {@code ps} is granted the
 * machine's processes, so it must not read their environments unapproved.
 */
class ProcessEnvironmentAttackTest {

  static Stream<String> showsEnvironments() {
    return Stream.of(
        "ps eww", "ps auxe", "ps axeww", "ps e", "ps -ef e", "ps e -p 1", "ps aux | grep java");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "ps aux",
        "ps -ef",
        "ps -eo pid,user,etime,cmd",
        "ps -e -o pid,comm",
        "ps -C nginx -o pid=",
        "ps aux --sort=-%mem",
        "ps -p 1 -o etime=");
  }

  @ParameterizedTest
  @MethodSource("showsEnvironments")
  void psShowingEnvironmentsNeedsAnApproval(String line) {
    SideEffect effect = CommandClassifier.classify(line);
    if (line.contains("grep")) {
      // beside it, the ordinary pipeline still runs at once
      assertThat(effect).as(line).isEqualTo(SideEffect.READ_ONLY);
    } else {
      assertThat(effect).as(line).isNotEqualTo(SideEffect.READ_ONLY);
    }
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryPsStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** What ps e prints, on this machine: another process's environment variable. */
  @Test
  void psEReallyPrintsAnotherProcesssEnvironment() throws IOException, InterruptedException {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/ps")), "no ps here");
    Process process =
        new ProcessBuilder(
                List.of("/bin/bash", "-c", "OATS_MARK_VALUE=s3cr3t sleep 5 & sleep 0.3; ps axeww"))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains("OATS_MARK_VALUE=s3cr3t");
  }
}
