package dev.oats.logs.proofs;

import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.LogAnalyzer;
import dev.oats.logs.LogSummary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores the summary of proven logs against head+tail and tail truncation of the same size: how
 * many proofs each keeps, per log and budget.
 */
public final class ProofScore {

  /** The budgets scored: from the smallest a model call would use up to the default and beyond. */
  public static final int[] BUDGETS = {1_000, 1_500, 2_000, 3_000, 4_000, 8_000};

  private ProofScore() {}

  /**
   * The score of one log at one budget.
   *
   * @param log the log's name
   * @param budget the characters each may take
   * @param proofs how many proofs the log has
   * @param summary how many the summary keeps
   * @param headTail how many head+tail keeps
   * @param tail how many tail keeps
   * @param missing the proofs the summary misses
   */
  public record Row(
      String log,
      int budget,
      int proofs,
      int summary,
      int headTail,
      int tail,
      List<String> missing) {}

  /** Scores one log at every budget. */
  public static List<Row> score(ProvenLog log, AnalyzerOptions options, Clock clock) {
    LogAnalyzer analyzer = new LogAnalyzer(options, clock);
    log.text().lines().forEach(analyzer::accept);
    LogSummary summary = analyzer.summary();
    List<Row> rows = new ArrayList<>();
    for (int budget : BUDGETS) {
      String text = summary.render(budget);
      rows.add(
          new Row(
              log.name(),
              budget,
              log.proofs().size(),
              log.found(text).size(),
              log.found(Truncation.headTail(log.text(), budget)).size(),
              log.found(Truncation.tail(log.text(), budget)).size(),
              log.missing(text)));
    }
    return rows;
  }

  /** The rows as a Markdown table, then a total per budget. */
  public static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("| log | budget | proofs | summary | head+tail | tail | summary misses |\n");
    b.append("|---|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      b.append(
          "| %s | %,d | %d | %d | %d | %d | %s |\n"
              .formatted(
                  r.log(),
                  r.budget(),
                  r.proofs(),
                  r.summary(),
                  r.headTail(),
                  r.tail(),
                  String.join("; ", r.missing())));
    }
    b.append("\n| budget | proofs | summary | head+tail | tail |\n|---:|---:|---:|---:|---:|\n");
    for (int budget : BUDGETS) {
      int proofs = 0, summary = 0, headTail = 0, tail = 0;
      for (Row r : rows) {
        if (r.budget() == budget) {
          proofs += r.proofs();
          summary += r.summary();
          headTail += r.headTail();
          tail += r.tail();
        }
      }
      b.append("| %,d | %d | %d | %d | %d |\n".formatted(budget, proofs, summary, headTail, tail));
    }
    return b.toString();
  }
}
