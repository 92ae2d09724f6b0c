package dev.oats.tool;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;

/**
 * Builds a tool's JSON Schema of type {@code object}, the one way the built-in tools write theirs.
 *
 * <p>Keys appear in the order they are called, because the serialised tool list is part of every
 * model request: the prompt cache and the token figures depend on its exact bytes.
 *
 * <pre>{@code
 * ParameterSchema.object()
 *     .string("command", p -> p.minLength(1).description("The command line to run."))
 *     .integer("timeout", p -> p.minimum(1).maximum(300).defaultValue(30).description("Seconds."))
 *     .required("command")
 *     .closed()
 *     .build();
 * }</pre>
 */
public final class ParameterSchema {

  private final ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");

  private ParameterSchema() {}

  /** An object schema with no properties yet. */
  public static ParameterSchema object() {
    return new ParameterSchema();
  }

  /** A string property with only a description. */
  public ParameterSchema string(String name, String description) {
    return string(name, p -> p.description(description));
  }

  /** A string property that may not be empty ({@code minLength} 1), with a description. */
  public ParameterSchema nonEmptyString(String name, String description) {
    return string(name, p -> p.minLength(1).description(description));
  }

  /** A string property; {@code details} adds its keys in order after {@code type}. */
  public ParameterSchema string(String name, Consumer<Property> details) {
    return property(name, "string", details);
  }

  /** An integer property; {@code details} adds its keys in order after {@code type}. */
  public ParameterSchema integer(String name, Consumer<Property> details) {
    return property(name, "integer", details);
  }

  /** A boolean property with only a description. */
  public ParameterSchema bool(String name, String description) {
    return bool(name, p -> p.description(description));
  }

  /** A boolean property; {@code details} adds its keys in order after {@code type}. */
  public ParameterSchema bool(String name, Consumer<Property> details) {
    return property(name, "boolean", details);
  }

  /** A property of any JSON Schema type. */
  public ParameterSchema property(String name, String type, Consumer<Property> details) {
    ObjectNode properties =
        schema.has("properties")
            ? (ObjectNode) schema.get("properties")
            : schema.putObject("properties");
    if (properties.has(name)) {
      throw new IllegalArgumentException("parameter " + name + " is declared twice");
    }
    details.accept(new Property(properties.putObject(name).put("type", type)));
    return this;
  }

  /**
   * The properties a call must give; writes the {@code required} list even when empty, and a name
   * must already be declared.
   */
  public ParameterSchema required(String... names) {
    ArrayNode required =
        schema.has("required") ? (ArrayNode) schema.get("required") : schema.putArray("required");
    for (String name : names) {
      if (!schema.path("properties").has(name)) {
        throw new IllegalArgumentException("required parameter " + name + " is not declared");
      }
      required.add(name);
    }
    return this;
  }

  /** Refuses arguments the schema does not name ({@code "additionalProperties": false}). */
  public ParameterSchema closed() {
    schema.put("additionalProperties", false);
    return this;
  }

  /** The schema; a copy, so the builder can be kept as a constant. */
  public ObjectNode build() {
    return schema.deepCopy();
  }

  /** The keys of one property, added in the order called. */
  public static final class Property {

    private final ObjectNode node;

    private Property(ObjectNode node) {
      this.node = node;
    }

    public Property description(String description) {
      node.put("description", description);
      return this;
    }

    public Property minLength(int minLength) {
      node.put("minLength", minLength);
      return this;
    }

    public Property minimum(int minimum) {
      node.put("minimum", minimum);
      return this;
    }

    public Property maximum(int maximum) {
      node.put("maximum", maximum);
      return this;
    }

    public Property defaultValue(int value) {
      node.put("default", value);
      return this;
    }

    public Property defaultValue(boolean value) {
      node.put("default", value);
      return this;
    }

    /** The only values allowed, in the order a model should read them. */
    public Property oneOf(List<String> values) {
      ArrayNode array = node.putArray("enum");
      values.forEach(array::add);
      return this;
    }
  }
}
