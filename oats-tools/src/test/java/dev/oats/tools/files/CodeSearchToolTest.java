package dev.oats.tools.files;

import static dev.oats.tools.files.Fixtures.args;
import static dev.oats.tools.files.Fixtures.call;
import static dev.oats.tools.files.Fixtures.context;
import static dev.oats.tools.files.Fixtures.roots;
import static dev.oats.tools.files.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodeSearchToolTest {

  @TempDir Path tmp;

  private Path root;
  private Path workspace;
  private CodeSearchTool tool;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(tmp.resolve("repo"));
    workspace = Files.createDirectories(tmp.resolve("workspace"));
    tool = new CodeSearchTool(roots(root));
  }

  private ToolResult search(Object... pairs) throws Exception {
    return call(tool, workspace, pairs);
  }

  @Test
  void aLiteralSearchIgnoresCaseByDefault() throws Exception {
    write(root.resolve("src/Client.java"), "int timeout = 5;\nint TIMEOUT_MS = 10;\nint other;\n");

    ToolResult result = search("pattern", "Timeout");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("Searched " + root.toRealPath() + " for \"Timeout\" (literal, case-insensitive)")
        .contains("src/Client.java (2 matches)")
        .contains("1: int timeout = 5;")
        .contains("2: int TIMEOUT_MS = 10;")
        .contains("2 matches in 1 file.");
  }

  @Test
  void caseSensitiveSearchMatchesExactCaseOnly() throws Exception {
    write(root.resolve("src/Client.java"), "int timeout = 5;\nint TIMEOUT_MS = 10;\n");

    ToolResult result = search("pattern", "TIMEOUT", "case_sensitive", true, "context_lines", 0);

    assertThat(result.output()).contains("2: int TIMEOUT_MS").doesNotContain("1: int timeout");
  }

  @Test
  void aLiteralSearchTakesRegexCharactersLiterally() throws Exception {
    write(root.resolve("a.txt"), "call(x) here\ncallxx here\n");

    ToolResult result = search("pattern", "call(x)", "context_lines", 0);

    assertThat(result.output()).contains("1: call(x) here").doesNotContain("callxx");
  }

  @Test
  void aRegexSearchMatchesAlternatives() throws Exception {
    write(root.resolve("app.env"), "DB_HOST=db\nDB_PORT=5432\nDB_NAME=shop\n");

    ToolResult result = search("pattern", "^DB_(HOST|PORT)=", "regex", true, "context_lines", 0);

    assertThat(result.output())
        .contains("1: DB_HOST=db")
        .contains("2: DB_PORT=5432")
        .doesNotContain("DB_NAME")
        .contains("(regular expression, case-insensitive)");
  }

  @Test
  void anInvalidRegexIsAnErrorThatPointsAtTheProblem() throws Exception {
    ToolResult result = search("pattern", "timeout(ms", "regex", true);

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains("Invalid regular expression: Unclosed group near index 10")
        .contains("timeout(ms")
        .contains("regex=false");
  }

  @Test
  void aGlobLimitsTheFilesByName() throws Exception {
    write(root.resolve("src/Main.java"), "retry\n");
    write(root.resolve("src/main.go"), "retry\n");
    write(root.resolve("deploy/app.yaml"), "retry\n");
    write(root.resolve("deploy/app.yml"), "retry\n");

    String java = search("pattern", "retry", "glob", "*.java").output();
    String yaml = search("pattern", "retry", "glob", "*.{yaml,yml}").output();

    assertThat(java).contains("src/Main.java").doesNotContain("main.go").doesNotContain("app.y");
    assertThat(yaml).contains("deploy/app.yaml").contains("deploy/app.yml").doesNotContain("src/");
  }

  @Test
  void aGlobWithASlashMatchesThePathFromTheSearchDirectory() throws Exception {
    write(root.resolve("src/main/kotlin/App.kt"), "retry\n");
    write(root.resolve("test/App.kt"), "retry\n");

    String output = search("pattern", "retry", "glob", "src/**/*.kt").output();

    assertThat(output).contains("src/main/kotlin/App.kt").doesNotContain("test/App.kt");
  }

  @Test
  void anInvalidGlobIsAnError() throws Exception {
    assertThat(search("pattern", "x", "glob", "*.{java").error())
        .contains("Invalid glob '*.{java'");
  }

  @Test
  void gitignoreRulesAreRespectedIncludingNestedFilesAndNegation() throws Exception {
    write(root.resolve(".gitignore"), "*.log\nbuild/\n/top.txt\ndocs/**/draft.md\n");
    write(root.resolve("app.log"), "needle\n");
    write(root.resolve("build/out.txt"), "needle\n");
    write(root.resolve("top.txt"), "needle\n");
    write(root.resolve("src/top.txt"), "needle\n");
    write(root.resolve("docs/a/b/draft.md"), "needle\n");
    write(root.resolve("docs/a/final.md"), "needle\n");
    write(root.resolve("src/.gitignore"), "!keep.log\ngenerated\n");
    write(root.resolve("src/keep.log"), "needle\n");
    write(root.resolve("src/other.log"), "needle\n");
    write(root.resolve("src/generated/Api.java"), "needle\n");
    write(root.resolve("Main.java"), "needle\n");

    ToolResult result = search("pattern", "needle", "context_lines", 0);

    assertThat(result.output())
        .contains("Main.java (1 match)")
        .contains("src/top.txt (1 match)")
        .contains("src/keep.log (1 match)")
        .contains("docs/a/final.md (1 match)")
        .doesNotContain("app.log")
        .doesNotContain("build/out.txt")
        .doesNotContain("\ntop.txt")
        .doesNotContain("draft.md")
        .doesNotContain("other.log")
        .doesNotContain("generated")
        .contains("4 matches in 4 files")
        .contains("ignored by .gitignore");
  }

  @Test
  void gitignoreFilesAboveTheSearchPathStillApply() throws Exception {
    Files.createDirectories(root.resolve(".git"));
    write(root.resolve(".gitignore"), "*.tmp\n");
    write(root.resolve("src/a.tmp"), "needle\n");
    write(root.resolve("src/a.txt"), "needle\n");

    String output = search("pattern", "needle", "path", "src").output();

    assertThat(output).contains("a.txt").doesNotContain("a.tmp");
  }

  @Test
  void anIgnoredDirectoryGivenAsThePathIsStillSearched() throws Exception {
    write(root.resolve(".gitignore"), "target/\n");
    write(root.resolve("target/generated/Api.java"), "needle\n");

    String output = search("pattern", "needle", "path", "target").output();

    assertThat(output).contains("generated/Api.java (1 match)");
  }

  @Test
  void theGitDirectoryIsSkipped() throws Exception {
    write(root.resolve(".git/config"), "needle\n");
    write(root.resolve("README.md"), "needle\n");

    String output = search("pattern", "needle").output();

    assertThat(output).contains("README.md").doesNotContain(".git/config");
  }

  @Test
  void binaryFilesAreSkippedAndCounted() throws Exception {
    write(root.resolve("app.jar"), new byte[] {'P', 'K', 3, 4, 0, 'n', 'e', 'e', 'd', 'l', 'e'});
    write(root.resolve("notes.txt"), "needle\n");

    ToolResult result = search("pattern", "needle");

    assertThat(result.output())
        .contains("notes.txt")
        .doesNotContain("app.jar")
        .contains("skipped 1 binary");
  }

  @Test
  void filesOverTwoMegabytesAreSkippedAndCounted() throws Exception {
    write(root.resolve("huge.txt"), "needle\n".repeat(400_000));
    write(root.resolve("small.txt"), "needle\n");

    ToolResult result = search("pattern", "needle");

    assertThat(result.output())
        .contains("small.txt")
        .doesNotContain("huge.txt")
        .contains("1 over 2 MB");
  }

  @Test
  void contextLinesSurroundMatchesAndSeparateDistantOnes() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 20; i++) {
      text.append(i == 5 || i == 6 || i == 15 ? "ERROR at " + i : "ok " + i).append('\n');
    }
    write(root.resolve("app.log"), text.toString());

    String output = search("pattern", "error", "context_lines", 1).output();

    assertThat(output)
        .contains(
            "app.log (3 matches)\n"
                + "   4- ok 4\n"
                + "   5: ERROR at 5\n"
                + "   6: ERROR at 6\n"
                + "   7- ok 7\n"
                + "  --\n"
                + "  14- ok 14\n"
                + "  15: ERROR at 15\n"
                + "  16- ok 16\n");
  }

  @Test
  void aCappedSearchCountsEverythingAndSaysHowToNarrowIt() throws Exception {
    for (int f = 1; f <= 3; f++) {
      write(root.resolve("f" + f + ".txt"), "needle\n".repeat(10));
    }

    ToolResult result = search("pattern", "needle", "max_results", 5, "context_lines", 0);

    assertThat(result.output())
        .contains("30 matches in 3 files (showing 5); narrow with glob or path");
    assertThat(result.output().lines().filter(line -> line.contains(": needle")).count())
        .isEqualTo(5);
  }

  @Test
  void aPathCanNameOneFile() throws Exception {
    write(root.resolve("a.txt"), "needle\n");
    write(root.resolve("b.txt"), "needle\n");

    String output = search("pattern", "needle", "path", "a.txt").output();

    assertThat(output).contains("a.txt (1 match)").doesNotContain("b.txt");
  }

  @Test
  void aPathOutsideTheRootsIsRefused() throws Exception {
    write(tmp.resolve("elsewhere/secret.txt"), "needle\n");

    assertThat(search("pattern", "needle", "path", "../elsewhere").error())
        .contains("outside the allowed roots");
  }

  @Test
  void symbolicLinksAreNotFollowedOutOfTheRoot() throws Exception {
    write(tmp.resolve("elsewhere/secret.txt"), "needle\n");
    Files.createSymbolicLink(root.resolve("linked"), tmp.resolve("elsewhere"));
    Files.createSymbolicLink(root.resolve("linked.txt"), tmp.resolve("elsewhere/secret.txt"));
    write(root.resolve("mine.txt"), "needle\n");

    String output = search("pattern", "needle").output();

    assertThat(output).contains("mine.txt").doesNotContain("secret").doesNotContain("linked");
  }

  @Test
  void noMatchIsNoDataWithWhatWasSearched() throws Exception {
    write(root.resolve("a.txt"), "hay\n");

    ToolResult result = search("pattern", "needle");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).contains("No matches").contains("Searched 1 text files");
  }

  @Test
  void aSearchOutOfTimeSaysItsResultsArePartial() throws Exception {
    write(root.resolve("a.txt"), "needle\n");

    ToolResult result =
        tool.execute(args("pattern", "needle"), context(workspace, Duration.ofSeconds(-1)));

    assertThat(result.output()).contains("PARTIAL RESULTS");
  }

  @Test
  void aRegexThatBacktracksForeverIsStoppedAtTheDeadline() throws Exception {
    write(root.resolve("a.txt"), "a".repeat(60) + "\n");

    ToolResult result =
        tool.execute(
            args("pattern", "(.*a){12}x", "regex", true),
            context(workspace, Duration.ofSeconds(1)));

    assertThat(result.output()).contains("PARTIAL RESULTS");
  }

  @Test
  void withoutAPathTheFirstRootIsSearched() throws Exception {
    write(root.resolve("a.txt"), "needle\n");
    write(workspace.resolve("w.txt"), "needle\n");

    String output = search("pattern", "needle").output();

    assertThat(output).contains("a.txt").doesNotContain("w.txt");
    assertThat(search("pattern", "needle", "path", workspace.toString()).output())
        .contains("w.txt");
  }
}
