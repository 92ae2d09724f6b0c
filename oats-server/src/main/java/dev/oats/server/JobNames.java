package dev.oats.server;

/** The seed's Job name, {@code oats-agent-run-<8 hex>}, taken from the investigation's id. */
public final class JobNames {

  private JobNames() {}

  /** The first 8 hex digits of the investigation's UUID make its Job easy to find from either. */
  public static String of(String investigationId) {
    String hex = investigationId.replace("-", "");
    return "oats-agent-run-" + hex.substring(0, 8);
  }
}
