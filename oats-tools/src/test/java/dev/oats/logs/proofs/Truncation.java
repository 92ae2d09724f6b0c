package dev.oats.logs.proofs;

/**
 * What other agents hand a model instead of a long log, at the same size as our summary: the first
 * and last halves of the budget (head+tail), or the last budget's worth (tail). Cut to the
 * character, which is the most these baselines can show in the budget.
 */
public final class Truncation {

  private Truncation() {}

  /** The first {@code budget / 2} and the last {@code budget - budget / 2} characters. */
  public static String headTail(String log, int budget) {
    if (log.length() <= budget) {
      return log;
    }
    int head = budget / 2;
    return log.substring(0, head) + log.substring(log.length() - (budget - head));
  }

  /** The last {@code budget} characters. */
  public static String tail(String log, int budget) {
    return log.length() <= budget ? log : log.substring(log.length() - budget);
  }
}
