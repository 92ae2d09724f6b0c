package dev.oats.eval.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * Reads scenario folders. A folder that is not a valid scenario is refused with a message naming
 * the file and the field to fix; unknown fields are refused too, so a typo does not silently drop a
 * check.
 */
public final class ScenarioLoader {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> SCENARIO_FIELDS =
      Set.of(
          "name",
          "goal",
          "namespace",
          "tags",
          "difficulty",
          "max_turns",
          "captured_at",
          "alert",
          "description");
  private static final Set<String> EXPECTED_FIELDS =
      Set.of("category", "facts", "must_not", "tools", "max_turns");
  private static final Set<String> FACT_FIELDS = Set.of("name", "all", "any", "conclusion");
  private static final Set<String> TOOLS_FIELDS = Set.of("required", "forbidden");
  private static final int DEFAULT_MAX_TURNS = 10;

  private ScenarioLoader() {}

  /**
   * The scenarios under the given paths: each path is a scenario folder, or a folder of them
   * (searched one level down), sorted by name.
   */
  public static List<Scenario> find(List<Path> paths) throws IOException {
    List<Scenario> scenarios = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isRegularFile(path.resolve("scenario.yaml"))) {
        scenarios.add(load(path));
      } else if (Files.isDirectory(path)) {
        try (Stream<Path> children = Files.list(path)) {
          for (Path child : children.sorted().toList()) {
            if (Files.isRegularFile(child.resolve("scenario.yaml"))) {
              scenarios.add(load(child));
            }
          }
        }
      } else {
        throw new ScenarioException(path + ": no such scenario folder");
      }
    }
    return scenarios;
  }

  /** One scenario folder. */
  public static Scenario load(Path dir) throws IOException {
    JsonNode scenario = read(dir.resolve("scenario.yaml"), SCENARIO_FIELDS);
    String where = dir.getFileName() + "/scenario.yaml";
    String goal = required(scenario, "goal", where);
    Instant captured;
    try {
      captured =
          scenario.hasNonNull("captured_at")
              ? Instant.parse(scenario.get("captured_at").asText())
              : null;
    } catch (DateTimeParseException e) {
      throw new ScenarioException(
          where + ": captured_at must be an RFC 3339 time such as 2026-11-20T10:00:00Z");
    }
    return new Scenario(
        dir,
        scenario.path("name").asText(dir.getFileName().toString()),
        goal,
        scenario.path("namespace").asText("default"),
        strings(scenario.path("tags"), where, "tags"),
        scenario.path("difficulty").asText("medium"),
        scenario.path("max_turns").asInt(DEFAULT_MAX_TURNS),
        captured,
        scenario.hasNonNull("alert") ? scenario.get("alert") : null,
        expected(dir));
  }

  private static Expected expected(Path dir) throws IOException {
    JsonNode expected = read(dir.resolve("expected.yaml"), EXPECTED_FIELDS);
    String where = dir.getFileName() + "/expected.yaml";
    List<Expected.Fact> facts = facts(expected.path("facts"), where + " facts");
    if (facts.isEmpty()) {
      throw new ScenarioException(where + ": facts must list at least one fact the report states");
    }
    JsonNode tools = expected.path("tools");
    if (tools.isObject()) {
      unknownFields(tools, TOOLS_FIELDS, where + " tools");
    }
    return new Expected(
        expected.path("category").asText("unknown"),
        facts,
        facts(expected.path("must_not"), where + " must_not"),
        strings(tools.path("required"), where, "tools.required"),
        strings(tools.path("forbidden"), where, "tools.forbidden"),
        expected.path("max_turns").asInt(0));
  }

  private static List<Expected.Fact> facts(JsonNode node, String where) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new ScenarioException(where + " must be a list of facts");
    }
    List<Expected.Fact> facts = new ArrayList<>();
    int index = 0;
    for (JsonNode fact : node) {
      index++;
      String at = where + " #" + index;
      if (fact.isTextual()) {
        // A bare string is a one-pattern fact, named by itself.
        facts.add(
            new Expected.Fact(
                fact.asText(), List.of(pattern(fact.asText(), at)), List.of(), false));
        continue;
      }
      unknownFields(fact, FACT_FIELDS, at);
      List<Pattern> all = patterns(fact.path("all"), at + " all");
      List<Pattern> any = patterns(fact.path("any"), at + " any");
      if (all.isEmpty() && any.isEmpty()) {
        throw new ScenarioException(at + ": give 'all' or 'any' (a list of regular expressions)");
      }
      facts.add(
          new Expected.Fact(
              fact.path("name").asText("fact " + index),
              all,
              any,
              fact.path("conclusion").asBoolean(false)));
    }
    return facts;
  }

  private static List<Pattern> patterns(JsonNode node, String where) {
    List<Pattern> patterns = new ArrayList<>();
    for (String regex : strings(node, where, "")) {
      patterns.add(pattern(regex, where));
    }
    return patterns;
  }

  private static Pattern pattern(String regex, String where) {
    try {
      return Expected.Fact.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new ScenarioException(
          where + ": '" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  private static JsonNode read(Path file, Set<String> fields) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new ScenarioException(file + " is missing: a scenario folder needs it");
    }
    JsonNode node;
    try {
      node = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ScenarioException(file + " is not valid YAML: " + e.getMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ScenarioException(file + " must be a YAML mapping");
    }
    unknownFields(node, fields, file.getParent().getFileName() + "/" + file.getFileName());
    return node;
  }

  private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new ScenarioException(
            where + ": unknown field '" + name + "'; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private static String required(JsonNode node, String field, String where) {
    String value = node.path(field).asText("").strip();
    if (value.isEmpty()) {
      throw new ScenarioException(where + ": '" + field + "' is required");
    }
    return value;
  }

  private static List<String> strings(JsonNode node, String where, String field) {
    if (node.isMissingNode() || node.isNull()) {
      return List.of();
    }
    if (node.isTextual()) {
      return List.of(node.asText());
    }
    if (!node.isArray()) {
      throw new ScenarioException(where + ": " + field + " must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(value.asText()));
    return values;
  }
}
