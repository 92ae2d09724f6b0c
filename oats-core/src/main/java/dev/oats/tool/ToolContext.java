package dev.oats.tool;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What a tool call may use, passed in rather than looked up.
 *
 * @param investigationId the investigation this call belongs to
 * @param workspace the directory where the call may write, and the default working directory
 * @param childEnvironment the environment for child processes, already scrubbed of secrets
 * @param deadline the moment the executor stops waiting for the call
 * @param cancelled true once the investigation has been cancelled; long tools should poll it
 */
public record ToolContext(
    String investigationId,
    Path workspace,
    Map<String, String> childEnvironment,
    Instant deadline,
    BooleanSupplier cancelled) {

  public ToolContext {
    childEnvironment = Map.copyOf(childEnvironment);
  }

  /** The same context with another deadline. */
  public ToolContext withDeadline(Instant newDeadline) {
    return new ToolContext(investigationId, workspace, childEnvironment, newDeadline, cancelled);
  }
}
