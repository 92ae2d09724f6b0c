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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A file whose name says nothing ({@code values.yaml}) but whose content holds a credential, read
 * through an encoder: the classifier looked at its content only when a word named it from the
 * working directory, so the same file reached by a glob ({@code base64 config/*.yaml}) or after a
 * {@code cd} ({@code cd config && xxd values.yaml}) ran at once and its base64 or hex reached the
 * model, where no redactor can recognise the password. The file is now looked for where the line
 * will read it.
 */
class SecretContentElsewhereAttackTest {

  @TempDir static Path workspace;
  static BashExecutorTool bash;

  @BeforeAll
  static void files() throws Exception {
    Path config = Files.createDirectories(workspace.resolve("config"));
    Files.writeString(
        config.resolve("values.yaml"),
        "postgresql:\n  auth:\n    username: app\n    password: Sup3r-S3cret-Pw\n");
    Files.writeString(config.resolve("plain.yaml"), "replicas: 3\nimage: nginx:1.27\n");
    Files.writeString(config.resolve("access.log"), "10.0.0.1 GET /healthz 200\n");
    bash =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(), workspace, new Sandbox(Sandbox.Kind.NONE, null, List.of()));
  }

  static Stream<String> leaks() {
    return Stream.of(
        "base64 config/values.yaml",
        "cd config && base64 values.yaml",
        "cd config; base64 -w0 values.yaml",
        "pushd config >/dev/null && od -c values.yaml",
        "cd ./config/ && rev values.yaml",
        "base64 config/*.yaml",
        "base32 config/values.y?ml",
        "od -An -c config/*",
        "hexdump -C config/[v]alues.yaml",
        "cat config/*.yaml | base64",
        "cd config && cat values.yaml | cut -c5-");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "cat config/values.yaml",
        "cd config && cat values.yaml",
        "base64 config/plain.yaml",
        "cd config && od -c plain.yaml",
        "awk '{print $1}' config/*.log",
        "cut -d' ' -f2 config/access.log",
        "grep -h replicas config/*.yaml");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void aCredentialFileEncodedWhereverItIsNamedNeedsAnApproval(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void plainReadsAndEncodingsOfOrdinaryFilesStillRunAtOnce(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  private static ObjectNode command(String line) {
    return JsonNodeFactory.instance.objectNode().put("command", line);
  }
}
