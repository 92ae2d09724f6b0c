package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a newcomer types first: {@code oats}, {@code oats COMMAND --help}, {@code oats -V}. */
class CliHelpTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "server",
        "agent",
        "investigate",
        "ask",
        "logs",
        "logs analyze",
        "logs templates",
        "tools",
        "config",
        "eval",
        "demo",
        "runbooks"
      })
  void everyCommandsHelpListsItsEnvironmentExitCodesAndAnExample(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");

    CliRun run = CliRun.run(Map.of(), args.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out())
        .startsWith("Usage: oats " + command)
        .contains("\nExit codes:\n  0 ")
        .contains("\nEnvironment")
        .containsPattern("\nExamples?:\n  ");
    assertThat(run.out().substring(run.out().indexOf("\nExample")))
        .contains("oats " + command.split(" ")[0]);
    // Picocli wraps a footer line over 80 columns at column 0: every line here is indented.
    String footer = run.out().substring(run.out().indexOf("\nExit codes:"));
    assertThat(footer.lines())
        .allSatisfy(line -> assertThat(line).matches("|  .*|Exit codes:|Environment.*|Examples?:"));
  }

  @Test
  void theServersHelpNamesTheModelKeysAndWhereTheApiKeyIsKept() {
    CliRun run = CliRun.run(Map.of(), "server", "--help");

    assertThat(run.out())
        .contains("ANTHROPIC_API_KEY")
        .contains("OATS_DATA_DIR/api-keys")
        .contains("OATS_API_KEYS");
  }

  @Test
  void bareOatsListsEveryCommandWithItsWholeSummary() {
    CliRun run = CliRun.run(Map.of());

    assertThat(run.exitCode()).isZero();
    int start = run.out().indexOf("Commands:\n") + 10;
    String commands = run.out().substring(start, run.out().indexOf("\n\n", start));
    List<String> entries = new ArrayList<>();
    for (String line : commands.split("\n")) {
      if (line.startsWith("  ") && !line.startsWith("   ")) {
        entries.add(line.strip());
      } else {
        entries.set(entries.size() - 1, entries.getLast() + " " + line.strip());
      }
    }
    assertThat(entries)
        .extracting(e -> e.split(" ")[0])
        .containsExactly(
            "server",
            "agent",
            "investigate",
            "ask",
            "logs",
            "tools",
            "config",
            "eval",
            "demo",
            "runbooks",
            "help");
    assertThat(entries).allSatisfy(entry -> assertThat(entry).endsWith("."));
  }

  @Test
  void versionIsTheBuiltVersionNotDev() {
    CliRun run = CliRun.run(Map.of(), "-V");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).containsPattern("^oats \\d+\\.\\d+\\.\\d+").doesNotContain("dev");
    assertThat(run.out()).doesNotContain("${");
    assertThat(CliRun.run(Map.of(), "server", "--version").out()).isEqualTo(run.out());
  }

  @Test
  void helpOnARealTerminalNeedsNoGoalAndNoModel() throws Exception {
    PtyTerminal terminal =
        PtyTerminal.start(Map.of("PATH", System.getenv("PATH")), "investigate", "--help");

    assertThat(terminal.exitCode()).as(terminal.output()).isZero();
    assertThat(terminal.output())
        .contains("Usage: oats investigate")
        .contains("130   stopped by Ctrl-C")
        .doesNotContain("Missing required");
  }
}
