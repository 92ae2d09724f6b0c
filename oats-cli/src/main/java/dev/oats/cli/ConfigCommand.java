package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.OatsConfig;
import dev.oats.config.Setting;
import dev.oats.config.Settings;
import dev.oats.config.Source;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * Prints the effective configuration: every setting, its value (secrets masked) and where the value
 * came from. Its lines are the same keys the README documents.
 */
@Command(
    name = "config",
    description = {
      "Show the effective configuration: each setting's value and where it came from (default,"
          + " the oats.yaml file, or an environment variable). Secrets are masked."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shown",
      "1:the configuration is invalid (the message says where)",
      "2:bad command line"
    },
    footer = {"%nExample:", "  oats config --config ./oats.yaml"})
final class ConfigCommand implements Callable<Integer> {

  private static final String ROW = "%-30s %-40s %s%n";

  @ParentCommand Main main;

  @Override
  public Integer call() {
    OatsConfig config;
    try {
      config = main.config();
    } catch (ConfigException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    }
    main.out.println(
        "Configuration file: "
            + (config.file() == null
                ? "none (looked for --config, OATS_CONFIG, ./oats.yaml, then"
                    + " $XDG_CONFIG_HOME/oats/oats.yaml or ~/.config/oats/oats.yaml)"
                : config.file().toAbsolutePath().normalize()));
    main.out.println(
        "Environment variables override the file, the file overrides defaults. A key's variable is"
            + " OATS_<KEY> in capitals (the seed's AGENT_IMAGE, API_KEY_SECRET_NAME, ANTHROPIC_* and"
            + " OPENAI_* have no prefix).");
    String group = "";
    for (Setting setting : Settings.ALL.values()) {
      if (!setting.group().equals(group)) {
        group = setting.group();
        main.out.printf("%n[%s]%n", group);
        main.out.printf(ROW, "KEY", "VALUE", "SOURCE");
      }
      ConfigValue value = config.values().get(setting.variable());
      main.out.printf(
          ROW, setting.yamlKey(), shown(setting, value, config), source(setting, value, config));
    }
    printPluginSettings(config.values());
    return 0;
  }

  private static String shown(Setting setting, ConfigValue value, OatsConfig config) {
    if (value != null) {
      return value.masked();
    }
    // Chosen from other settings: show what is in force, not a blank.
    return switch (setting.variable()) {
      case "OATS_PROVIDER" -> config.provider() == null ? "- (no key set)" : config.provider();
      case "OATS_MODEL" -> config.model();
      default -> setting.defaultText() == null ? "-" : "(" + setting.defaultText() + ")";
    };
  }

  private static String source(Setting setting, ConfigValue value, OatsConfig config) {
    if (value != null) {
      return value.source().describe();
    }
    boolean derived =
        setting.variable().equals("OATS_MODEL")
            || (setting.variable().equals("OATS_PROVIDER") && config.provider() != null);
    return derived ? Source.DEFAULT.describe() : "unset";
  }

  private void printPluginSettings(Map<String, ConfigValue> values) {
    var others =
        values.values().stream().filter(v -> !Settings.ALL.containsKey(v.variable())).toList();
    if (others.isEmpty()) {
      return;
    }
    main.out.printf("%n[plugin settings]%n");
    main.out.printf(ROW, "KEY", "VALUE", "SOURCE");
    for (ConfigValue value : others) {
      main.out.printf(
          ROW,
          value.variable().substring("OATS_".length()).toLowerCase(java.util.Locale.ROOT),
          looksSecret(value.variable()) ? "****" : value.masked(),
          value.source().describe());
    }
  }

  /** A plugin's setting is not in the table, so its name decides, as for child environments. */
  private static boolean looksSecret(String variable) {
    return variable.matches("(?i).*(KEY|TOKEN|SECRET|PASSW|PWD|CREDENTIAL|AUTH).*");
  }
}
