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
  private final Map<Key, Schema> schemas = new ConcurrentHashMap<>();

  /**
   * A compiled schema's key: the tool and its schema compared as JSON values (a tool hands out a
   * fresh copy each time), rather than the schema serialised on every call to be looked up.
   */
  private record Key(String toolName, ObjectNode schema) {}

  /** The problems found, empty when the arguments are valid. */
  List<String> validate(String toolName, ObjectNode schema, ObjectNode arguments) {
    Schema compiled =
        schemas.computeIfAbsent(
            new Key(toolName, schema), key -> registry().getSchema(key.schema().deepCopy()));
    return compiled.validate(arguments).stream().map(ArgumentValidator::describe).toList();
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
