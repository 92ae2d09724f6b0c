package dev.oats.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * A capability the agent can call.
 *
 * <p>A tool is a small class: a {@link ToolDefinition} (a name, a description that tells a model
 * when and how to use it, a JSON Schema for its arguments, a category), the side effect of a call,
 * and {@link #execute}. Arguments reach {@code execute} already validated against {@link
 * #parameters()}. A tool reports outcomes as {@link ToolResult} values; anything it throws becomes
 * an error observation and the investigation goes on.
 */
public interface Tool {

  /**
   * The name, description, category and parameter schema: what a model is told about the tool.
   * Built once, usually a constant.
   */
  ToolDefinition definition();

  /** The name a model calls it by: lower case with underscores, unique in the registry. */
  default String name() {
    return definition().name();
  }

  /** What it does, when to use it, and an example call, written for a model. */
  default String description() {
    return definition().description();
  }

  /** A JSON Schema of type {@code object} describing the arguments; a copy each call. */
  default ObjectNode parameters() {
    return definition().parameters();
  }

  /** The family it belongs to, for listings and for the UI. */
  default ToolCategory category() {
    return definition().category();
  }

  /**
   * What this particular call would do to the world. Read-only calls run; the others wait for an
   * approval unless writes are allowed. Tools whose effect depends on the arguments (a shell
   * command, say) classify the call here.
   */
  default SideEffect sideEffect(ObjectNode arguments) {
    return SideEffect.READ_ONLY;
  }

  /**
   * The parts of this call that make it need an approval, named for the person who decides: {@code
   * kubectl delete}, {@code kubectl rollout restart}, {@code a redirect (> out.txt)}. Empty when
   * the tool cannot say more than its {@link #sideEffect side effect}.
   */
  default java.util.List<String> approvalReasons(ObjectNode arguments) {
    return java.util.List.of();
  }

  /** How long one call may run before the executor stops it. */
  default Duration timeout() {
    return Duration.ofSeconds(60);
  }

  /** Runs the call. */
  ToolResult execute(ObjectNode arguments, ToolContext context) throws Exception;
}
