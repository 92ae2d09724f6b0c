package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbooksCommandTest {

  @TempDir Path dir;

  @Test
  void listsRunbooksWithWhatTheyMatchAndReportsBrokenOnesWithFileAndReason() throws Exception {
    Files.writeString(
        dir.resolve("shop-crashloop.md"),
        "---\ndescription: Shop pods crash-looping\nmatch:\n  alertname: KubePodCrashLooping\n"
            + "  namespace: shop\n---\n1. Read the previous log.\n");
    Files.writeString(dir.resolve("no-description.md"), "---\nmatch:\n  alertname: X\n---\nx\n");

    CliRun run = CliRun.run(Map.of("OATS_RUNBOOKS_DIR", dir.toString()), "runbooks");

    assertThat(run.out())
        .contains("RUNBOOK")
        .containsPattern(
            "shop-crashloop +alertname=\"KubePodCrashLooping\", namespace=\"shop\" +Shop pods"
                + " crash-looping")
        .contains("1 runbook(s) in " + dir.toAbsolutePath());
    assertThat(run.err())
        .contains(
            "BROKEN: "
                + dir.resolve("no-description.md")
                + ": missing description: say in one line what the runbook is for");
    assertThat(run.exitCode()).isEqualTo(1);
  }

  @Test
  void allGoodExitsZeroAndWithoutAFolderSaysWhatToSet() throws Exception {
    Files.writeString(dir.resolve("a.md"), "---\ndescription: d\n---\nsteps\n");

    CliRun good = CliRun.run(Map.of(), "runbooks", "--dir", dir.toString());
    CliRun none = CliRun.run(Map.of(), "runbooks");

    assertThat(good.exitCode()).as(good.err()).isZero();
    assertThat(good.out()).containsPattern("a +\\(no match: found by description only\\) +d");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).contains("set OATS_RUNBOOKS_DIR");
  }
}
