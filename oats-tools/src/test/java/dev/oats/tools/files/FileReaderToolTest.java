package dev.oats.tools.files;

import static dev.oats.tools.files.Fixtures.call;
import static dev.oats.tools.files.Fixtures.numberedLines;
import static dev.oats.tools.files.Fixtures.roots;
import static dev.oats.tools.files.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.ToolResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReaderToolTest {

  @TempDir Path tmp;

  private Path root;
  private Path workspace;
  private Path outside;
  private FileReaderTool tool;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(tmp.resolve("repo"));
    workspace = Files.createDirectories(tmp.resolve("workspace"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    write(outside.resolve("secret.txt"), "the-outside-secret\n");
    tool = new FileReaderTool(roots(root));
  }

  private ToolResult read(Object... pairs) throws Exception {
    return call(tool, workspace, pairs);
  }

  @Test
  void aSmallFileIsShownWholeWithLineNumbersAndAHeader() throws Exception {
    Path file = write(root.resolve("app.conf"), "port = 8080\nhost = 0.0.0.0\ndebug = false\n");

    ToolResult result = read("path", "app.conf");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith(file.toRealPath() + " — 3 lines, 41 B")
        .contains("Showing lines 1-3 (the whole file)")
        .contains("   1 | port = 8080\n   2 | host = 0.0.0.0\n   3 | debug = false\n");
  }

  @Test
  void aRangeShowsOnlyThoseLinesAndSaysHowToSeeMore() throws Exception {
    write(root.resolve("big.txt"), numberedLines(100));

    ToolResult result = read("path", "big.txt", "start_line", 10, "end_line", 20);

    assertThat(result.output())
        .contains("100 lines")
        .contains("Showing lines 10-20")
        .contains("  10 | line 10\n")
        .contains("  20 | line 20\n")
        .doesNotContain("| line 9\n")
        .doesNotContain("| line 21\n")
        .contains("\"start_line\": 21");
  }

  @Test
  void outputStopsAtMaxBytesAndNamesTheNextLine() throws Exception {
    write(root.resolve("big.txt"), numberedLines(1000));

    ToolResult result = read("path", "big.txt", "max_bytes", 100);

    assertThat(result.output())
        .contains("Showing lines 1-13 (stopped at max_bytes=100)")
        .contains("\"start_line\": 14")
        .doesNotContain("| line 14\n");
  }

  @Test
  void aStartLinePastTheEndIsAnErrorThatGivesTheLength() throws Exception {
    write(root.resolve("short.txt"), numberedLines(5));

    ToolResult result = read("path", "short.txt", "start_line", 50);

    assertThat(result.isError()).isTrue();
    assertThat(result.error()).contains("start_line 50 is past the end").contains("has 5 lines");
  }

  @Test
  void anEndLineBeforeTheStartLineIsAnError() throws Exception {
    write(root.resolve("short.txt"), numberedLines(5));

    ToolResult result = read("path", "short.txt", "start_line", 4, "end_line", 2);

    assertThat(result.error()).contains("end_line (2) is before start_line (4)");
  }

  @Test
  void aVeryLongLineIsCut() throws Exception {
    write(root.resolve("min.js"), "var a = 1; ".repeat(500) + "\n");
    // One token of 5,000 characters (a key, a blob) is not shown in part: no head of it at all.
    write(root.resolve("blob.txt"), "x".repeat(5000) + "\n");

    ToolResult result = read("path", "min.js");

    // 5,500 characters; the 1,001st is a blank, so the cut falls at 1,000 as asked.
    assertThat(result.output()).contains("[line cut: 4500 more characters]");
    assertThat(read("path", "blob.txt").output())
        .contains("[line cut: 5000 more characters]")
        .doesNotContain("xxxxxxxxxx");
  }

  @Test
  void anEmptyFileIsNoData() throws Exception {
    write(root.resolve("empty.txt"), "");

    assertThat(read("path", "empty.txt").status()).isEqualTo(ToolResult.Status.NO_DATA);
  }

  @Test
  void dotDotOutOfTheRootIsRefused() throws Exception {
    ToolResult result = read("path", "../outside/secret.txt");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains("outside the allowed roots")
        .contains(root.toRealPath().toString())
        .contains("OATS_FILE_ROOTS");
    assertThat(result.output()).doesNotContain("the-outside-secret");
  }

  @Test
  void anAbsolutePathOutsideTheRootsIsRefused() throws Exception {
    ToolResult result = read("path", outside.resolve("secret.txt").toString());

    assertThat(result.error()).contains("outside the allowed roots");
    assertThat(result.output()).isEmpty();
  }

  @Test
  void aMissingPathOutsideTheRootsIsRefusedRatherThanListed() throws Exception {
    ToolResult result = read("path", "../outside/nothing-here.txt");

    assertThat(result.error()).contains("outside the allowed roots").doesNotContain("secret.txt");
  }

  @Test
  void aSymbolicLinkToAFileOutsideTheRootsIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("innocent.txt"), outside.resolve("secret.txt"));

    ToolResult result = read("path", "innocent.txt");

    assertThat(result.error())
        .contains("outside the allowed roots")
        .contains("resolves to " + outside.toRealPath().resolve("secret.txt"));
    assertThat(result.output()).doesNotContain("the-outside-secret");
  }

  @Test
  void aSymbolicLinkToADirectoryOutsideTheRootsIsRefused() throws Exception {
    Files.createSymbolicLink(root.resolve("docs"), outside);

    assertThat(read("path", "docs/secret.txt").error()).contains("outside the allowed roots");
    assertThat(read("path", "docs").error()).contains("outside the allowed roots");
  }

  @Test
  void aSymbolicLinkThatStaysInsideTheRootsIsFollowed() throws Exception {
    write(root.resolve("config/real.yaml"), "a: 1\n");
    Files.createSymbolicLink(root.resolve("current.yaml"), root.resolve("config/real.yaml"));

    assertThat(read("path", "current.yaml").output()).contains("   1 | a: 1");
  }

  @Test
  void theWorkspaceIsAnAllowedRoot() throws Exception {
    Path report = write(workspace.resolve("notes.txt"), "written by a tool\n");

    assertThat(read("path", report.toString()).output()).contains("written by a tool");
    assertThat(read("path", "notes.txt").output()).contains("written by a tool");
  }

  @Test
  void rootsComeFromTheSettingSeparatedByCommasOrThePathSeparator() throws Exception {
    Path second = Files.createDirectories(tmp.resolve("second"));
    Path third = Files.createDirectories(tmp.resolve("third"));
    write(second.resolve("b.txt"), "in second\n");
    write(third.resolve("c.txt"), "in third\n");
    String setting = root + "," + second + File.pathSeparator + third;
    FileReaderTool configured =
        new FileReaderTool(AllowedRoots.fromSettings(Map.of(AllowedRoots.SETTING, setting)));

    assertThat(call(configured, workspace, "path", second.resolve("b.txt").toString()).output())
        .contains("in second");
    assertThat(call(configured, workspace, "path", "c.txt").output()).contains("in third");
    assertThat(
            call(configured, workspace, "path", outside.resolve("secret.txt").toString()).error())
        .contains("outside the allowed roots");
  }

  @Test
  void withoutTheSettingTheWorkingDirectoryIsTheRoot() {
    AllowedRoots roots = AllowedRoots.fromSettings(Map.of());

    assertThat(roots.primary()).isEqualTo(Path.of("").toAbsolutePath());
  }

  @Test
  void aBinaryFileIsRefusedWithItsTypeAndSize() throws Exception {
    byte[] png = new byte[2048];
    System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, png, 0, 8);
    write(root.resolve("logo.png"), png);

    ToolResult result = read("path", "logo.png");

    assertThat(result.error()).contains("binary file (PNG image, 2.0 KB)");
  }

  @Test
  void nulBytesMakeAFileBinaryEvenWithoutAKnownSignature() throws Exception {
    write(root.resolve("data.bin"), new byte[] {'a', 'b', 0, 'c'});

    assertThat(read("path", "data.bin").error()).contains("binary file (binary data, 4 B)");
  }

  @Test
  void invalidUtf8MakesAFileBinary() throws Exception {
    write(root.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});

    assertThat(read("path", "latin1.txt").error()).contains("binary file");
  }

  @Test
  void utf8TextWithMultibyteCharactersIsText() throws Exception {
    write(root.resolve("notes.md"), "café ✓ naïve 日本\n");

    assertThat(read("path", "notes.md").output()).contains("   1 | café ✓ naïve 日本");
  }

  @Test
  void aDirectoryIsListedWithTypesAndSizes() throws Exception {
    write(root.resolve("deploy/app.yaml"), "kind: Pod\n");
    Files.createDirectories(root.resolve("deploy/overlays"));
    Files.createSymbolicLink(root.resolve("deploy/current"), Path.of("app.yaml"));

    ToolResult result = read("path", "deploy");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("is a directory with 3 entries")
        .containsPattern("dir +- +overlays/")
        .containsPattern("file +10 B +app\\.yaml")
        .containsPattern("link +- +current -> app\\.yaml");
    assertThat(result.output().indexOf("overlays/"))
        .isLessThan(result.output().indexOf("app.yaml"));
  }

  @Test
  void anEmptyDirectoryIsNoData() throws Exception {
    Files.createDirectories(root.resolve("empty"));

    assertThat(read("path", "empty").status()).isEqualTo(ToolResult.Status.NO_DATA);
  }

  @Test
  void aMissingFileNamesTheNearestExistingDirectoryAndWhatItHolds() throws Exception {
    write(root.resolve("deploy/app.yaml"), "kind: Pod\n");
    write(root.resolve("deploy/service.yaml"), "kind: Service\n");

    ToolResult result = read("path", "deploy/overlays/prod/app.yml");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains(
            "No such file or directory: "
                + root.toRealPath().resolve("deploy/overlays/prod/app.yml"))
        .contains("nearest existing directory is " + root.toRealPath().resolve("deploy"))
        .contains("app.yaml, service.yaml");
  }

  @Test
  void aDanglingSymbolicLinkIsReportedAsSuch() throws Exception {
    Files.createSymbolicLink(root.resolve("gone"), root.resolve("nowhere"));

    assertThat(read("path", "gone").error()).contains("symbolic link whose target does not exist");
  }
}
