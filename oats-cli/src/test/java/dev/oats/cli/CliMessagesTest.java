package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command says when something is wrong, and what {@code oats tools} names. */
class CliMessagesTest {

  @TempDir Path dir;

  @Test
  void aMissingLogFileIsOneReadableLine() {
    Path missing = dir.resolve("nope.log");

    CliRun run = CliRun.run(Map.of(), "logs", "analyze", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("ERROR: cannot read " + missing + ": no such file\n");
  }

  @Test
  void aBadOptionSaysWhatIsWrongAndWhereHelpIsWithoutTheWholeUsage() throws Exception {
    Path log = Files.writeString(dir.resolve("app.log"), "started\n");

    CliRun run = CliRun.run(Map.of(), "logs", "analyze", log.toString(), "--since", "yesterday");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("ERROR: not a time: 'yesterday'")
        .endsWith("See 'oats logs analyze --help'.\n")
        .doesNotContain("Usage:");
    CliRun typo = CliRun.run(Map.of(), "investigat", "why?");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean: oats investigate").doesNotContain("Usage:");
  }

  @Test
  void toolsNamesEachToolsSourceWhatItDoesAndWhereYamlAndMcpToolsComeFrom() throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (!Files.exists(root.resolve("oats-tools"))) {
      root = root.getParent();
    }
    Path tools = Files.createDirectories(dir.resolve("tools"));
    Files.copy(
        root.resolve("oats-tools/src/test/resources/dev/oats/tools/custom/pod_disk_usage.yaml"),
        tools.resolve("pod_disk_usage.yaml"));

    CliRun run =
        CliRun.run(Map.of("OATS_TOOLS_DIR", tools.toString(), "HOME", dir.toString()), "tools");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .containsPattern(
            "(?m)^pod_disk_usage +yaml pod_disk_usage.yaml +enabled +Shows disk usage inside a"
                + " pod's container\\.$")
        .containsPattern("(?m)^finish +builtin +enabled +Ends the investigation")
        .containsPattern("(?m)^metrics_fetcher +builtin +disabled *$")
        .contains("    because OATS_PROMETHEUS_URL is not set")
        .contains("YAML tools:  1, from *.yaml in " + tools)
        .contains("MCP tools:   0, none configured (OATS_MCP_CONFIG");
  }
}
