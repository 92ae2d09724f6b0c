package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oats eval} live against a model speaking Anthropic's wire format, recording the model
 * side, then replaying it; a diverged replay and a failing report explain themselves.
 */
class EvalCommandTest {

  private static final Path SCENARIO = Path.of("..", "scenarios", "crashloop-missing-env");
  private static final String POD = "checkout-api-7d9f8c6b5-x2k4q";

  @TempDir Path dir;

  @Test
  void aLiveRunIsScoredAndRecordedThenReplays() throws IOException {
    Path scenario = copy();
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      model.enqueue(
          ScriptedReply.toolCall("kubectl_info", "{\"action\":\"list\",\"resource\":\"pods\"}")
              .withUsage(1200, 60, 0, 0),
          ScriptedReply.toolCall(
              "kubectl_info", "{\"action\":\"logs\",\"name\":\"" + POD + "\",\"previous\":true}"),
          finish("DATABASE_URL is not set, so the container exits: CrashLoopBackOff."));

      CliRun run =
          CliRun.run(
              live(model),
              "eval",
              scenario.toString(),
              "--record",
              "--out",
              dir.resolve("out").toString());

      assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("crashloop-missing-env").contains("1/1").contains("$");
      assertThat(Files.readString(dir.resolve("out/report.md")))
          .contains("| crashloop-missing-env | 1 | the missing variable is DATABASE_URL | yes |")
          .contains("turn 2 kubectl_info");
      assertThat(Files.readString(dir.resolve("out/results.json"))).contains("\"passAt1\" : 1.0");
    }
    String recorded = Files.readString(scenario.resolve("replay/model.yaml"));
    assertThat(recorded).contains("model: anthropic/").contains("status: success");

    CliRun replay =
        CliRun.run(
            Map.of(),
            "eval",
            scenario.toString(),
            "--replay",
            "--out",
            dir.resolve("replayed").toString());

    assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
    assertThat(replay.out()).contains("1/1");
  }

  @Test
  void aReplayTheLoopNoLongerFollowsIsReportedAsDiverged() throws IOException {
    Path scenario = copy();
    Path script = scenario.resolve("replay/model.yaml");
    // Without its finish reply, the loop asks the recording for a reply it does not have.
    String text = Files.readString(script);
    Files.writeString(script, text.substring(0, text.indexOf("  - calls:\n      - tool: finish")));

    CliRun run =
        CliRun.run(
            Map.of(),
            "eval",
            scenario.toString(),
            "--replay",
            "--out",
            dir.resolve("out").toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out())
        .contains("DIVERGED")
        .contains("replay diverged: the loop asked for reply 4 but the recording has 3");
  }

  @Test
  void aFailingScenarioSaysWhichFactsWereMissingAndWhetherTheModelSawThem() throws IOException {
    Path scenario = copy();
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      model.enqueue(
          ScriptedReply.toolCall(
              "kubectl_info", "{\"action\":\"logs\",\"name\":\"" + POD + "\",\"previous\":true}"),
          finish("The pod is in CrashLoopBackOff; probably a bad release."));

      CliRun run =
          CliRun.run(
              live(model), "eval", scenario.toString(), "--out", dir.resolve("out").toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out())
          .contains("crashloop-missing-env run 1: FAIL")
          .contains(
              "MISSING from the report although shown to the model in turn 1 kubectl_info"
                  + " {\"action\":\"logs\"")
          .contains("the missing variable is DATABASE_URL");
    }
  }

  @Test
  void aFactNoToolResultEverHeldIsAnEvidenceGap() throws IOException {
    Path scenario = copy();
    try (FakeAnthropicServer model = FakeAnthropicServer.start()) {
      model.enqueue(finish("Something is wrong with checkout-api."));

      CliRun run =
          CliRun.run(
              live(model), "eval", scenario.toString(), "--out", dir.resolve("out").toString());

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out())
          .contains("MISSING from the report and NEVER shown to the model")
          .contains("a required tool was never used: kubectl_info");
    }
  }

  @Test
  void badInputSaysWhatToFix() throws IOException {
    Path scenario = copy();
    Files.writeString(scenario.resolve("expected.yaml"), "facts:\n  - nmae: typo\n");

    CliRun run = CliRun.run(Map.of(), "eval", scenario.toString(), "--replay");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("unknown field 'nmae'");
  }

  private static ScriptedReply finish(String report) {
    return ScriptedReply.toolCall(
        "finish", "{\"result\":\"## Root cause\\n" + report.replace("\"", "\\\"") + "\"}");
  }

  private Map<String, String> live(FakeAnthropicServer model) {
    Map<String, String> env = new HashMap<>();
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-key-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    return env;
  }

  private Path copy() throws IOException {
    Path target = dir.resolve("crashloop-missing-env");
    try (Stream<Path> paths = Files.walk(SCENARIO)) {
      for (Path source : paths.sorted(Comparator.naturalOrder()).toList()) {
        Path to = target.resolve(SCENARIO.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(to);
        } else {
          Files.copy(source, to);
        }
      }
    }
    return target;
  }
}
