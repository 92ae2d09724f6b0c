package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class ArgumentValidatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final ArgumentValidator validator = new ArgumentValidator();

  @Test
  void aToolHandingOutACopyOfItsSchemaEachCallHasItCompiledOnce() {
    ObjectNode schema =
        object("{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}");

    var first = validator.compiled("bench_logs", schema.deepCopy());

    assertThat(validator.compiled("bench_logs", schema.deepCopy())).isSameAs(first);
    assertThat(validator.compiled("bench_logs", schema)).isSameAs(first);
    assertThat(validator.validate("bench_logs", schema.deepCopy(), object("{\"page\": 3}")))
        .isEmpty();
  }

  @Test
  void aSchemaChangedInPlaceIsValidatedAsItNowIs() {
    ObjectNode schema =
        object("{\"type\":\"object\",\"properties\":{\"page\":{\"type\":\"integer\"}}}");
    assertThat(validator.validate("bench_logs", schema, object("{\"page\": 3}"))).isEmpty();

    // The same object, now asking for a string: the compiled schema of before must not serve it.
    ((ObjectNode) schema.get("properties").get("page")).put("type", "string");

    assertThat(validator.validate("bench_logs", schema, object("{\"page\": 3}")))
        .singleElement()
        .asString()
        .contains("string expected");
    assertThat(validator.validate("bench_logs", schema, object("{\"page\": \"3\"}"))).isEmpty();
  }

  @Test
  void twoToolsWithTheSameSchemaObjectKeepTheirOwnNames() {
    ObjectNode integer =
        object(
            "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}},\"required\":[\"n\"]}");
    ObjectNode anything = object("{\"type\":\"object\"}");

    assertThat(validator.validate("counted", integer, object("{}"))).isNotEmpty();
    assertThat(validator.validate("free", anything, object("{}"))).isEmpty();
    assertThat(validator.validate("counted", integer, object("{}"))).isNotEmpty();
  }

  private static ObjectNode object(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
