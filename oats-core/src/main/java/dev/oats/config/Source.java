package dev.oats.config;

import java.nio.file.Path;

/**
 * Where a setting's value came from, for {@code oats config} and for messages that say what to fix.
 *
 * @param kind default, a file, an environment variable or a command-line option
 * @param where the file's path, the variable's or the option's name; empty for a default
 */
public record Source(Kind kind, String where) {

  public enum Kind {
    DEFAULT,
    FILE,
    ENVIRONMENT,
    OPTION
  }

  public static final Source DEFAULT = new Source(Kind.DEFAULT, "");

  public static Source file(Path file) {
    return new Source(Kind.FILE, file.toAbsolutePath().normalize().toString());
  }

  public static Source environment(String variable) {
    return new Source(Kind.ENVIRONMENT, variable);
  }

  public static Source option(String name) {
    return new Source(Kind.OPTION, name);
  }

  /** "default", "env OATS_PORT", "/etc/oats/oats.yaml", "option --max-turns". */
  public String describe() {
    return switch (kind) {
      case DEFAULT -> "default";
      case FILE -> where;
      case ENVIRONMENT -> "env " + where;
      case OPTION -> "option " + where;
    };
  }
}
