package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.oats.tool.SideEffect;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolProvider.Offer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads one YAML tool file into an offer: the tool, or a disabled offer saying what to fix. The
 * format is described on {@link CustomTools}. A file whose tool name cannot be read is offered
 * under its base name, so a broken file shows up in {@code oats tools} instead of stopping OATS.
 */
final class YamlToolFile {

  static final int DEFAULT_TIMEOUT_SECONDS = 30;
  static final int MAX_TIMEOUT_SECONDS = 3600;

  private static final Set<String> KEYS =
      Set.of(
          "name",
          "description",
          "parameters",
          "command",
          "side_effect",
          "timeout_seconds",
          "category");

  private static final Set<String> SCALAR_TYPES =
      Set.of("string", "number", "integer", "boolean", "null");

  private static final ObjectMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private final String fileName;
  private final List<String> problems = new ArrayList<>();

  private YamlToolFile(String fileName) {
    this.fileName = fileName;
  }

  /** The offer for one file, never throwing for what the file holds. */
  static Offer read(Path file) {
    String fileName = file.getFileName().toString();
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      return disabled(
          ToolNames.fromFileName(fileName), fileName, "not valid YAML" + ParseErrors.describe(e));
    } catch (IOException e) {
      return disabled(ToolNames.fromFileName(fileName), fileName, "cannot read it: " + e);
    }
    return new YamlToolFile(fileName).offer(root);
  }

  private static Offer disabled(String name, String fileName, String reason) {
    return Offer.disabled(name, reason).from("yaml " + fileName);
  }

  private Offer offer(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return disabled(
          ToolNames.fromFileName(fileName),
          fileName,
          "the file is empty; give name, description, parameters and command");
    }
    if (!root.isObject()) {
      return disabled(
          ToolNames.fromFileName(fileName),
          fileName,
          "the file must be a mapping with name, description, parameters and command");
    }
    String name = name(root.get("name"));
    checkKeys(root);
    String description = description(root.get("description"));
    ObjectNode parameters = parameters(root.get("parameters"));
    CommandTemplate command = command(root.get("command"));
    SideEffect effect = sideEffect(root.get("side_effect"));
    Duration timeout = timeout(root.get("timeout_seconds"));
    ToolCategory category = category(root.get("category"));
    if (command != null && parameters != null) {
      checkPlaceholders(command, parameters.path("properties"));
    }
    String offerName = name != null ? name : ToolNames.fromFileName(fileName);
    if (!problems.isEmpty()) {
      return disabled(offerName, fileName, String.join("; ", problems));
    }
    return Offer.enabled(
            new YamlTool(
                new ToolDefinition(name, description, category, parameters),
                command,
                effect,
                timeout,
                fileName))
        .from("yaml " + fileName);
  }

  private String name(JsonNode node) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      problems.add("name is missing: give the tool's name, like pod_disk_usage");
      return null;
    }
    if (!ToolNames.isValid(node.textValue())) {
      problems.add(
          "name '%s' is invalid: use lower case letters, digits and underscores, starting with a"
                  .formatted(node.textValue())
              + " letter, at most 64 characters");
      return null;
    }
    return node.textValue();
  }

  private void checkKeys(JsonNode root) {
    Set<String> unknown = new TreeSet<>();
    root.fieldNames().forEachRemaining(unknown::add);
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      problems.add(
          "unknown keys %s; the keys are %s"
              .formatted(String.join(", ", unknown), String.join(", ", new TreeSet<>(KEYS))));
    }
  }

  private String description(JsonNode node) {
    if (node == null || !node.isTextual() || node.textValue().isBlank()) {
      problems.add(
          "description is missing: tell the model what the tool does, when to use it, and give an"
              + " example call");
      return null;
    }
    return node.textValue().strip();
  }

  /** The schema as written, made an object schema that refuses unknown arguments by default. */
  private ObjectNode parameters(JsonNode node) {
    ObjectNode schema = YAML.createObjectNode();
    if (node != null && !node.isNull()) {
      if (!node.isObject()) {
        problems.add("parameters must be a JSON Schema mapping with type: object and properties");
        return null;
      }
      schema = ((ObjectNode) node).deepCopy();
    }
    JsonNode type = schema.get("type");
    if (type != null && !"object".equals(type.asText())) {
      problems.add("parameters must have type: object, not " + type);
      return null;
    }
    schema.put("type", "object");
    JsonNode properties = schema.get("properties");
    if (properties == null) {
      schema.putObject("properties");
    } else if (!properties.isObject()) {
      problems.add("parameters.properties must be a mapping of parameter names to schemas");
      return null;
    }
    if (!schema.has("additionalProperties")) {
      schema.put("additionalProperties", false);
    }
    return schema;
  }

  private CommandTemplate command(JsonNode node) {
    if (node == null || node.isNull()) {
      problems.add("command is missing: give the program and its arguments as a list");
      return null;
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add(
          "command must be a list of arguments, like [\"kubectl\", \"get\", \"pods\", \"-n\","
              + " \"{{namespace}}\"]; a single string is not split and no shell is used");
      return null;
    }
    List<String> elements = new ArrayList<>();
    for (JsonNode element : node) {
      if (element.isContainerNode() || element.isNull()) {
        problems.add("command element " + element + " must be a single string");
        return null;
      }
      elements.add(element.asText());
    }
    if (!CommandTemplate.placeholdersIn(elements.getFirst()).isEmpty()) {
      problems.add(
          "the program '%s' (the first element of command) must be fixed, not a placeholder"
              .formatted(elements.getFirst()));
      return null;
    }
    return new CommandTemplate(elements);
  }

  private void checkPlaceholders(CommandTemplate command, JsonNode properties) {
    Set<String> undeclared = new TreeSet<>();
    for (String name : command.placeholders()) {
      JsonNode property = properties.get(name);
      if (property == null) {
        undeclared.add("{{" + name + "}}");
      } else if (property.has("type") && !SCALAR_TYPES.contains(property.get("type").asText())) {
        problems.add(
            ("placeholder {{%s}} refers to a parameter of type %s; only strings, numbers,"
                    + " integers and booleans can be placed in the command")
                .formatted(name, property.get("type").asText()));
      }
    }
    if (!undeclared.isEmpty()) {
      problems.add(
          "command uses placeholders that are not declared in parameters.properties: "
              + String.join(", ", undeclared));
    }
  }

  private SideEffect sideEffect(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return SideEffect.valueOf(node.asText().strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      problems.add(
          "side_effect '%s' is not one of read_only, mutating, unknown (leave it out to classify"
                  .formatted(node.asText())
              + " each call's command)");
      return null;
    }
  }

  private Duration timeout(JsonNode node) {
    if (node == null || node.isNull()) {
      return Duration.ofSeconds(DEFAULT_TIMEOUT_SECONDS);
    }
    if (!node.canConvertToInt()
        || !node.isIntegralNumber()
        || node.intValue() < 1
        || node.intValue() > MAX_TIMEOUT_SECONDS) {
      problems.add(
          "timeout_seconds must be a whole number of seconds from 1 to %d, not %s"
              .formatted(MAX_TIMEOUT_SECONDS, node));
      return null;
    }
    return Duration.ofSeconds(node.intValue());
  }

  private ToolCategory category(JsonNode node) {
    if (node == null || node.isNull()) {
      return ToolCategory.OTHER;
    }
    try {
      return ToolCategory.valueOf(node.asText().strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      problems.add(
          "category '%s' is not one of %s"
              .formatted(
                  node.asText(),
                  Arrays.stream(ToolCategory.values())
                      .map(c -> c.name().toLowerCase(Locale.ROOT))
                      .collect(Collectors.joining(", "))));
      return null;
    }
  }
}
