package dev.oats.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What a model is told about a tool, and where the tool is listed: the four facts every tool
 * states, held once instead of in four getters.
 *
 * @param name the name a model calls it by: lower case with underscores, unique in the registry
 * @param description what it does, when to use it, and an example call, written for a model
 * @param category the family it belongs to, for listings and for the UI
 * @param parameters a JSON Schema of type {@code object} describing the arguments (built with
 *     {@link ParameterSchema} for the built-in tools); copied in and out, so no caller can change
 *     it
 */
public record ToolDefinition(
    String name, String description, ToolCategory category, ObjectNode parameters) {

  public ToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(category, "category");
    parameters = Objects.requireNonNull(parameters, "parameters").deepCopy();
  }

  /** A copy of the schema: adapters and validators may annotate what they are given. */
  @Override
  public ObjectNode parameters() {
    return parameters.deepCopy();
  }
}
