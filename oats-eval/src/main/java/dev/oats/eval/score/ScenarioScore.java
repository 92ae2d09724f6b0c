package dev.oats.eval.score;

import dev.oats.model.Usage;
import java.util.List;

/**
 * A scenario's runs summed up. With n runs of which c passed, for k = n: pass@1 is c/n, pass@k the
 * chance that at least one of k runs passes (1 − C(n−c,k)/C(n,k)), pass^k the chance that all k
 * pass (C(c,k)/C(n,k)): the first rewards a model that can find the cause, the second one that
 * finds it every time.
 *
 * @param scenario the scenario's name, or "TOTAL"
 * @param runs the runs
 * @param passed how many passed
 * @param diverged how many replays diverged
 * @param passAt1 c/n
 * @param passAtK at least one of k passes
 * @param passHatK all k pass
 * @param turns mean turns per run
 * @param usage tokens summed over the runs
 * @param cost money summed over the runs, or null when unknown
 * @param millis time summed over the runs
 */
public record ScenarioScore(
    String scenario,
    int runs,
    int passed,
    int diverged,
    double passAt1,
    double passAtK,
    double passHatK,
    double turns,
    Usage usage,
    Double cost,
    long millis) {

  /** The score of one scenario's runs (k = the number of runs). */
  public static ScenarioScore of(String scenario, List<RunResult> runs) {
    int n = runs.size();
    int c = (int) runs.stream().filter(RunResult::passed).count();
    int diverged =
        (int) runs.stream().filter(r -> r.outcome() == RunResult.Outcome.DIVERGED).count();
    Usage usage = runs.stream().map(RunResult::usage).reduce(Usage.ZERO, Usage::plus);
    Double cost =
        runs.stream().anyMatch(r -> r.cost() == null)
            ? null
            : runs.stream().mapToDouble(RunResult::cost).sum();
    return new ScenarioScore(
        scenario,
        n,
        c,
        diverged,
        n == 0 ? 0 : (double) c / n,
        1.0 - ratio(n - c, n, n),
        ratio(c, n, n),
        runs.stream().mapToInt(RunResult::turns).average().orElse(0),
        usage,
        cost,
        runs.stream().mapToLong(RunResult::millis).sum());
  }

  /** The total over scenarios: pass rates are the means of the scenarios' rates. */
  public static ScenarioScore total(List<ScenarioScore> scores) {
    Usage usage = scores.stream().map(ScenarioScore::usage).reduce(Usage.ZERO, Usage::plus);
    Double cost =
        scores.stream().anyMatch(s -> s.cost() == null)
            ? null
            : scores.stream().mapToDouble(ScenarioScore::cost).sum();
    return new ScenarioScore(
        "TOTAL",
        scores.stream().mapToInt(ScenarioScore::runs).sum(),
        scores.stream().mapToInt(ScenarioScore::passed).sum(),
        scores.stream().mapToInt(ScenarioScore::diverged).sum(),
        scores.stream().mapToDouble(ScenarioScore::passAt1).average().orElse(0),
        scores.stream().mapToDouble(ScenarioScore::passAtK).average().orElse(0),
        scores.stream().mapToDouble(ScenarioScore::passHatK).average().orElse(0),
        scores.stream().mapToDouble(ScenarioScore::turns).average().orElse(0),
        usage,
        cost,
        scores.stream().mapToLong(ScenarioScore::millis).sum());
  }

  /** C(a,k)/C(n,k), the chance that k draws without replacement from n all come from a. */
  static double ratio(int a, int n, int k) {
    if (a < k) {
      return 0;
    }
    double value = 1;
    for (int i = 0; i < k; i++) {
      value *= (double) (a - i) / (n - i);
    }
    return value;
  }
}
