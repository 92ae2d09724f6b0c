package dev.oats.eval.score;

/**
 * What became of one expected fact in one run.
 *
 * @param fact the fact's name
 * @param patterns its patterns, as written
 * @param inReport whether the report states it
 * @param shownIn where the model was first shown it ("turn 2 kubectl_info {…}"), or null when no
 *     tool result the model received ever held it
 * @param removedLater where the context budget later removed it from what the model saw (the
 *     request number from which on it was gone), or null when it stayed
 * @param conclusion whether the fact is a conclusion, not looked for in tool results
 */
public record FactCheck(
    String fact,
    String patterns,
    boolean inReport,
    String shownIn,
    String removedLater,
    boolean conclusion) {

  /** Whether the evidence check holds: a conclusion needs none, any other fact a tool result. */
  public boolean evidenced() {
    return conclusion || reachedModel();
  }

  public boolean reachedModel() {
    return shownIn != null;
  }

  /** One line for a failing scenario's explanation. */
  public String explain() {
    if (inReport) {
      return "found in the report: " + fact;
    }
    if (conclusion) {
      return "MISSING from the report: " + fact + " (" + patterns + "), a conclusion to draw";
    }
    if (!reachedModel()) {
      return "MISSING from the report and NEVER shown to the model: "
          + fact
          + " ("
          + patterns
          + ") — no tool result as sent held it: an evidence gap in the tools or the investigation";
    }
    return "MISSING from the report although shown to the model in "
        + shownIn
        + (removedLater == null
            ? " and still in its context at the end"
            : "; the context budget removed it from request " + removedLater + " on")
        + ": "
        + fact;
  }
}
