package dev.oats.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.eval.score.FactCheck;
import dev.oats.eval.score.RunResult;
import dev.oats.eval.score.ScenarioScore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of an eval as a terminal table, a Markdown report and JSON: per scenario and in
 * total, then, for every run that did not pass, why.
 *
 * @param model the model's label (or the replay's)
 * @param replay whether the model side was replayed
 * @param runs every run's result
 */
public record EvalReport(String model, boolean replay, List<RunResult> runs) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public EvalReport {
    runs = List.copyOf(runs);
  }

  public List<ScenarioScore> scores() {
    Map<String, List<RunResult>> byScenario = new LinkedHashMap<>();
    runs.forEach(r -> byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r));
    return byScenario.entrySet().stream()
        .map(e -> ScenarioScore.of(e.getKey(), e.getValue()))
        .toList();
  }

  public ScenarioScore total() {
    return ScenarioScore.total(scores());
  }

  /** Whether every run passed. */
  public boolean allPassed() {
    return runs.stream().allMatch(RunResult::passed);
  }

  /** The terminal table. */
  public String table() {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "SCENARIO",
          "PASS",
          "PASS@1",
          "PASS@K",
          "PASS^K",
          "TURNS",
          "IN",
          "OUT",
          "CACHE",
          "COST",
          "TIME"
        });
    List<ScenarioScore> scores = new ArrayList<>(scores());
    scores.add(total());
    for (ScenarioScore s : scores) {
      rows.add(
          new String[] {
            s.scenario(),
            s.passed() + "/" + s.runs() + (s.diverged() > 0 ? " (" + s.diverged() + " div)" : ""),
            percent(s.passAt1()),
            percent(s.passAtK()),
            percent(s.passHatK()),
            String.format(Locale.ROOT, "%.1f", s.turns()),
            String.format(Locale.ROOT, "%,d", s.usage().inputTokens()),
            String.format(Locale.ROOT, "%,d", s.usage().outputTokens()),
            String.format(
                Locale.ROOT, "%,d", s.usage().cacheReadTokens() + s.usage().cacheWriteTokens()),
            s.cost() == null ? "-" : String.format(Locale.ROOT, "$%.4f", s.cost()),
            String.format(Locale.ROOT, "%.1fs", s.millis() / 1000.0)
          });
    }
    int[] widths = new int[rows.getFirst().length];
    rows.forEach(
        row -> {
          for (int i = 0; i < row.length; i++) {
            widths[i] = Math.max(widths[i], row[i].length());
          }
        });
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        out.append(i == 0 ? pad(row[i], widths[i]) : "  " + padLeft(row[i], widths[i]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Why each run that did not pass failed, fact by fact. */
  public String failures() {
    StringBuilder out = new StringBuilder();
    for (RunResult run : runs) {
      if (run.passed()) {
        continue;
      }
      out.append(run.scenario())
          .append(" run ")
          .append(run.run())
          .append(": ")
          .append(run.outcome())
          .append('\n');
      run.problems().forEach(p -> out.append("  - ").append(p).append('\n'));
    }
    return out.toString();
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("# OATS eval\n\n");
    md.append("Model: `")
        .append(model)
        .append('`')
        .append(replay ? " (**replay** of recorded model sides, not a live model)" : "")
        .append("\n\n");
    md.append(
        "| scenario | pass | pass@1 | pass@k | pass^k | turns | tokens in | out | cache | cost |"
            + " time |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    List<ScenarioScore> scores = new ArrayList<>(scores());
    scores.add(total());
    for (ScenarioScore s : scores) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %s | %s | %s | %.1f | %,d | %,d | %,d | %s | %.1f s |%n",
              s.scenario().equals("TOTAL") ? "**total**" : s.scenario(),
              s.passed(),
              s.runs(),
              percent(s.passAt1()),
              percent(s.passAtK()),
              percent(s.passHatK()),
              s.turns(),
              s.usage().inputTokens(),
              s.usage().outputTokens(),
              s.usage().cacheReadTokens() + s.usage().cacheWriteTokens(),
              s.cost() == null ? "-" : String.format(Locale.ROOT, "$%.4f", s.cost()),
              s.millis() / 1000.0));
    }
    md.append("\n## Evidence\n\n");
    md.append(
        "| scenario | run | fact | in report | shown to the model in | removed by budget |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (RunResult run : runs) {
      for (FactCheck fact : run.facts()) {
        md.append("| ")
            .append(run.scenario())
            .append(" | ")
            .append(run.run())
            .append(" | ")
            .append(cell(fact.fact()))
            .append(" | ")
            .append(fact.inReport() ? "yes" : "**no**")
            .append(" | ")
            .append(
                fact.reachedModel()
                    ? cell(fact.shownIn())
                    : fact.conclusion() ? "(a conclusion)" : "**never**")
            .append(" | ")
            .append(fact.removedLater() == null ? "" : "from request " + fact.removedLater())
            .append(" |\n");
      }
    }
    String failures = failures();
    if (!failures.isEmpty()) {
      md.append("\n## Failures\n\n```\n").append(failures).append("```\n");
    }
    return md.toString();
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode().put("model", model).put("replay", replay);
    ArrayNode scenarios = root.putArray("scenarios");
    scores().forEach(s -> scenarios.add(JSON.valueToTree(s)));
    root.set("total", JSON.valueToTree(total()));
    root.set("runs", JSON.valueToTree(runs));
    try {
      return JSON.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.0f%%", value * 100);
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }
}
