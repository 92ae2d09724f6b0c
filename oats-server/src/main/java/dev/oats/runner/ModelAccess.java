package dev.oats.runner;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import java.util.Optional;

/**
 * Whether the server can reach a language model. A server without one still starts, so that its
 * generated API key, its UI and {@code /readyz} can tell the user what to set; it refuses
 * investigations with the same message until it is restarted with a model configured.
 */
public final class ModelAccess {

  private ModelAccess() {}

  /** Empty when a model is configured; otherwise what is missing and which variables to set. */
  public static Optional<String> problem(OatsConfig config) {
    try {
      config.requireModelAccess();
      return Optional.empty();
    } catch (ConfigException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The message a refused investigation gets: the problem, and that a restart is needed. */
  public static String refusal(String problem) {
    return problem + " Then restart the server: investigations are refused until it has a model.";
  }
}
