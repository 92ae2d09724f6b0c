package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text the parser sees as quoted and inert, which bash still runs: a command substitution inside an
 * array subscript is run whenever bash evaluates the subscript (a variable name given to {@code
 * test -v}, {@code declare}, {@code printf -v}, {@code read}, {@code unset}; an operand of {@code
 * [[ -eq ]]}; a value used in arithmetic), and {@code jobs -x} runs the command after it. Each line
 * below creates a file when bash runs it (checked against the machine's bash), so none may be
 * judged read-only; the ordinary lines beside them still are.
 */
class EvaluatedTextAttackTest {

  static Stream<String> runsACommand() {
    return Stream.of(
        "jobs -x touch MARK",
        "jobs -x -- touch MARK",
        "test -v 'a[$(touch MARK)]'",
        "[ -v 'a[$(touch MARK)]' ]",
        "[[ -v 'a[$(touch MARK)]' ]]",
        "[[ 1 -eq 'a[$(touch MARK)]' ]]",
        "declare 'a[$(touch MARK)]=1'",
        "declare -n r='a[$(touch MARK)]'; echo $r",
        "printf -v 'a[$(touch MARK)]' x",
        "read 'a[$(touch MARK)]' <<< x",
        "a=(1 2); unset 'a[$(touch MARK)]'",
        "echo ${a['$(touch MARK)']}",
        "x='a[$(touch MARK)]'; echo ${!x}",
        "x='a[$(touch MARK)]'; echo $((x))",
        // the value may come from anywhere, e.g. a ConfigMap an attacker wrote
        "x=$(echo 'a[$(touch MARK)]'); echo $((x + 1))",
        "x=$(echo 'a[$(touch MARK)]'); [[ $x -gt 1 ]]");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "jobs",
        "jobs -l",
        "test -f /etc/hosts",
        "[ -n \"$HOME\" ]",
        "[[ -n \"$X\" && -f /etc/hosts ]] && cat /etc/hosts",
        "[[ 3 -gt 2 ]]",
        "echo $((1024 * 1024))",
        "printf -v line '%s' hello",
        "read -r first <<< 'a b'",
        "grep -F '$(x)' notes.txt",
        "awk '{c[$(NF)]++} END {for (k in c) print k, c[k]}' access.log");
  }

  @ParameterizedTest
  @MethodSource("runsACommand")
  void aLineWhoseQuotedTextBashRunsNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  /** The hostile lines do what this test says they do, on this machine's bash. */
  @ParameterizedTest
  @MethodSource("runsACommand")
  void bashReallyRunsTheCommand(String line, @TempDir Path dir)
      throws IOException, InterruptedException {
    Path bash = Path.of("/bin/bash");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(bash), "no bash here");
    Process process =
        new ProcessBuilder(List.of(bash.toString(), "-c", line))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(dir.resolve("MARK")).as(line).exists();
  }
}
