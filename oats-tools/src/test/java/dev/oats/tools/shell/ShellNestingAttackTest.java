package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser reads subshells, substitutions and parameter expansions by recursion. A command line
 * of a few tens of kilobytes nesting them ten thousand deep threw StackOverflowError out of the
 * classifier; the executor catches only exceptions, so one such call from a model (told to by a log
 * line it read) ended the whole investigation as failed. It is now refused as unparsable: it needs
 * an approval, like any line OATS cannot read.
 */
class ShellNestingAttackTest {

  private static final int DEEP = 10_000;

  static Stream<String> nestedTooDeep() {
    return Stream.of(
        "echo " + "$(".repeat(DEEP) + "date" + ")".repeat(DEEP),
        "(".repeat(DEEP) + "ls" + ")".repeat(DEEP),
        "echo " + "${a:-".repeat(DEEP) + "x" + "}".repeat(DEEP),
        "echo \"" + "$(echo \"".repeat(DEEP) + "x" + "\")".repeat(DEEP) + "\"",
        "echo " + "$((1+".repeat(DEEP) + "1" + "))".repeat(DEEP),
        "cat <(".repeat(DEEP) + "ls" + ")".repeat(DEEP));
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "echo $(echo $(echo $(date)))",
        "( (ls) )",
        "echo ${A:-${B:-${C:-none}}}",
        "echo $(( (1 + 2) * 3 ))",
        "diff <(sort a.txt) <(sort b.txt)");
  }

  @ParameterizedTest
  @MethodSource("nestedTooDeep")
  void aLineNestedTooDeepIsUnknownNotAnError(String line) {
    assertThatCode(() -> CommandClassifier.classify(line)).doesNotThrowAnyException();
    assertThat(CommandClassifier.classify(line)).isEqualTo(SideEffect.UNKNOWN);
  }

  @ParameterizedTest
  @MethodSource("nestedTooDeep")
  void theShellToolHoldsItForApproval(String line, @TempDir Path workspace) {
    BashExecutorTool bash =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(), workspace, new Sandbox(Sandbox.Kind.NONE, null, List.of()));
    ObjectNode arguments = JsonNodeFactory.instance.objectNode().put("command", line);
    assertThatCode(() -> bash.sideEffect(arguments)).doesNotThrowAnyException();
    assertThat(bash.sideEffect(arguments)).isEqualTo(SideEffect.UNKNOWN);
    assertThat(bash.approvalReasons(arguments)).contains("shell syntax OATS cannot parse");
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void ordinaryNestingStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
