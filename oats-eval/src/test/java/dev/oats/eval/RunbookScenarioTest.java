package dev.oats.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.eval.score.RunResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario where an alert's runbook decides the first step: its goal is written from the alert
 * as the server writes it, with the team's runbook as the procedure; the replay follows it (the
 * pgbouncer Deployment first) and the report names the runbook.
 */
class RunbookScenarioTest {

  static final Path SCENARIO = ScenarioSuiteTest.SUITE.resolve("runbook-first-step");

  @Test
  void theAlertsRunbookIsTheProcedureOfTheFirstPromptAndTheReplayFollowsIt() throws Exception {
    Scenario scenario = ScenarioLoader.load(SCENARIO);
    EvalRunner runner =
        new EvalRunner(
            OatsConfig.load(Map.of(), ScenarioSuiteTest.SUITE),
            Map.of(),
            EvalRunner.replays(),
            new EvalRunner.Options(1, false),
            Clock.systemUTC());

    RunResult run = runner.run(List.of(scenario), r -> {}).getFirst();

    assertThat(run.passed()).as(run.problems().toString()).isTrue();
    assertThat(run.transcript())
        .startsWith(
            "# Alert KubePodCrashLooping is firing (severity critical) in namespace payments")
        .contains("## The team's runbook: payments-crashloop")
        .contains("the team's own procedure");
    assertThat(run.transcript().lines().filter(l -> l.startsWith("## turn")).findFirst())
        .hasValueSatisfying(
            first -> assertThat(first).contains("kubectl_info").contains("\"name\":\"pgbouncer\""));
    assertThat(run.report()).contains("Runbook followed: payments-crashloop");
  }

  @Test
  void withoutTheRunbookTheGoalHasNoProcedure(@TempDir Path elsewhere) throws Exception {
    Scenario scenario = ScenarioLoader.load(SCENARIO);
    Scenario withoutRunbooks =
        new Scenario(
            elsewhere,
            scenario.name(),
            scenario.goal(),
            scenario.namespace(),
            scenario.tags(),
            scenario.difficulty(),
            scenario.maxTurns(),
            scenario.capturedAt(),
            scenario.alert(),
            scenario.expected());

    assertThat(EvalRunner.goal(scenario)).contains("## The team's runbook: payments-crashloop");
    assertThat(EvalRunner.goal(withoutRunbooks))
        .startsWith("Alert KubePodCrashLooping is firing")
        .doesNotContain("runbook:");
  }
}
