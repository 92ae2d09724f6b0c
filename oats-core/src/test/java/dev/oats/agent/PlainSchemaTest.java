package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link PlainSchema} against the JSON Schema validator itself: whatever it accepts, the validator
 * finds nothing wrong with, on generated schemas of the plain keywords and generated values made to
 * sit on every edge of them.
 */
class PlainSchemaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  private static final List<String> NAMES = List.of("page", "namespace", "lines", "all", "x");
  private static final List<String> WORDS =
      List.of("", "a", "pod", "Pod", "deployment", "\uD83D\uDE00\uD83D\uDE00", "ab\uD83D\uDE00");

  @Test
  void whatItAcceptsTheValidatorFindsValidOnGeneratedSchemasAndValues() {
    Random random = new Random(14);
    int accepted = 0;
    int valid = 0;
    for (int s = 0; s < 400; s++) {
      ObjectNode schema = objectSchema(random, 0);
      PlainSchema plain = PlainSchema.of(schema);
      assertThat(plain).as("plain keywords only: %s", schema).isNotNull();
      var validator = REGISTRY.getSchema(schema.deepCopy());
      for (int v = 0; v < 60; v++) {
        JsonNode value = v % 3 == 0 ? anyValue(random, 0) : valueFor(schema, random, 0);
        boolean isValid = validator.validate(value).isEmpty();
        boolean accepts = plain.accepts(value);
        if (accepts) {
          assertThat(isValid).as("accepted but invalid: %s against %s", value, schema).isTrue();
          accepted++;
        }
        if (isValid) {
          valid++;
        }
      }
    }
    // Most valid values are told at once, or the validator would still run on every call.
    assertThat(accepted).isGreaterThan(valid * 8 / 10);
  }

  @Test
  void theSchemasOfToolsAreReadAndTheirUsualArgumentsAcceptedAtOnce() {
    ObjectNode logs =
        object(
            """
            {"type": "object", "additionalProperties": false, "required": ["namespace", "pod"],
             "properties": {
               "namespace": {"type": "string", "minLength": 1, "description": "Namespace"},
               "pod": {"type": "string", "minLength": 1},
               "tail": {"type": "integer", "minimum": 1, "maximum": 5000, "default": 200},
               "previous": {"type": "boolean"},
               "containers": {"type": "array", "items": {"type": "string"}},
               "level": {"type": "string", "enum": ["error", "warn", "info"]}}}
            """);
    PlainSchema plain = PlainSchema.of(logs);
    assertThat(plain).isNotNull();
    assertThat(
            plain.accepts(
                object(
                    """
                    {"namespace": "shop", "pod": "checkout-7d9f", "tail": 500, "previous": true,
                     "containers": ["app"], "level": "warn"}
                    """)))
        .isTrue();
    // Each wrong in one way only, and the validator says so too.
    for (String wrong :
        List.of(
            "{\"namespace\": \"shop\"}",
            "{\"namespace\": \"\", \"pod\": \"p\"}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"tail\": 0}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"tail\": 5001}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"tail\": \"20\"}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"previous\": \"yes\"}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"containers\": [\"app\", 3]}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"level\": \"debug\"}",
            "{\"namespace\": \"shop\", \"pod\": \"p\", \"follow\": true}")) {
      assertThat(plain.accepts(object(wrong))).as(wrong).isFalse();
      assertThat(REGISTRY.getSchema(logs.deepCopy()).validate(object(wrong)))
          .as(wrong)
          .isNotEmpty();
    }
  }

  @Test
  void aSchemaWithAnyOtherKeywordIsLeftToTheValidator() {
    for (String schema :
        List.of(
            "{\"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\","
                + " \"pattern\": \"^[a-z]+$\"}}}",
            "{\"type\": [\"string\", \"null\"]}",
            "{\"$ref\": \"#/$defs/a\", \"$defs\": {\"a\": {\"type\": \"string\"}}}",
            "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"integer\"}]}",
            "{\"type\": \"integer\", \"minimum\": 0.5}",
            "{\"type\": \"object\", \"additionalProperties\": {\"type\": \"string\"}}",
            "{\"type\": \"string\", \"format\": \"date-time\"}",
            "{\"type\": \"integer\", \"enum\": [1, 2]}",
            "{\"type\": \"object\", \"properties\": {\"a\": true}}",
            "{\"type\": \"null\"}")) {
      assertThat(PlainSchema.of(object(schema))).as(schema).isNull();
    }
  }

  @Test
  void numbersItCannotTellAreLeftToTheValidator() {
    PlainSchema integer = PlainSchema.of(object("{\"type\": \"integer\", \"maximum\": 10}"));
    // 2.0 may be an integer to the validator; a number beyond a long is not compared here.
    assertThat(integer.accepts(NODES.numberNode(2.0))).isFalse();
    assertThat(integer.accepts(NODES.numberNode(new BigInteger("-99999999999999999999"))))
        .isFalse();
    assertThat(integer.accepts(NODES.numberNode(10))).isTrue();
    assertThat(integer.accepts(NODES.numberNode(11))).isFalse();
  }

  /** An object schema of plain keywords, nested at most two deep. */
  private static ObjectNode objectSchema(Random random, int depth) {
    ObjectNode schema = NODES.objectNode();
    if (random.nextInt(5) > 0) {
      schema.put("type", "object");
    }
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = NODES.arrayNode();
    for (String name : NAMES) {
      if (random.nextInt(3) == 0) {
        continue;
      }
      properties.set(name, propertySchema(random, depth));
      if (random.nextInt(3) == 0) {
        required.add(name);
      }
    }
    if (!required.isEmpty()) {
      schema.set("required", required);
    }
    if (random.nextBoolean()) {
      schema.put("additionalProperties", random.nextBoolean());
    }
    if (random.nextInt(4) == 0) {
      schema.put("description", "what it is for");
    }
    return schema;
  }

  private static ObjectNode propertySchema(Random random, int depth) {
    ObjectNode schema = NODES.objectNode();
    switch (random.nextInt(depth < 2 ? 7 : 5)) {
      case 0 -> {
        schema.put("type", "string");
        if (random.nextBoolean()) {
          schema.put("minLength", random.nextInt(3));
        }
        if (random.nextBoolean()) {
          schema.put("maxLength", random.nextInt(4));
        }
        if (random.nextInt(3) == 0) {
          ArrayNode values = schema.putArray("enum");
          values.add("pod").add("deployment").add("");
        }
      }
      case 1 -> {
        schema.put("type", "integer");
        if (random.nextBoolean()) {
          schema.put("minimum", random.nextInt(5) - 2);
        }
        if (random.nextBoolean()) {
          schema.put("maximum", random.nextInt(5) + 1);
        }
        if (random.nextBoolean()) {
          schema.put("default", 1);
        }
      }
      case 2 -> {
        schema.put("type", "number");
        if (random.nextBoolean()) {
          schema.put("minimum", 0);
        }
      }
      case 3 -> schema.put("type", "boolean");
      case 4 -> {
        // No type: the keywords of each type apply to values of that type alone.
        if (random.nextBoolean()) {
          schema.put("minimum", 1);
        }
        if (random.nextBoolean()) {
          schema.put("maxLength", 2);
        }
        if (random.nextInt(3) == 0) {
          schema.putArray("enum").add("a").add("pod");
        }
      }
      case 5 -> {
        schema.put("type", "array");
        if (random.nextBoolean()) {
          schema.set("items", propertySchema(random, depth + 1));
        }
      }
      default -> schema.setAll(objectSchema(random, depth + 1));
    }
    return schema;
  }

  /** A value made to fit the schema, but often wrong in one place. */
  private static JsonNode valueFor(JsonNode schema, Random random, int depth) {
    if (random.nextInt(8) == 0) {
      return anyValue(random, depth);
    }
    String type = schema.path("type").asText("");
    if (schema.has("properties") || type.equals("object")) {
      ObjectNode object = NODES.objectNode();
      JsonNode properties = schema.path("properties");
      for (String name : NAMES) {
        if (properties.has(name) && random.nextInt(4) > 0) {
          object.set(name, valueFor(properties.get(name), random, depth + 1));
        } else if (random.nextInt(12) == 0) {
          object.set(name, anyValue(random, depth + 1));
        }
      }
      if (random.nextInt(10) == 0) {
        object.put("extra", 1);
      }
      return object;
    }
    if (schema.has("enum") && random.nextBoolean()) {
      return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
    }
    return switch (type) {
      case "string" -> NODES.textNode(WORDS.get(random.nextInt(WORDS.size())));
      case "integer", "number" -> number(random);
      case "boolean" -> NODES.booleanNode(random.nextBoolean());
      case "array" -> {
        ArrayNode array = NODES.arrayNode();
        for (int i = random.nextInt(3); i > 0; i--) {
          array.add(valueFor(schema.path("items"), random, depth + 1));
        }
        yield array;
      }
      default -> anyValue(random, depth);
    };
  }

  private static JsonNode number(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> NODES.numberNode(random.nextInt(8) - 3);
      case 1 -> NODES.numberNode((long) random.nextInt(8) - 3);
      case 2 -> NODES.numberNode((double) (random.nextInt(8) - 3));
      case 3 -> NODES.numberNode(random.nextDouble() * 6 - 2);
      case 4 -> NODES.numberNode(new BigInteger("123456789012345678901234567890"));
      default -> NODES.numberNode(Long.MIN_VALUE);
    };
  }

  private static JsonNode anyValue(Random random, int depth) {
    return switch (random.nextInt(depth < 2 ? 8 : 6)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.textNode(WORDS.get(random.nextInt(WORDS.size())));
      case 2 -> number(random);
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.textNode("3");
      case 5 -> NODES.numberNode(2.5);
      case 6 -> NODES.arrayNode().add(anyValue(random, depth + 1)).add("pod");
      default -> {
        ObjectNode object = NODES.objectNode();
        object.set(NAMES.get(random.nextInt(NAMES.size())), anyValue(random, depth + 1));
        yield object;
      }
    };
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
