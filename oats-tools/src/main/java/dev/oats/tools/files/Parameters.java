package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Readers of a call's argument values, for the file tools; the schemas that describe them are built
 * with {@link dev.oats.tool.ParameterSchema}.
 */
final class Parameters {

  private Parameters() {}

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
