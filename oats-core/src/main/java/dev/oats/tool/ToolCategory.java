package dev.oats.tool;

/** The family a tool belongs to. */
public enum ToolCategory {
  KUBERNETES,
  OBSERVABILITY,
  LOGS,
  CODE,
  FILES,
  SHELL,
  WEB,
  /** Tools that steer the investigation itself, such as {@code finish}. */
  CONTROL,
  OTHER
}
