package dev.oats.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the command line keeps its files unless told otherwise: the user's data directory ({@code
 * $XDG_DATA_HOME/oats}, else {@code ~/.local/share/oats}), so that {@code results/}, {@code
 * workspace/} and {@code data/} do not appear in whatever directory {@code oats} was run from.
 * {@code oats.yaml} and the environment still override each of them.
 */
final class UserDirectories {

  private UserDirectories() {}

  /** The base: {@code $XDG_DATA_HOME/oats}, else {@code $HOME/.local/share/oats}. */
  static Path base(Map<String, String> environment) {
    String xdg = environment.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "oats");
    }
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    return Path.of(home, ".local", "share", "oats");
  }

  /** The defaults that replace the working-directory ones. */
  static Map<String, String> defaults(Map<String, String> environment) {
    Path base = base(environment);
    return Map.of(
        "OATS_RESULTS_DIR", base.resolve("results").toString(),
        "OATS_WORKSPACE", base.resolve("workspace").toString(),
        "OATS_DATA_DIR", base.resolve("data").toString());
  }
}
