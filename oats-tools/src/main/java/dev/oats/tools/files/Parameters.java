package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** A tool's parameters: the JSON Schema that describes them and the readers of their values. */
final class Parameters {

  private final ObjectNode schema = JsonNodeFactory.instance.objectNode();
  private final ObjectNode properties;
  private final ArrayNode required;

  private Parameters() {
    schema.put("type", "object");
    properties = schema.putObject("properties");
    required = schema.putArray("required");
    schema.put("additionalProperties", false);
  }

  static Parameters object() {
    return new Parameters();
  }

  Parameters string(String name, String description) {
    property(name, "string", description);
    return this;
  }

  Parameters integer(String name, String description, int minimum, int maximum) {
    property(name, "integer", description).put("minimum", minimum).put("maximum", maximum);
    return this;
  }

  Parameters bool(String name, String description) {
    property(name, "boolean", description);
    return this;
  }

  Parameters require(String name) {
    required.add(name);
    return this;
  }

  ObjectNode schema() {
    return schema.deepCopy();
  }

  private ObjectNode property(String name, String type, String description) {
    ObjectNode property = properties.putObject(name);
    property.put("type", type);
    property.put("description", description);
    return property;
  }

  /** A string argument, empty when absent, null or blank. */
  static Optional<String> text(JsonNode arguments, String name) {
    JsonNode value = arguments.get(name);
    return value == null || value.isNull() || value.asText().isBlank()
        ? Optional.empty()
        : Optional.of(value.asText());
  }

  /** An integer argument kept within bounds; the default when absent. */
  static int integer(JsonNode arguments, String name, int fallback, int minimum, int maximum) {
    JsonNode value = arguments.get(name);
    int given = value == null || value.isNull() ? fallback : value.asInt(fallback);
    return Math.clamp(given, minimum, maximum);
  }

  /** An optional integer argument, kept within bounds. */
  static Optional<Integer> optionalInteger(
      JsonNode arguments, String name, int minimum, int maximum) {
    JsonNode value = arguments.get(name);
    return value == null || value.isNull()
        ? Optional.empty()
        : Optional.of(Math.clamp(value.asLong(), minimum, maximum));
  }

  static boolean bool(JsonNode arguments, String name, boolean fallback) {
    JsonNode value = arguments.get(name);
    return value == null || value.isNull() ? fallback : value.asBoolean(fallback);
  }
}
