package dev.oats.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The merged values and their typed reading. Every problem is collected, so one run reports all of
 * them, each naming the key as it was set (the variable, or the key in the file), the value and
 * what was expected.
 */
final class EffectiveValues {

  private final Map<String, ConfigValue> values;
  private final List<String> problems = new ArrayList<>();

  EffectiveValues(Map<String, ConfigValue> values) {
    this.values = values;
  }

  /** The text of a setting, or null when neither a default nor anything else sets it. */
  String text(String variable) {
    ConfigValue value = values.get(variable);
    return value == null || value.value().isBlank() ? null : value.value().strip();
  }

  int number(String variable) {
    long value = longNumber(variable);
    return (int) Math.min(Integer.MAX_VALUE, value);
  }

  Duration seconds(String variable) {
    return Duration.ofSeconds(longNumber(variable));
  }

  private long longNumber(String variable) {
    Setting setting = Settings.ALL.get(variable);
    String raw = text(variable);
    if (raw == null) {
      return setting.min();
    }
    long value;
    try {
      value = Long.parseLong(raw.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      problems.add(name(variable) + " must be a whole number, not '" + raw + "'");
      return Math.max(setting.min(), 1);
    }
    if (value < setting.min() || value > setting.max()) {
      String range =
          setting.max() == Long.MAX_VALUE
              ? "at least " + setting.min()
              : "from %d to %d".formatted(setting.min(), setting.max());
      problems.add(name(variable) + " must be " + range + ", not " + value);
      return setting.min();
    }
    return value;
  }

  boolean bool(String variable) {
    String raw = text(variable);
    return switch (raw == null ? "false" : raw.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> {
        problems.add(name(variable) + " must be true or false, not '" + raw + "'");
        yield false;
      }
    };
  }

  /** The allowed spelling of a choice, or null when unset. */
  String choice(String variable) {
    Setting setting = Settings.ALL.get(variable);
    String raw = text(variable);
    if (raw == null) {
      return null;
    }
    for (String option : setting.choices()) {
      if (option.equalsIgnoreCase(raw)) {
        return option;
      }
    }
    problems.add(
        "%s must be one of %s, not '%s'"
            .formatted(name(variable), String.join(", ", setting.choices()), raw));
    return setting.defaultValue();
  }

  Path path(String variable) {
    String raw = text(variable);
    return raw == null ? null : Path.of(raw);
  }

  List<String> list(String variable) {
    String raw = text(variable);
    if (raw == null) {
      return List.of();
    }
    return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  void problem(String message) {
    problems.add(message);
  }

  /** How a message names a setting: as it was set, so the user finds what to change. */
  String name(String variable) {
    ConfigValue value = values.get(variable);
    if (value == null) {
      return variable;
    }
    return switch (value.source().kind()) {
      case FILE ->
          Settings.byVariable(variable).map(Setting::yamlKey).orElse(variable)
              + " (in "
              + value.source().where()
              + ")";
      case OPTION -> value.source().where();
      case DEFAULT, ENVIRONMENT -> variable;
    };
  }

  void throwIfInvalid() {
    if (!problems.isEmpty()) {
      throw new ConfigException("Invalid settings: " + String.join("; ", problems) + ".");
    }
  }
}
