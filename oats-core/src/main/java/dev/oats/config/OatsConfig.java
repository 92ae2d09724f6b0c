package dev.oats.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every setting of OATS, read once by {@link #load}: built-in defaults (the table in {@link
 * Settings}), then {@code oats.yaml} (found as {@link ConfigFile} says), then environment
 * variables, each later one winning. The parts get typed records: the agent and model the fields
 * here, and {@link #server}, {@link #store}, {@link #kubernetes}, {@link #logging}; tools get
 * {@link #toolSettings}.
 *
 * @param provider {@code anthropic} or {@code openai}; null when no provider is usable
 * @param logging how to log, for the CLI's logging set-up
 * @param server the HTTP server's settings
 * @param store where the store lives
 * @param kubernetes how the Kubernetes runner makes Jobs
 * @param settings every resolved setting without secrets, by variable name (built-in ones, plugin
 *     ones from {@code plugin_settings} or any other {@code OATS_*} variable), for tool providers
 * @param toolSecrets the credentials of the built-in tools' backends
 * @param values every setting's effective value and where it came from, masked when shown
 * @param file the {@code oats.yaml} that was read, or null
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
    LoggingConfig logging,
    ServerConfig server,
    StoreConfig store,
    KubernetesConfig kubernetes,
    Map<String, String> settings,
    Map<String, String> toolSecrets,
    Map<String, ConfigValue> values,
    Path file) {

  public static final String DEFAULT_ANTHROPIC_MODEL = "claude-sonnet-4-5";
  public static final String DEFAULT_OPENAI_MODEL = "gpt-4.1";

  /** Variables whose values are secrets: never logged, listed or passed to tools. */
  public static final List<String> SECRET_VARIABLES =
      Settings.ALL.values().stream().filter(Setting::secret).map(Setting::variable).toList();

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

  /** Variables that are about finding the configuration, not settings themselves. */
  private static final List<String> NOT_SETTINGS = List.of("OATS_CONFIG");

  /** Loads from the given environment, looking for {@code oats.yaml} in {@code directory} first. */
  public static OatsConfig load(Map<String, String> environment, Path directory) {
    return load(environment, directory, null);
  }

  /**
   * Loads from the given environment and the file {@link ConfigFile#locate} finds.
   *
   * @param configOption the {@code --config} option, or null
   * @throws ConfigException naming every unknown key and every wrong value
   */
  public static OatsConfig load(
      Map<String, String> environment, Path directory, Path configOption) {
    return load(environment, directory, configOption, Map.of());
  }

  /**
   * As {@link #load(Map, Path, Path)}, with some defaults replaced (the command line keeps its
   * files in the user's data directory); the file and the environment still override them.
   */
  public static OatsConfig load(
      Map<String, String> environment,
      Path directory,
      Path configOption,
      Map<String, String> defaults) {
    Optional<Path> file = ConfigFile.locate(configOption, environment, directory);
    Map<String, ConfigValue> layered = new LinkedHashMap<>();
    defaults.forEach(
        (name, value) -> layered.put(name, new ConfigValue(name, value, Source.DEFAULT, false)));
    layered.putAll(file.map(ConfigFile::read).orElse(Map.of()));
    return resolve(layered, environment, file.orElse(null));
  }

  /** From the environment and defaults only, no file: for a Job's agent and for tests. */
  public static OatsConfig fromEnvironment(Map<String, String> environment) {
    return resolve(Map.of(), environment, null);
  }

  private static OatsConfig resolve(
      Map<String, ConfigValue> fromFile, Map<String, String> environment, Path file) {
    Map<String, ConfigValue> merged = new LinkedHashMap<>();
    Settings.ALL.values().stream()
        .filter(s -> s.defaultValue() != null)
        .forEach(
            s ->
                merged.put(
                    s.variable(),
                    new ConfigValue(s.variable(), s.defaultValue(), Source.DEFAULT, s.secret())));
    merged.putAll(fromFile);
    environment.forEach(
        (name, value) -> {
          boolean ours =
              Settings.ALL.containsKey(name)
                  || name.startsWith("OATS_")
                  || KEY_FILE_VARIABLES.contains(name.replaceFirst("_FILE$", ""));
          if (ours && !NOT_SETTINGS.contains(name) && value != null && !value.isBlank()) {
            merged.put(
                name,
                new ConfigValue(
                    name,
                    value.strip(),
                    Source.environment(name),
                    SECRET_VARIABLES.contains(name)));
          }
        });
    readKeyFiles(merged, environment);
    derivedDefaults(merged);
    EffectiveValues read = new EffectiveValues(merged);
    String anthropicKey = read.text("ANTHROPIC_API_KEY");
    String openaiKey = read.text("OPENAI_API_KEY");
    String openaiBaseUrl = read.text("OPENAI_BASE_URL");
    String provider = provider(read.text("OATS_PROVIDER"), anthropicKey, openaiKey, openaiBaseUrl);
    String model = read.text("OATS_MODEL");
    if (model == null) {
      model = "openai".equals(provider) ? DEFAULT_OPENAI_MODEL : DEFAULT_ANTHROPIC_MODEL;
    }
    String logLevel = read.choice("OATS_LOG_LEVEL");
    read.bool("OATS_TRACE_CONTENT");
    OatsConfig config =
        new OatsConfig(
            provider,
            model,
            anthropicKey,
            read.text("ANTHROPIC_BASE_URL"),
            openaiKey,
            openaiBaseUrl,
            read.choice("OATS_PROTOCOL"),
            read.number("OATS_MAX_TURNS"),
            read.seconds("OATS_TIMEOUT_SECONDS"),
            read.number("OATS_CONTEXT_BUDGET"),
            read.number("OATS_MAX_OUTPUT_TOKENS"),
            read.seconds("OATS_MODEL_TIMEOUT_SECONDS"),
            read.number("OATS_MODEL_MAX_RETRIES"),
            read.path("OATS_TOOLS_DIR"),
            read.path("OATS_RESULTS_DIR"),
            read.path("OATS_WORKSPACE"),
            read.seconds("OATS_TOOL_TIMEOUT_SECONDS"),
            read.number("OATS_TOOL_OUTPUT_LIMIT"),
            read.bool("OATS_ALLOW_WRITE"),
            new LoggingConfig(
                logLevel.equals("WARNING") ? "WARN" : logLevel, read.choice("OATS_LOG_FORMAT")),
            server(read),
            new StoreConfig(
                read.text("OATS_DB_URL"), read.text("OATS_DB_USER"), read.text("OATS_DB_PASSWORD")),
            kubernetes(read),
            publicSettings(merged),
            toolSecrets(merged),
            Collections.unmodifiableMap(merged),
            file);
    read.throwIfInvalid();
    return config;
  }

  /**
   * {@code ANTHROPIC_API_KEY_FILE} and the like: a secret read from a file (as Kubernetes mounts
   * Secrets), so it is not in OATS's environment for anything to read there. The variable itself,
   * when also set, wins.
   */
  private static void readKeyFiles(
      Map<String, ConfigValue> values, Map<String, String> environment) {
    for (String name : KEY_FILE_VARIABLES) {
      String file = environment.get(name + "_FILE");
      if (file == null || file.isBlank() || values.containsKey(name)) {
        continue;
      }
      try {
        String secret = Files.readString(Path.of(file.strip())).strip();
        if (secret.isEmpty()) {
          throw new ConfigException(name + "_FILE names " + file + ", which is empty");
        }
        values.put(name, new ConfigValue(name, secret, Source.environment(name + "_FILE"), true));
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

  /** Defaults computed from other settings: the keys file and the H2 database in the data dir. */
  private static void derivedDefaults(Map<String, ConfigValue> merged) {
    Path dataDir = Path.of(merged.get("OATS_DATA_DIR").value());
    merged.putIfAbsent(
        "OATS_API_KEYS_FILE",
        new ConfigValue(
            "OATS_API_KEYS_FILE", dataDir.resolve("api-keys").toString(), Source.DEFAULT, false));
    merged.putIfAbsent(
        "OATS_DB_URL",
        new ConfigValue("OATS_DB_URL", StoreConfig.h2FileUrl(dataDir), Source.DEFAULT, false));
  }

  private static ServerConfig server(EffectiveValues read) {
    return new ServerConfig(
        read.text("OATS_HOST"),
        read.number("OATS_PORT"),
        read.path("OATS_DATA_DIR"),
        read.number("OATS_MAX_CONCURRENT"),
        read.choice("OATS_RUNNER"),
        read.text("OATS_API_KEYS"),
        read.path("OATS_API_KEYS_FILE"),
        read.seconds("OATS_CANCEL_GRACE_SECONDS"),
        read.seconds("OATS_APPROVAL_TIMEOUT_SECONDS"),
        publicUrl(read),
        read.path("OATS_UI_DEV_DIR"),
        read.number("OATS_STREAMS_PER_KEY"));
  }

  private static String publicUrl(EffectiveValues read) {
    String raw = read.text("OATS_PUBLIC_URL");
    if (raw == null) {
      return null;
    }
    String url = raw.replaceAll("/+$", "");
    if (!ServerConfig.SAFE_URL.matcher(url).matches()) {
      read.problem(
          read.name("OATS_PUBLIC_URL")
              + " must be an http:// or https:// URL of letters, digits, '.', '-', ':' and '/' (it"
              + " is pasted into shell commands), like https://oats.example.com, not '"
              + raw
              + "'");
      return null;
    }
    return url;
  }

  private static KubernetesConfig kubernetes(EffectiveValues read) {
    return new KubernetesConfig(
        read.text("AGENT_IMAGE"),
        read.text("API_KEY_SECRET_NAME"),
        read.text("OATS_JOB_NAMESPACE"),
        read.text("OATS_AGENT_SERVICE_ACCOUNT"),
        read.text("OATS_SERVER_URL"),
        read.text("OATS_AGENT_CPU_REQUEST"),
        read.text("OATS_AGENT_MEMORY_REQUEST"),
        read.text("OATS_AGENT_CPU_LIMIT"),
        read.text("OATS_AGENT_MEMORY_LIMIT"),
        read.seconds("OATS_AGENT_REPORT_GRACE_SECONDS"),
        read.seconds("OATS_AGENT_START_GRACE_SECONDS"),
        read.choice("OATS_AGENT_AUTH"));
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

  private static Map<String, String> publicSettings(Map<String, ConfigValue> values) {
    Map<String, String> settings = new TreeMap<>();
    values.forEach(
        (name, value) -> {
          if (!value.secret()) {
            settings.put(name, value.value());
          }
        });
    return Map.copyOf(settings);
  }

  private static Map<String, String> toolSecrets(Map<String, ConfigValue> values) {
    Map<String, String> secrets = new TreeMap<>();
    for (String name : TOOL_SECRETS) {
      if (values.get(name) != null) {
        secrets.put(name, values.get(name).value());
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

  /** The built-in tools' backends, typed, as the tools read them from {@link #toolSettings}. */
  public ToolConfig tools() {
    return ToolConfig.from(toolSettings());
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
  public List<String> secretValues() {
    List<String> secrets = new ArrayList<>();
    values.values().stream()
        .filter(ConfigValue::secret)
        .map(v -> v.value().strip())
        .filter(v -> !v.isEmpty())
        .forEach(secrets::add);
    return secrets;
  }

  /**
   * The secret values in force: those of this configuration (wherever they were set) and any of the
   * secret variables in {@code environment}.
   */
  public List<String> secretValues(Map<String, String> environment) {
    List<String> secrets = secretValues();
    for (String name : SECRET_VARIABLES) {
      String value = environment.get(name);
      if (value != null && !value.isBlank() && !secrets.contains(value.strip())) {
        secrets.add(value.strip());
      }
    }
    return secrets;
  }

  /**
   * {@code OATS_TRACE_CONTENT}: whether trace spans carry prompts, answers and tool input and
   * output (always redacted). Off by default: spans then hold names, counts and outcomes only.
   */
  public boolean traceContent() {
    return new EffectiveValues(values).bool("OATS_TRACE_CONTENT");
  }

  /** Secrets must never reach a log: the record's own {@code toString} would show the keys. */
  @Override
  public String toString() {
    return "OatsConfig" + values.values();
  }
}
