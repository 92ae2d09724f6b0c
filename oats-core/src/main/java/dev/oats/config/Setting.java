package dev.oats.config;

import java.util.List;
import java.util.Locale;

/**
 * One setting OATS knows: its environment variable, its key in {@code oats.yaml}, what kind of
 * value it takes and its default. {@link Settings#ALL} lists them all; nothing else defines a
 * default.
 *
 * @param variable the environment variable, such as {@code OATS_PORT}
 * @param group the part that uses it, for listings ({@code model}, {@code server}, ...)
 * @param kind what the value must be
 * @param defaultValue the value when nothing sets it, or null when there is none
 * @param defaultText how the default reads in listings when it is computed or absent
 * @param min the smallest whole number allowed (for {@link Kind#NUMBER})
 * @param max the largest whole number allowed (for {@link Kind#NUMBER})
 * @param choices the allowed values (for {@link Kind#CHOICE}), compared ignoring case
 * @param secret whether the value is a credential: masked in listings, never logged
 * @param meaning one line for listings and the README
 */
public record Setting(
    String variable,
    String group,
    Kind kind,
    String defaultValue,
    String defaultText,
    long min,
    long max,
    List<String> choices,
    boolean secret,
    String meaning) {

  /** What a value must be. */
  public enum Kind {
    TEXT,
    NUMBER,
    BOOLEAN,
    CHOICE,
    PATH,
    /** Several values: a YAML list, or one string separated by commas. */
    LIST,
    /** A YAML list or map, kept as JSON text (an environment variable holds the same as JSON). */
    STRUCTURED
  }

  public Setting {
    choices = List.copyOf(choices);
  }

  /**
   * The key in {@code oats.yaml}: the variable in lower case without {@code OATS_}, so {@code
   * OATS_PORT} is {@code port} and {@code AGENT_IMAGE} is {@code agent_image}.
   */
  public String yamlKey() {
    String lower = variable.toLowerCase(Locale.ROOT);
    return lower.startsWith("oats_") ? lower.substring(5) : lower;
  }

  /** What a value must look like, for messages: "a whole number from 0 to 65535". */
  public String expected() {
    return switch (kind) {
      case NUMBER ->
          max == Long.MAX_VALUE
              ? "a whole number of at least " + min
              : "a whole number from %d to %d".formatted(min, max);
      case BOOLEAN -> "true or false";
      case CHOICE -> "one of " + String.join(", ", choices);
      case PATH -> "a file or directory path";
      case LIST -> "a list, or values separated by commas";
      case STRUCTURED -> "a YAML list or map (JSON in an environment variable)";
      case TEXT -> "text";
    };
  }

  /** The default as listings show it. */
  public String describeDefault() {
    if (defaultText != null) {
      return defaultText;
    }
    return defaultValue == null ? "-" : defaultValue;
  }
}
