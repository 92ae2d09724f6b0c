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
 * @param namespace the investigation's Kubernetes namespace, used by tools when a call names none;
 *     null when the investigation names none (tools then use the kubeconfig context's namespace)
 */
public record ToolContext(
    String investigationId,
    Path workspace,
    Map<String, String> childEnvironment,
    Instant deadline,
    BooleanSupplier cancelled,
    String namespace) {

  public ToolContext {
    childEnvironment = Map.copyOf(childEnvironment);
    namespace = namespace == null || namespace.isBlank() ? null : namespace.strip();
  }

  /** A context that names no namespace. */
  public ToolContext(
      String investigationId,
      Path workspace,
      Map<String, String> childEnvironment,
      Instant deadline,
      BooleanSupplier cancelled) {
    this(investigationId, workspace, childEnvironment, deadline, cancelled, null);
  }

  /** The same context with another deadline. */
  public ToolContext withDeadline(Instant newDeadline) {
    return new ToolContext(
        investigationId, workspace, childEnvironment, newDeadline, cancelled, namespace);
  }

  /** The namespace a call should use when it names none: the investigation's, else the fallback. */
  public String namespaceOr(String fallback) {
    return namespace == null ? fallback : namespace;
  }
}
