package dev.oats.tool;

/** What a tool call does to the world outside the agent. */
public enum SideEffect {
  /** Only reads. Runs without asking. */
  READ_ONLY,
  /** Changes something (a cluster object, a file outside the workspace). Needs approval. */
  MUTATING,
  /** Could not be classified with confidence. Treated like {@link #MUTATING}. */
  UNKNOWN
}
