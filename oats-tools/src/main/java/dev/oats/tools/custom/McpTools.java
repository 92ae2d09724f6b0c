package dev.oats.tools.custom;

import dev.oats.config.Settings;
import dev.oats.tool.ToolProvider.Offer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The tools of the configured MCP servers. Servers are connected side by side, each within the
 * connect timeout, so a slow one does not add to the others' start.
 */
final class McpTools {

  static final String CONFIG = "OATS_MCP_CONFIG";
  static final String CONNECT_TIMEOUT = "OATS_MCP_CONNECT_TIMEOUT_SECONDS";
  static final String CALL_TIMEOUT = "OATS_MCP_CALL_TIMEOUT_SECONDS";
  static final int DEFAULT_CONNECT_TIMEOUT_SECONDS = Settings.defaultNumber(CONNECT_TIMEOUT);
  static final int DEFAULT_CALL_TIMEOUT_SECONDS = Settings.defaultNumber(CALL_TIMEOUT);

  private McpTools() {}

  /**
   * The configuration file: {@code OATS_MCP_CONFIG}, else {@code mcp.json} in the tools directory
   * when it exists; null when there is none.
   */
  static Path configFile(Map<String, String> settings, Path toolsDir) {
    String explicit = settings.get(CONFIG);
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit.strip());
    }
    Path standard = toolsDir.resolve("mcp.json");
    return Files.isRegularFile(standard) ? standard : null;
  }

  /**
   * One offer per tool of every server that answered, and one disabled offer per server (or for the
   * whole file) that could not be used, with the reason.
   */
  static List<Offer> offers(
      Path file,
      Map<String, String> settings,
      Map<String, String> childEnvironment,
      McpConnections connections) {
    String source = "mcp " + file.getFileName();
    String fileTool = ToolNames.fromFileName(file.getFileName().toString());
    if (!Files.isRegularFile(file)) {
      return List.of(
          Offer.disabled(
                  fileTool,
                  "%s names %s, which does not exist or is not a file".formatted(CONFIG, file))
              .from(source));
    }
    Duration connectTimeout;
    Duration callTimeout;
    try {
      connectTimeout = seconds(settings, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT_SECONDS);
      callTimeout = seconds(settings, CALL_TIMEOUT, DEFAULT_CALL_TIMEOUT_SECONDS);
    } catch (IllegalArgumentException e) {
      return List.of(Offer.disabled(fileTool, e.getMessage()).from(source));
    }
    McpConfigFile.Parsed parsed = McpConfigFile.read(file);
    List<Offer> offers = new ArrayList<>(parsed.problems());
    List<Future<List<Offer>>> servers;
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      servers =
          parsed.servers().stream()
              .map(
                  server ->
                      threads.submit(
                          () ->
                              server(
                                  server,
                                  childEnvironment,
                                  connections,
                                  connectTimeout,
                                  callTimeout)))
              .toList();
    }
    servers.forEach(server -> offers.addAll(server.resultNow()));
    return List.copyOf(offers);
  }

  private static List<Offer> server(
      McpServerConfig server,
      Map<String, String> childEnvironment,
      McpConnections connections,
      Duration connectTimeout,
      Duration callTimeout) {
    String source = "mcp " + server.name();
    try {
      McpConnections.Connection connection =
          connections.connect(server, childEnvironment, connectTimeout, callTimeout);
      return connection.tools().stream()
          .map(
              tool ->
                  Offer.enabled(new McpTool(server.name(), tool, connection.client(), callTimeout))
                      .from(source))
          .toList();
    } catch (McpConnections.UnavailableException e) {
      return unavailable(server, e.getMessage());
    } catch (RuntimeException e) {
      return unavailable(server, "cannot connect: " + e);
    }
  }

  private static List<Offer> unavailable(McpServerConfig server, String reason) {
    return List.of(
        Offer.disabled(
                server.toolName(),
                "MCP server '%s' (%s) is unavailable: %s"
                    .formatted(server.name(), server.describe(), reason))
            .from("mcp " + server.name()));
  }

  private static Duration seconds(Map<String, String> settings, String key, int fallback) {
    String value = settings.get(key);
    if (value == null || value.isBlank()) {
      return Duration.ofSeconds(fallback);
    }
    int seconds;
    try {
      seconds = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      seconds = 0;
    }
    if (seconds < 1) {
      throw new IllegalArgumentException(
          "%s must be a positive whole number of seconds, not '%s'".formatted(key, value));
    }
    return Duration.ofSeconds(seconds);
  }
}
