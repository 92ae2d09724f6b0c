package dev.oats.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds {@code oats.yaml} and reads it into setting values. The first of these that applies is the
 * one file read (files are never merged):
 *
 * <ol>
 *   <li>the {@code --config} option;
 *   <li>the file {@code OATS_CONFIG} names (it must exist);
 *   <li>{@code ./oats.yaml} in the working directory;
 *   <li>{@code oats/oats.yaml} in the user's configuration directory ({@code $XDG_CONFIG_HOME},
 *       else {@code ~/.config}).
 * </ol>
 *
 * <p>Keys are the variable names in lower case without {@code OATS_} ({@code port}, {@code
 * max_turns}, {@code agent_image}); the variable names themselves are accepted too. Settings for
 * plugin tools go under {@code plugin_settings}, where {@code acme_url} stands for {@code
 * OATS_ACME_URL}. Any other key is an error that names the nearest known key.
 */
public final class ConfigFile {

  /** The section whose keys are passed to plugin tools as they are. */
  public static final String PLUGIN_SETTINGS = "plugin_settings";

  private ConfigFile() {}

  /**
   * The file to read, if any.
   *
   * @param option the {@code --config} option, or null
   * @param environment where {@code OATS_CONFIG}, {@code XDG_CONFIG_HOME} and {@code HOME} are read
   * @param workingDirectory where {@code ./oats.yaml} is looked for
   * @throws ConfigException when the option or {@code OATS_CONFIG} names a file that does not exist
   */
  public static Optional<Path> locate(
      Path option, Map<String, String> environment, Path workingDirectory) {
    if (option != null) {
      return Optional.of(mustExist(option, "--config"));
    }
    String named = environment.get("OATS_CONFIG");
    if (named != null && !named.isBlank()) {
      return Optional.of(mustExist(Path.of(named.strip()), "OATS_CONFIG"));
    }
    Path local = workingDirectory.resolve("oats.yaml");
    if (Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    return userConfigDirectory(environment)
        .map(dir -> dir.resolve("oats").resolve("oats.yaml"))
        .filter(Files::isRegularFile);
  }

  private static Optional<Path> userConfigDirectory(Map<String, String> environment) {
    String xdg = environment.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Optional.of(Path.of(xdg.strip()));
    }
    String home = environment.get("HOME");
    return home == null || home.isBlank()
        ? Optional.empty()
        : Optional.of(Path.of(home.strip(), ".config"));
  }

  private static Path mustExist(Path file, String namedBy) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(namedBy + " names " + file + ", which does not exist");
    }
    return file;
  }

  /**
   * The values the file sets, by variable name.
   *
   * @throws ConfigException naming every unknown key (with the nearest known one) and every value
   *     of the wrong shape
   */
  public static Map<String, ConfigValue> read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, ConfigValue> values = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return values;
    }
    if (!root.isObject()) {
      throw new ConfigException(file + " must be a map of settings, like 'port: 8000'");
    }
    Source source = Source.file(file);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      String key = entry.getKey();
      JsonNode node = entry.getValue();
      if (key.equals(PLUGIN_SETTINGS)) {
        readPluginSettings(node, source, values, problems);
        continue;
      }
      Optional<Setting> setting = known(key);
      if (setting.isEmpty()) {
        problems.add(unknown(key));
        continue;
      }
      if (node.isNull()) {
        continue; // "port:" with nothing after it leaves the default
      }
      scalar(setting.get(), key, node)
          .ifPresentOrElse(
              text ->
                  values.put(
                      setting.get().variable(),
                      new ConfigValue(
                          setting.get().variable(), text, source, setting.get().secret())),
              () ->
                  problems.add(
                      "%s is a %s; expected %s"
                          .formatted(key, shape(node), setting.get().expected())));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid " + file + ": " + String.join("; ", problems) + ".");
    }
    return values;
  }

  private static void readPluginSettings(
      JsonNode node, Source source, Map<String, ConfigValue> values, List<String> problems) {
    if (!node.isObject()) {
      problems.add(PLUGIN_SETTINGS + " must be a map, like 'acme_url: http://acme'");
      return;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String variable = variable(entry.getKey());
      if (!variable.startsWith("OATS_")) {
        variable = "OATS_" + variable;
      }
      JsonNode value = entry.getValue();
      if (!value.isValueNode()) {
        problems.add(
            "%s.%s is a %s; expected text"
                .formatted(PLUGIN_SETTINGS, entry.getKey(), shape(value)));
      } else if (!value.isNull()) {
        values.put(variable, new ConfigValue(variable, value.asText(), source, false));
      }
    }
  }

  /**
   * The setting a key stands for: {@code port}, {@code OATS_PORT} and {@code agent-image} all do.
   */
  static Optional<Setting> known(String key) {
    String variable = variable(key);
    return Settings.byVariable(variable).or(() -> Settings.byVariable("OATS_" + variable));
  }

  private static String variable(String key) {
    return key.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
  }

  private static Optional<String> scalar(Setting setting, String key, JsonNode node) {
    if (node.isValueNode()) {
      return Optional.of(node.asText());
    }
    if (setting.kind() == Setting.Kind.LIST && node.isArray()) {
      List<String> items = new ArrayList<>();
      for (JsonNode item : node) {
        if (!item.isValueNode()) {
          return Optional.empty();
        }
        items.add(item.asText());
      }
      return Optional.of(String.join(",", items));
    }
    if (setting.kind() == Setting.Kind.STRUCTURED && node.isContainerNode()) {
      return Optional.of(node.toString());
    }
    return Optional.empty();
  }

  private static String shape(JsonNode node) {
    return node.isArray() ? "list" : node.isObject() ? "map" : node.getNodeType().name();
  }

  private static String unknown(String key) {
    return "unknown key '" + key + "' (did you mean '" + nearest(key) + "'?)";
  }

  /** The known key closest to {@code key} by edit distance: what a typo most likely meant. */
  static String nearest(String key) {
    String typed = key.strip().toLowerCase(Locale.ROOT).replace('-', '_');
    String bare = typed.startsWith("oats_") ? typed.substring(5) : typed;
    List<String> candidates = new ArrayList<>();
    Settings.ALL.values().forEach(s -> candidates.add(s.yamlKey()));
    candidates.add(PLUGIN_SETTINGS);
    return candidates.stream()
        .min(Comparator.comparingInt((String c) -> distance(bare, c)).thenComparing(c -> c))
        .orElseThrow();
  }

  /** Levenshtein distance: the fewest single-character edits that turn one into the other. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
