package dev.oats.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The server's own settings.
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
 * @param uiDevDir {@code OATS_UI_DEV_DIR}: a directory the web UI's assets are served from, read on
 *     every request (front-end dev mode); null to serve the UI inside the jar
 * @param streamsPerKey {@code OATS_STREAMS_PER_KEY}, default 100: live event streams (SSE and
 *     WebSocket together) one API key may hold open on a server at once
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
    String publicUrl,
    Path uiDevDir,
    int streamsPerKey) {

  /** What may appear in a URL pasted into a shell command: no quotes, spaces or {@code $}. */
  static final Pattern SAFE_URL =
      Pattern.compile("https?://[A-Za-z0-9.\\-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/\\-]*)?");

  /** The URL clients use: the configured one, else the address the server listens on. */
  public String clientUrl(int boundPort) {
    if (publicUrl != null) {
      return publicUrl;
    }
    boolean everyInterface = host.equals("0.0.0.0") || host.equals("::") || host.isBlank();
    String shown = everyInterface ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return "http://" + shown + ":" + boundPort;
  }

  /** {@code apiKeys} is a secret: it never reaches a log through {@code toString}. */
  @Override
  public String toString() {
    return "ServerConfig[host=%s, port=%d, dataDir=%s, maxConcurrent=%d, runner=%s, apiKeys=%s, apiKeysFile=%s, cancelGrace=%s, approvalTimeout=%s, publicUrl=%s, uiDevDir=%s, streamsPerKey=%d]"
        .formatted(
            host,
            port,
            dataDir,
            maxConcurrent,
            runner,
            apiKeys == null ? null : "****",
            apiKeysFile,
            cancelGrace,
            approvalTimeout,
            publicUrl,
            uiDevDir,
            streamsPerKey);
  }
}
