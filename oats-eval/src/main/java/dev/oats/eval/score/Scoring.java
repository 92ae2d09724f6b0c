package dev.oats.eval.score;

import dev.oats.agent.FinishTool;
import dev.oats.agent.RunSummary;
import dev.oats.eval.scenario.Expected;
import java.util.ArrayList;
import java.util.List;

/** Turns a run's summary and fact checks into problems: empty when the run passes. */
public final class Scoring {

  private Scoring() {}

  public static List<String> problems(
      Expected expected, RunSummary summary, String report, List<FactCheck> facts) {
    List<String> problems = new ArrayList<>();
    if (!summary.succeeded()) {
      problems.add("the investigation did not finish: " + summary.status());
    }
    for (FactCheck fact : facts) {
      if (!fact.inReport()) {
        problems.add(fact.explain());
      }
    }
    for (Expected.Fact claim : expected.mustNot()) {
      if (claim.foundIn(report)) {
        problems.add("the report claims what it must not: " + claim.name());
      }
    }
    for (String tool : expected.requiredTools()) {
      if (!summary.toolsUsed().containsKey(tool) && !tool.equals(FinishTool.NAME)) {
        problems.add("a required tool was never used: " + tool);
      }
    }
    for (String tool : expected.forbiddenTools()) {
      if (summary.toolsUsed().containsKey(tool)) {
        problems.add("a forbidden tool was used: " + tool);
      }
    }
    if (expected.maxTurns() > 0 && summary.turns() > expected.maxTurns()) {
      problems.add(
          "took %d turns; the budget is %d".formatted(summary.turns(), expected.maxTurns()));
    }
    return problems;
  }
}
