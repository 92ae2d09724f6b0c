package dev.oats.eval.score;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.config.OatsConfig;
import dev.oats.eval.EvalReport;
import dev.oats.eval.EvalRunner;
import dev.oats.eval.replay.ModelScript;
import dev.oats.eval.replay.ReplayModel;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.model.ChatModel;
import dev.oats.model.Usage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The evidence check reads what the model was actually sent: a fact shown in an early tool result
 * and later cut by the context budget is reported as shown, in which call, and removed from which
 * request on; with room enough it stays to the end.
 */
class EvidenceCheckTest {

  private static final Path SCENARIO = Path.of("..", "scenarios", "crashloop-missing-env");
  private static final String POD = "checkout-api-7d9f8c6b5-x2k4q";
  private static final String FACT = "the missing variable is DATABASE_URL";

  @Test
  void aFactTheContextBudgetCutLaterIsShownAsShownThenRemoved() throws IOException {
    EvalReport report = run("2000");

    FactCheck fact = fact(report);
    assertThat(fact.inReport()).isFalse();
    assertThat(fact.shownIn()).startsWith("turn 1 kubectl_info {\"action\":\"logs\"");
    assertThat(fact.removedLater()).isEqualTo("3");
    assertThat(report.failures())
        .contains(
            "MISSING from the report although shown to the model in turn 1 kubectl_info"
                + " {\"action\":\"logs\"")
        .contains("; the context budget removed it from request 3 on: " + FACT);
    assertThat(report.markdown()).contains("| from request 3 |");
  }

  @Test
  void withRoomEnoughTheFactStaysInTheModelsViewToTheEnd() throws IOException {
    EvalReport report = run("12000");

    FactCheck fact = fact(report);
    assertThat(fact.shownIn()).startsWith("turn 1 kubectl_info");
    assertThat(fact.removedLater()).isNull();
    assertThat(report.failures()).contains("and still in its context at the end: " + FACT);
  }

  /** Reads the crashed run's log first, then three more calls, then a report without the cause. */
  private static EvalReport run(String budget) throws IOException {
    ModelScript script =
        new ModelScript(
            "scripted",
            List.of(
                call(args().put("action", "logs").put("name", POD).put("previous", true)),
                call(args().put("action", "describe").put("resource", "pod").put("name", POD)),
                call(args().put("action", "events")),
                call(
                    args()
                        .put("action", "describe")
                        .put("resource", "deployment")
                        .put("name", "checkout-api")),
                new ModelScript.Reply(
                    "",
                    List.of(
                        new ModelScript.Call(
                            "finish",
                            args().put("result", "## Root cause\nThe pod is in CrashLoopBackOff."),
                            null)),
                    Usage.ZERO)));
    EvalRunner.ModelSource models =
        new EvalRunner.ModelSource() {
          @Override
          public ChatModel model(Scenario scenario) {
            return new ReplayModel(script);
          }

          @Override
          public boolean replay() {
            return true;
          }
        };
    Map<String, String> environment = Map.of("OATS_CONTEXT_BUDGET", budget);
    EvalRunner runner =
        new EvalRunner(
            OatsConfig.load(environment, SCENARIO),
            environment,
            models,
            new EvalRunner.Options(1, false),
            Clock.systemUTC());
    return new EvalReport(
        "scripted", true, runner.run(List.of(ScenarioLoader.load(SCENARIO)), run -> {}));
  }

  private static FactCheck fact(EvalReport report) {
    assertThat(report.runs()).singleElement();
    return report.runs().getFirst().facts().stream()
        .filter(f -> f.fact().equals(FACT))
        .findFirst()
        .orElseThrow();
  }

  private static ObjectNode args() {
    return JsonNodeFactory.instance.objectNode();
  }

  private static ModelScript.Reply call(ObjectNode arguments) {
    return new ModelScript.Reply(
        "", List.of(new ModelScript.Call("kubectl_info", arguments, null)), Usage.ZERO);
  }
}
