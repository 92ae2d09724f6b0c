package dev.oats.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a call's arguments against its tool's JSON Schema. The messages name the bad field, since
 * they go back to the model, which fixes its call from them.
 */
final class ArgumentValidator {

  // Made on first use: loading the validator (~200 classes) is not on the way to the agent's first
  // model request, which needs no validation (see warmUp).
  private volatile SchemaRegistry registry;
  private final Map<String, Compiled> schemas = new ConcurrentHashMap<>();

  /**
   * A tool's compiled schema and the schema it was compiled from. Each call compares the schema the
   * tool hands out with that one (at once when it is the same object; as a JSON value when the tool
   * hands out a copy), looked up by the tool's name: the schema is never hashed (hashing it as the
   * cache's key was half the cost of a validation) nor serialised.
   */
  private record Compiled(ObjectNode source, Schema schema, PlainSchema plain) {}

  /**
   * The problems found, empty when the arguments are valid. Arguments that a plain schema (see
   * {@link PlainSchema}) accepts are valid without the validator; the validator judges the rest and
   * says what is wrong.
   */
  List<String> validate(String toolName, ObjectNode schema, ObjectNode arguments) {
    Compiled compiled = compiledFor(toolName, schema);
    if (compiled.plain() != null && compiled.plain().accepts(arguments)) {
      return List.of();
    }
    List<Error> errors = compiled.schema().validate(arguments);
    return errors.isEmpty() ? List.of() : errors.stream().map(ArgumentValidator::describe).toList();
  }

  /** The tool's schema compiled; compiled again when the tool hands out a different one. */
  Schema compiled(String toolName, ObjectNode schema) {
    return compiledFor(toolName, schema).schema();
  }

  private Compiled compiledFor(String toolName, ObjectNode schema) {
    Compiled known = schemas.get(toolName);
    if (known != null && known.source().equals(schema)) {
      return known;
    }
    // A copy: the tool may change the object it handed out, and the compiled schema keeps its own.
    ObjectNode source = schema.deepCopy();
    Compiled made =
        new Compiled(source, registry().getSchema(source.deepCopy()), PlainSchema.of(source));
    schemas.put(toolName, made);
    return made;
  }

  /** Loads the validator now, off the caller's path, rather than on the first call. */
  void warmUp() {
    registry();
  }

  private SchemaRegistry registry() {
    SchemaRegistry made = registry;
    if (made == null) {
      synchronized (this) {
        made = registry;
        if (made == null) {
          made = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
          registry = made;
        }
      }
    }
    return made;
  }

  private static String describe(Error error) {
    return error.getMessage();
  }
}
