package dev.oats.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.eval.score.FactCheck;
import dev.oats.eval.score.RunResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every scenario shipped in {@code scenarios/} replays its recorded model side against its scenario
 * cluster and passes: each expected fact is in the report and reached the model from a tool result.
 */
class ScenarioSuiteTest {

  static final Path SUITE = Path.of("..", "scenarios");

  @Test
  void everyShippedScenarioPassesInReplay() throws Exception {
    List<Scenario> scenarios = ScenarioLoader.find(List.of(SUITE));
    assertThat(scenarios).isNotEmpty();
    EvalRunner runner =
        new EvalRunner(
            OatsConfig.load(Map.of(), SUITE),
            Map.of(),
            EvalRunner.replays(),
            new EvalRunner.Options(1, false),
            Clock.systemUTC());

    EvalReport report = new EvalReport("replay", true, runner.run(scenarios, run -> {}));

    System.out.println(report.table());
    assertThat(report.failures()).isEmpty();
    assertThat(report.runs()).allMatch(RunResult::passed);
    // The facts must come from the tools, not only from the scripted report.
    assertThat(report.runs())
        .allSatisfy(run -> assertThat(run.facts()).allMatch(FactCheck::evidenced));
  }
}
