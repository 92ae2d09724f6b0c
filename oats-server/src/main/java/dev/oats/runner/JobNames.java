package dev.oats.runner;

/** The seed's Job name, {@code oats-agent-run-<8 hex>}, taken from the investigation's id. */
public final class JobNames {

  private JobNames() {}

  /** The first 8 hex digits of the investigation's UUID make its Job easy to find from either. */
  public static String of(String investigationId) {
    String hex = investigationId.replace("-", "");
    return "oats-agent-run-" + hex.substring(0, 8);
  }

  /**
   * The Job of a later run (a follow-up, or a run resumed after an approval): the seed's name with
   * the number of the log's last event before it, which is unique because every later run follows
   * an event of its own (the question, or the decision).
   */
  public static String of(String investigationId, long lastSeq) {
    return lastSeq == 0 ? of(investigationId) : of(investigationId) + "-" + lastSeq;
  }
}
