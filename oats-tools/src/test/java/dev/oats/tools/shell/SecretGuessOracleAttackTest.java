package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * One guess a call: a secret file matched or measured against what the model wrote. The output
 * shows no secret (the redactor hides the matching line's value, a count or an exit status has none
 * to hide), yet whether a line is printed, the count, the status, the byte where two files differ
 * or the length tells whether the guess is in the secret, and a run of such calls spells it out
 * ({@code grep -q '^DB_PASSWORD=a' .env}, then {@code =b}, ...). Reading the file whole still runs
 * at once: the model sees its keys, and the redactor hides the values.
 */
class SecretGuessOracleAttackTest {

  @TempDir static Path workspace;
  static BashExecutorTool bash;

  @BeforeAll
  static void files() throws Exception {
    Files.writeString(workspace.resolve(".env"), "DB_HOST=db\nDB_PASSWORD=Sup3r-S3cret-Pw\n");
    Path config = Files.createDirectories(workspace.resolve("config"));
    Files.writeString(
        config.resolve("values.yaml"),
        "postgresql:\n  auth:\n    username: app\n    password: Sup3r-S3cret-Pw\n");
    Files.writeString(config.resolve("plain.yaml"), "replicas: 3\nimage: nginx:1.27\n");
    bash =
        new BashExecutorTool(
            AllowedHosts.clusterOnly(), workspace, new Sandbox(Sandbox.Kind.NONE, null, List.of()));
  }

  /** In a workspace: a glob judged by the files it matches, a file by what it holds. */
  static Stream<String> leaksInAWorkspace() {
    return Stream.of(
        "grep -q Sup3r .e*",
        "grep -c 'DB_PASSWORD=S' .[e]nv",
        "cmp config/values.yaml guess.yaml",
        "diff config/values.yaml <(echo '    password: Sup3r')",
        "[ \"$(tail -1 config/values.yaml)\" = '    password: x' ]");
  }

  static Stream<String> ordinaryInAWorkspace() {
    return Stream.of(
        "grep -h replicas config/*.yaml", "cat .e*", "diff config/plain.yaml config/plain.yaml");
  }

  @ParameterizedTest
  @MethodSource("leaksInAWorkspace")
  void aSecretFileNamedByAGlobOrHeldByContentIsNoOracleEither(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinaryInAWorkspace")
  void ordinarySearchesOfTheWorkspaceStillRunAtOnce(String line) {
    assertThat(bash.sideEffect(command(line))).as(line).isEqualTo(SideEffect.READ_ONLY);
  }

  private static com.fasterxml.jackson.databind.node.ObjectNode command(String line) {
    return JsonNodeFactory.instance.objectNode().put("command", line);
  }

  static Stream<String> leaks() {
    return Stream.of(
        "grep -q hunter2 .env; echo $?",
        "grep hunter2 .env && echo yes",
        "grep -c 'DB_PASSWORD=h' .env",
        "grep '^DB_PASSWORD=a' .env",
        "grep -l hunter2 .env config/.env",
        "cat .env | grep -q hunter2",
        "egrep -q 'PASSWORD=[a-m]' .env",
        "rg -q hunter .env",
        "git grep -c hunter -- .env",
        "grep -q hunter2 < .env",
        "grep -r hunter2 .env",
        "grep -e hunter2 -- .env",
        "grep -A 1 hunter2 .env",
        "test \"$(cat .env)\" = 'DB_PASSWORD=hunter2' && echo same",
        "[ \"$(grep PASS .env | cut -d= -f2)\" = hunter2 ]",
        "[[ $(cat .env) == *hunter* ]] && echo y",
        "read l < .env; [ \"$l\" = DB_PASSWORD=x ]; echo $?",
        "read l < .env; echo ${#l}",
        "cmp .env guess.txt",
        "cmp .env <(echo DB_PASSWORD=x)",
        "diff .env <(echo DB_PASSWORD=x)",
        "diff -q .env guess",
        "wc -c .env",
        "cat .env | wc -c",
        "grep PASS .env | wc -c",
        "sort -c .env",
        "cat .env | uniq -c",
        "comm -12 .env guesses.txt",
        "grep -q hunter2 ~/.aws/credentials",
        // a pattern file is a file the search reads: many guesses a call
        "grep -c -F -x -f .env <(printf '%s\\n' DB_PASSWORD=a)",
        "grep -c --file=.env guesses.txt",
        "grep -nFxf .env guesses.txt",
        "grep -f.env guesses.txt",
        "rg -c -f .env guesses.txt",
        "grep -q 'token: ey' /var/run/secrets/kubernetes.io/serviceaccount/token");
  }

  static Stream<String> ordinary() {
    return Stream.of(
        "cat .env",
        "grep -c ERROR app.log",
        "wc -l app.log",
        "diff a.txt b.txt",
        "kubectl logs pod | grep -c error",
        "[ \"$HOME\" = /root ] && echo root",
        "test -f .env && echo present",
        "grep -rn 'connection refused' .",
        "kubectl logs pod | grep -i 'invalid token'",
        "kubectl get events | grep -i secret",
        "grep -c token app.log",
        "grep -e secret -A 2 app.log",
        "grep -f patterns.txt app.log",
        "grep -nFxf patterns.txt app.log");
  }

  @ParameterizedTest
  @MethodSource("leaks")
  void aSecretFileMatchedAgainstAGuessNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("ordinary")
  void theOrdinaryLineBesideItStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
