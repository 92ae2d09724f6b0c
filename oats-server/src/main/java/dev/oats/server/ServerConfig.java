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
 * @param publicUrl {@code OATS_PUBLIC_URL}: the server's URL as clients reach it (behind a proxy or
 *     an ingress), for the commands it hands out; null to use the address it listens on
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
    Duration approvalTimeout,
    String publicUrl) {

  /** What may appear in a URL pasted into a shell command: no quotes, spaces or {@code $}. */
  private static final java.util.regex.Pattern SAFE_URL =
      java.util.regex.Pattern.compile(
          "https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/\\-]*)?");

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
        number(env, "OATS_MAX_CONCURRENT", 4, 1, 1_000),
        runner,
        env.get("OATS_API_KEYS"),
        Path.of(env.getOrDefault("OATS_API_KEYS_FILE", dataDir.resolve("api-keys").toString())),
        Duration.ofSeconds(number(env, "OATS_CANCEL_GRACE_SECONDS", 10, 0, 3_600)),
        Duration.ofSeconds(number(env, "OATS_APPROVAL_TIMEOUT_SECONDS", 600, 1, 86_400)),
        publicUrl(env.get("OATS_PUBLIC_URL")));
  }

  /** The URL clients use: the configured one, else the address the server listens on. */
  public String clientUrl(int boundPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    boolean everyInterface = host.equals("0.0.0.0") || host.equals("::") || host.isBlank();
    String shown = everyInterface ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + boundPort;
  }

  private static String publicUrl(String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    String url = raw.strip().replaceAll("/+$", "");
    if (!SAFE_URL.matcher(url).matches()) {
      throw new ConfigException(
          "OATS_PUBLIC_URL must be an http:// or https:// URL of letters, digits, '.', '-', ':'"
              + " and '/' (it is pasted into shell commands), like https://oats.example.com, not '"
              + raw
              + "'");
    }
    return url;
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
