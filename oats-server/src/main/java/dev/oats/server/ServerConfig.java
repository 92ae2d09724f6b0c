package dev.oats.server;

import dev.oats.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The server's own settings, read once from the environment.
 *
 * @param host the address to listen on ({@code OATS_HOST}, default all interfaces)
 * @param port {@code OATS_PORT}, default 8000; 0 picks a free port
 * @param dataDir {@code OATS_DATA_DIR}, default {@code ./data}: the H2 database and the API keys
 * @param maxConcurrent {@code OATS_MAX_CONCURRENT}, default 4: investigations running at once
 * @param runner {@code OATS_RUNNER}: {@code local} (default) or {@code kubernetes}
 * @param apiKeys {@code OATS_API_KEYS}: comma-separated keys; null to use the keys file
 * @param apiKeysFile {@code OATS_API_KEYS_FILE}, default {@code <data>/api-keys}
 * @param cancelGrace how long a cancelled investigation may take to stop before it is ended
 * @param approvalTimeout {@code OATS_APPROVAL_TIMEOUT_SECONDS}, default 600: how long a call waits
 *     for a person before it is denied
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    int maxConcurrent,
    String runner,
    String apiKeys,
    Path apiKeysFile,
    Duration cancelGrace,
    Duration approvalTimeout) {

  public static ServerConfig from(Map<String, String> env) {
    Path dataDir = Path.of(env.getOrDefault("OATS_DATA_DIR", "./data"));
    String runner = env.getOrDefault("OATS_RUNNER", "local").toLowerCase(Locale.ROOT);
    if (!runner.equals("local") && !runner.equals("kubernetes")) {
      throw new ConfigException(
          "OATS_RUNNER must be 'local' or 'kubernetes', not '" + runner + "'");
    }
    return new ServerConfig(
        env.getOrDefault("OATS_HOST", "0.0.0.0"),
        number(env, "OATS_PORT", 8000, 0, 65_535),
        dataDir,
        number(env, "OATS_MAX_CONCURRENT", 4, 1, 1_000_000),
        runner,
        env.get("OATS_API_KEYS"),
        Path.of(env.getOrDefault("OATS_API_KEYS_FILE", dataDir.resolve("api-keys").toString())),
        Duration.ofSeconds(number(env, "OATS_CANCEL_GRACE_SECONDS", 10, 0, 3_600)),
        Duration.ofSeconds(number(env, "OATS_APPROVAL_TIMEOUT_SECONDS", 600, 1, 86_400)));
  }

  private static int number(Map<String, String> env, String name, int fallback, int min, int max) {
    String raw = env.get(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.strip());
      if (value < min || value > max) {
        throw new ConfigException(
            "%s must be between %d and %d, not %d".formatted(name, min, max, value));
      }
      return value;
    } catch (NumberFormatException e) {
      throw new ConfigException(name + " must be a whole number, not '" + raw + "'");
    }
  }
}
