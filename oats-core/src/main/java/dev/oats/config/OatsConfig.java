package dev.oats.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every setting of OATS, resolved once. Sources, later winning: built-in defaults, {@code
 * oats.yaml} (at {@code OATS_CONFIG}, else {@code ./oats.yaml} when present; a key {@code
 * max_turns} there stands for {@code OATS_MAX_TURNS}), then environment variables.
 *
 * @param provider {@code anthropic} or {@code openai}; null when no provider is usable
 * @param settings every resolved {@code OATS_*} setting and the seed's variables, secrets excluded,
 *     for tool providers and listings
 */
public record OatsConfig(
    String provider,
    String model,
    String anthropicApiKey,
    String anthropicBaseUrl,
    String openaiApiKey,
    String openaiBaseUrl,
    String protocol,
    int maxTurns,
    Duration deadline,
    int contextBudget,
    int maxOutputTokens,
    Duration modelTimeout,
    int modelMaxRetries,
    Path toolsDir,
    Path resultsDir,
    Path workspace,
    Duration toolTimeout,
    int toolOutputLimit,
    boolean allowWrite,
    String logLevel,
    String logFormat,
    Map<String, String> settings,
    Map<String, String> toolSecrets) {

  public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
  public static final String DEFAULT_OPENAI_MODEL = "gpt-4.1";

  /** Variables whose values are secrets: never logged, listed or passed to tools. */
  public static final List<String> SECRET_VARIABLES =
      List.of(
          "ANTHROPIC_API_KEY",
          "OPENAI_API_KEY",
          "OATS_API_KEYS",
          "OATS_SOURCEGRAPH_TOKEN",
          "OATS_WEB_SEARCH_API_KEY",
          "OATS_PROMETHEUS_TOKEN",
          "OATS_DB_PASSWORD",
          "OATS_EVENT_TOKEN");

  /** Secrets that may instead be read from the file named by the variable plus {@code _FILE}. */
  private static final List<String> KEY_FILE_VARIABLES =
      List.of(
          "ANTHROPIC_API_KEY",
          "OPENAI_API_KEY",
          "OATS_SOURCEGRAPH_TOKEN",
          "OATS_WEB_SEARCH_API_KEY",
          "OATS_PROMETHEUS_TOKEN");

  /** The secrets that tool backends need; tools get them, logs and listings never do. */
  private static final List<String> TOOL_SECRETS =
      List.of("OATS_SOURCEGRAPH_TOKEN", "OATS_WEB_SEARCH_API_KEY", "OATS_PROMETHEUS_TOKEN");

  /** The settings OATS knows, with their defaults; the README lists the same. */
  public static final Map<String, String> DEFAULTS =
      Map.ofEntries(
          Map.entry("OATS_PROTOCOL", "native"),
          Map.entry("OATS_MAX_TURNS", "15"),
          Map.entry("OATS_TIMEOUT_SECONDS", "900"),
          Map.entry("OATS_CONTEXT_BUDGET", "12000"),
          Map.entry("OATS_MAX_OUTPUT_TOKENS", "4096"),
          Map.entry("OATS_MODEL_TIMEOUT_SECONDS", "120"),
          Map.entry("OATS_MODEL_MAX_RETRIES", "5"),
          Map.entry("OATS_TOOLS_DIR", "./tools"),
          Map.entry("OATS_RESULTS_DIR", "./results"),
          Map.entry("OATS_WORKSPACE", "./workspace"),
          Map.entry("OATS_TOOL_TIMEOUT_SECONDS", "60"),
          Map.entry("OATS_TOOL_OUTPUT_LIMIT", "16000"),
          Map.entry("OATS_ALLOW_WRITE", "false"),
          Map.entry("OATS_LOG_LEVEL", "INFO"),
          Map.entry("OATS_LOG_FORMAT", "text"));

  /** Loads from the process environment and the optional YAML file. */
  public static OatsConfig load() {
    return load(System.getenv(), Path.of("."));
  }

  /** Loads from the given environment, looking for {@code oats.yaml} in {@code directory}. */
  public static OatsConfig load(Map<String, String> environment, Path directory) {
    Map<String, String> merged = new HashMap<>(DEFAULTS);
    merged.putAll(readYaml(environment, directory));
    environment.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            merged.put(name, value.strip());
          }
        });
    readKeyFiles(merged);
    return resolve(merged);
  }

  /**
   * {@code ANTHROPIC_API_KEY_FILE} and the like: a secret read from a file (as Kubernetes mounts
   * Secrets), so it is not in OATS's environment for anything to read there. The variable itself,
   * when also set, wins.
   */
  private static void readKeyFiles(Map<String, String> values) {
    for (String name : KEY_FILE_VARIABLES) {
      String file = values.get(name + "_FILE");
      if (file == null || values.containsKey(name)) {
        continue;
      }
      try {
        String secret = Files.readString(Path.of(file)).strip();
        if (secret.isEmpty()) {
          throw new ConfigException(name + "_FILE names " + file + ", which is empty");
        }
        values.put(name, secret);
      } catch (IOException e) {
        throw new ConfigException(
            "Cannot read "
                + name
                + "_FILE "
                + file
                + ": "
                + e.getMessage()
                + ". Check the path and that OATS may read it.",
            e);
      }
    }
  }

  private static Map<String, String> readYaml(Map<String, String> environment, Path directory) {
    String explicit = environment.get("OATS_CONFIG");
    Path file = explicit != null ? Path.of(explicit) : directory.resolve("oats.yaml");
    if (!Files.exists(file)) {
      if (explicit != null) {
        throw new ConfigException("OATS_CONFIG names " + file + ", which does not exist");
      }
      return Map.of();
    }
    try {
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
      Map<String, String> values = new HashMap<>();
      if (root != null) {
        if (!root.isObject()) {
          throw new ConfigException(file + " must be a map of settings, like 'max_turns: 15'");
        }
        root.properties().forEach(e -> values.put(variableName(e.getKey()), e.getValue().asText()));
      }
      return values;
    } catch (IOException e) {
      throw new ConfigException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String variableName(String yamlKey) {
    String upper = yamlKey.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    boolean seedName =
        upper.startsWith("OATS_")
            || upper.startsWith("ANTHROPIC_")
            || upper.startsWith("OPENAI_")
            || upper.equals("AGENT_IMAGE")
            || upper.equals("API_KEY_SECRET_NAME");
    return seedName ? upper : "OATS_" + upper;
  }

  private static OatsConfig resolve(Map<String, String> values) {
    Reader read = new Reader(values);
    String anthropicKey = values.get("ANTHROPIC_API_KEY");
    String openaiKey = values.get("OPENAI_API_KEY");
    String openaiBaseUrl = values.get("OPENAI_BASE_URL");
    String provider = provider(values.get("OATS_PROVIDER"), anthropicKey, openaiKey, openaiBaseUrl);
    String model =
        values.getOrDefault(
            "OATS_MODEL",
            "openai".equals(provider) ? DEFAULT_OPENAI_MODEL : DEFAULT_ANTHROPIC_MODEL);
    String protocol = read.oneOf("OATS_PROTOCOL", "native", "text");
    String logFormat = read.oneOf("OATS_LOG_FORMAT", "text", "json");
    String logLevel =
        read.oneOf("OATS_LOG_LEVEL", "TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR");
    OatsConfig config =
        new OatsConfig(
            provider,
            model,
            anthropicKey,
            values.get("ANTHROPIC_BASE_URL"),
            openaiKey,
            openaiBaseUrl,
            protocol,
            read.positiveInt("OATS_MAX_TURNS"),
            Duration.ofSeconds(read.positiveInt("OATS_TIMEOUT_SECONDS")),
            read.positiveInt("OATS_CONTEXT_BUDGET"),
            read.positiveInt("OATS_MAX_OUTPUT_TOKENS"),
            Duration.ofSeconds(read.positiveInt("OATS_MODEL_TIMEOUT_SECONDS")),
            read.nonNegativeInt("OATS_MODEL_MAX_RETRIES"),
            Path.of(values.get("OATS_TOOLS_DIR")),
            Path.of(values.get("OATS_RESULTS_DIR")),
            Path.of(values.get("OATS_WORKSPACE")),
            Duration.ofSeconds(read.positiveInt("OATS_TOOL_TIMEOUT_SECONDS")),
            read.positiveInt("OATS_TOOL_OUTPUT_LIMIT"),
            read.bool("OATS_ALLOW_WRITE"),
            logLevel.equals("WARNING") ? "WARN" : logLevel,
            logFormat,
            publicSettings(values),
            toolSecrets(values));
    read.throwIfInvalid();
    return config;
  }

  private static String provider(
      String chosen, String anthropicKey, String openaiKey, String openaiBaseUrl) {
    if (chosen != null) {
      String name = chosen.toLowerCase(Locale.ROOT);
      if (!name.equals("anthropic") && !name.equals("openai")) {
        throw new ConfigException(
            "OATS_PROVIDER must be 'anthropic' or 'openai' (any OpenAI-compatible server), not '"
                + chosen
                + "'");
      }
      return name;
    }
    if (anthropicKey != null) {
      return "anthropic";
    }
    if (openaiKey != null || openaiBaseUrl != null) {
      return "openai";
    }
    return null;
  }

  private static Map<String, String> publicSettings(Map<String, String> values) {
    Map<String, String> settings = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          boolean ours =
              name.startsWith("OATS_")
                  || name.equals("AGENT_IMAGE")
                  || name.equals("API_KEY_SECRET_NAME")
                  || name.endsWith("_BASE_URL")
                  || (name.endsWith("_FILE") && !name.startsWith("OATS_"));
          if (ours && !SECRET_VARIABLES.contains(name)) {
            settings.put(name, value);
          }
        });
    return Map.copyOf(settings);
  }

  private static Map<String, String> toolSecrets(Map<String, String> values) {
    Map<String, String> secrets = new TreeMap<>();
    for (String name : TOOL_SECRETS) {
      if (values.get(name) != null) {
        secrets.put(name, values.get(name));
      }
    }
    return Map.copyOf(secrets);
  }

  /** What tool providers are given: the public settings and their backends' credentials. */
  public Map<String, String> toolSettings() {
    Map<String, String> all = new TreeMap<>(settings);
    all.putAll(toolSecrets);
    return Map.copyOf(all);
  }

  /**
   * The model key to use, or a {@link ConfigException} naming the variables to set when no provider
   * is usable.
   */
  public String requireModelAccess() {
    if (provider == null) {
      throw new ConfigException(
          "No language model is configured. Set ANTHROPIC_API_KEY (Anthropic), or OPENAI_API_KEY"
              + " (OpenAI), or OATS_PROVIDER=openai with OPENAI_BASE_URL for an OpenAI-compatible"
              + " server such as Ollama, vLLM or LiteLLM.");
    }
    if (provider.equals("anthropic") && anthropicApiKey == null) {
      throw new ConfigException(
          "OATS_PROVIDER is anthropic but ANTHROPIC_API_KEY is not set. Set it, or choose"
              + " OATS_PROVIDER=openai.");
    }
    if (provider.equals("openai") && openaiApiKey == null && openaiBaseUrl == null) {
      throw new ConfigException(
          "OATS_PROVIDER is openai but neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. Set"
              + " OPENAI_API_KEY for OpenAI, or OPENAI_BASE_URL for a compatible server.");
    }
    return provider;
  }

  /** The secret values in force, for the redactor to remove wherever they appear. */
  public List<String> secretValues(Map<String, String> environment) {
    List<String> secrets = new ArrayList<>();
    Map<String, String> withFiles = new HashMap<>();
    environment.forEach(
        (name, value) -> {
          if (value != null) {
            withFiles.put(name, value);
          }
        });
    try {
      readKeyFiles(withFiles);
    } catch (ConfigException unreadable) {
      // load() already reported it
    }
    for (String name : SECRET_VARIABLES) {
      String value = withFiles.get(name);
      if (value != null && !value.isBlank()) {
        secrets.add(value.strip());
      }
    }
    return secrets;
  }

  /** Parses settings, collecting every problem so one run reports them all. */
  private static final class Reader {
    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> values) {
      this.values = values;
    }

    int positiveInt(String name) {
      int value = integer(name);
      if (value < 1) {
        problems.add(name + " must be at least 1, not " + value);
      }
      return value;
    }

    int nonNegativeInt(String name) {
      int value = integer(name);
      if (value < 0) {
        problems.add(name + " must be 0 or more, not " + value);
      }
      return value;
    }

    private int integer(String name) {
      String raw = values.get(name);
      try {
        return Integer.parseInt(raw.replace("_", "").replace(",", ""));
      } catch (NumberFormatException e) {
        problems.add(name + " must be a whole number, not '" + raw + "'");
        return 1;
      }
    }

    boolean bool(String name) {
      String raw = values.get(name).toLowerCase(Locale.ROOT);
      return switch (raw) {
        case "true", "yes", "1", "on" -> true;
        case "false", "no", "0", "off" -> false;
        default -> {
          problems.add(name + " must be true or false, not '" + values.get(name) + "'");
          yield false;
        }
      };
    }

    String oneOf(String name, String... allowed) {
      String raw = values.get(name);
      for (String option : allowed) {
        if (option.equalsIgnoreCase(raw)) {
          return option;
        }
      }
      problems.add(name + " must be one of " + String.join(", ", allowed) + ", not '" + raw + "'");
      return allowed[0];
    }

    void throwIfInvalid() {
      if (!problems.isEmpty()) {
        throw new ConfigException("Invalid settings: " + String.join("; ", problems) + ".");
      }
    }
  }
}
