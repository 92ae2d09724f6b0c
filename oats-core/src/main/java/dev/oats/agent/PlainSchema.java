package dev.oats.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tool's JSON Schema when it uses only the plain keywords tools' schemas use (types, properties,
 * required names, closed objects, string enums, integer bounds, string lengths, items), read once,
 * which tells at once that a call's arguments are valid. It never says why they are not: for that,
 * and for every schema with anything else in it ({@code pattern}, {@code $ref}, combinators, a
 * bound that is not an integer...), {@link ArgumentValidator} asks the JSON Schema validator, which
 * took a twentieth of a turn of the agent loop for two integers.
 *
 * <p>It answers {@code true} only where the validator would find nothing wrong; where unsure (a
 * number that is integral but written with a fraction, say) it answers {@code false} and the
 * validator decides.
 */
final class PlainSchema {

  /** What a keyword of a schema may be, beyond which the schema is not plain. */
  private static final Set<String> ANNOTATIONS =
      Set.of("description", "title", "default", "examples", "$comment");

  private enum Type {
    ANY,
    OBJECT,
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    ARRAY
  }

  private final Type type;
  private final Map<String, PlainSchema> properties;
  private final List<String> required;
  private final boolean closed;
  private final Set<String> enumValues;
  private final Long minimum;
  private final Long maximum;
  private final Integer minLength;
  private final Integer maxLength;
  private final PlainSchema items;

  private PlainSchema(
      Type type,
      Map<String, PlainSchema> properties,
      List<String> required,
      boolean closed,
      Set<String> enumValues,
      Long minimum,
      Long maximum,
      Integer minLength,
      Integer maxLength,
      PlainSchema items) {
    this.type = type;
    this.properties = properties;
    this.required = required;
    this.closed = closed;
    this.enumValues = enumValues;
    this.minimum = minimum;
    this.maximum = maximum;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.items = items;
  }

  /** The schema read, or null when it holds anything but the plain keywords. */
  static PlainSchema of(JsonNode schema) {
    if (schema == null || !schema.isObject()) {
      return null;
    }
    Type type = Type.ANY;
    Map<String, PlainSchema> properties = Map.of();
    List<String> required = List.of();
    boolean closed = false;
    Set<String> enumValues = null;
    Long minimum = null;
    Long maximum = null;
    Integer minLength = null;
    Integer maxLength = null;
    PlainSchema items = null;
    for (Iterator<Map.Entry<String, JsonNode>> fields = schema.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "type" -> {
          type = type(value);
          if (type == null) {
            return null;
          }
        }
        case "properties" -> {
          if (!value.isObject()) {
            return null;
          }
          Map<String, PlainSchema> read = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> p = value.fields(); p.hasNext(); ) {
            Map.Entry<String, JsonNode> property = p.next();
            PlainSchema plain = of(property.getValue());
            if (plain == null) {
              return null;
            }
            read.put(property.getKey(), plain);
          }
          properties = read;
        }
        case "required" -> {
          required = strings(value);
          if (required == null) {
            return null;
          }
        }
        case "additionalProperties" -> {
          if (!value.isBoolean()) {
            return null;
          }
          closed = !value.booleanValue();
        }
        case "enum" -> {
          List<String> values = strings(value);
          if (values == null) {
            return null;
          }
          enumValues = Set.copyOf(values);
        }
        case "minimum", "maximum" -> {
          if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            return null;
          }
          if (field.getKey().equals("minimum")) {
            minimum = value.longValue();
          } else {
            maximum = value.longValue();
          }
        }
        case "minLength", "maxLength" -> {
          if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
            return null;
          }
          if (field.getKey().equals("minLength")) {
            minLength = value.intValue();
          } else {
            maxLength = value.intValue();
          }
        }
        case "items" -> {
          items = of(value);
          if (items == null) {
            return null;
          }
        }
        default -> {
          if (!ANNOTATIONS.contains(field.getKey())) {
            return null;
          }
        }
      }
    }
    return new PlainSchema(
        type,
        properties,
        required,
        closed,
        enumValues,
        minimum,
        maximum,
        minLength,
        maxLength,
        items);
  }

  private static Type type(JsonNode value) {
    if (!value.isTextual()) {
      return null; // a list of types, say
    }
    return switch (value.textValue()) {
      case "object" -> Type.OBJECT;
      case "string" -> Type.STRING;
      case "integer" -> Type.INTEGER;
      case "number" -> Type.NUMBER;
      case "boolean" -> Type.BOOLEAN;
      case "array" -> Type.ARRAY;
      default -> null;
    };
  }

  private static List<String> strings(JsonNode value) {
    if (!value.isArray()) {
      return null;
    }
    List<String> strings = new ArrayList<>(value.size());
    for (JsonNode element : value) {
      if (!element.isTextual()) {
        return null;
      }
      strings.add(element.textValue());
    }
    return strings;
  }

  /**
   * True when {@code node} is valid against this schema; false when it is not, or when telling
   * would need more than this reads (the validator then decides).
   */
  boolean accepts(JsonNode node) {
    switch (type) {
      case ANY -> {
        // Only keywords of other types may be here, which apply to nodes of those types alone.
      }
      case OBJECT -> {
        if (!node.isObject()) {
          return false;
        }
      }
      case STRING -> {
        if (!node.isTextual()) {
          return false;
        }
      }
      case INTEGER -> {
        // Integral numbers only; 2.0, which the validator may take as an integer, is left to it.
        if (!node.isIntegralNumber()) {
          return false;
        }
      }
      case NUMBER -> {
        if (!node.isNumber()) {
          return false;
        }
      }
      case BOOLEAN -> {
        if (!node.isBoolean()) {
          return false;
        }
      }
      case ARRAY -> {
        if (!node.isArray()) {
          return false;
        }
      }
    }
    if (node.isObject()) {
      return acceptsObject((ObjectNode) node);
    }
    if (node.isTextual()) {
      return acceptsString(node.textValue());
    }
    if (node.isNumber()) {
      return acceptsNumber(node);
    }
    if (node.isArray()) {
      if (items != null) {
        for (JsonNode element : node) {
          if (!items.accepts(element)) {
            return false;
          }
        }
      }
      return enumValues == null;
    }
    return enumValues == null;
  }

  private boolean acceptsObject(ObjectNode node) {
    if (enumValues != null) {
      return false;
    }
    for (int i = 0; i < required.size(); i++) {
      if (!node.has(required.get(i))) {
        return false;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      PlainSchema property = properties.get(field.getKey());
      if (property == null) {
        if (closed) {
          return false;
        }
      } else if (!property.accepts(field.getValue())) {
        return false;
      }
    }
    return true;
  }

  private boolean acceptsString(String text) {
    if (enumValues != null && !enumValues.contains(text)) {
      return false;
    }
    if (minLength != null || maxLength != null) {
      // JSON Schema counts characters as code points.
      int length = text.codePointCount(0, text.length());
      if ((minLength != null && length < minLength) || (maxLength != null && length > maxLength)) {
        return false;
      }
    }
    return true;
  }

  private boolean acceptsNumber(JsonNode node) {
    if (enumValues != null) {
      return false;
    }
    if (minimum == null && maximum == null) {
      return true;
    }
    // Bounds are compared only for integral numbers that fit a long; any other is left to the
    // validator.
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      return false;
    }
    long value = node.longValue();
    return (minimum == null || value >= minimum) && (maximum == null || value <= maximum);
  }
}
