package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The MCP SDK's schema check (a tool's structured output against its output schema) done with the
 * validator the rest of OATS uses. The SDK's own brings a Jackson 3 build of the same library,
 * whose classes clash with the Jackson 2 build OATS needs, so the SDK is handed this one instead.
 */
final class McpSchemaValidator implements JsonSchemaValidator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object content) {
    if (schema == null) {
      return ValidationResponse.asInvalid("the schema is missing");
    }
    JsonNode value = JSON.valueToTree(content);
    List<Error> errors;
    try {
      errors = registry.getSchema(JSON.valueToTree(schema)).validate(value);
    } catch (RuntimeException e) {
      return ValidationResponse.asInvalid("the schema cannot be used: " + e.getMessage());
    }
    if (!errors.isEmpty()) {
      return ValidationResponse.asInvalid(
          "the content does not match the schema: "
              + errors.stream().map(Error::getMessage).collect(Collectors.joining("; ")));
    }
    try {
      return ValidationResponse.asValid(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      return ValidationResponse.asInvalid("the content cannot be written as JSON: " + e);
    }
  }
}
