package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.oats.tool.ToolProvider.Offer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the MCP configuration in the format other MCP clients use:
 *
 * <pre>{@code
 * {"mcpServers": {
 *   "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
 *              "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "…"}},
 *   "docs":   {"url": "http://127.0.0.1:3000/mcp", "headers": {"Authorization": "Bearer …"}}}}
 * }</pre>
 *
 * A {@code .json} file is read as JSON, any other as YAML with the same shape. An entry may also
 * say {@code "type"} ({@code stdio}, {@code http} or {@code streamable-http}; {@code sse} is not
 * supported) and {@code "disabled": true}; other keys that other clients use are ignored.
 */
final class McpConfigFile {

  /**
   * What the file says.
   *
   * @param servers the servers to connect to
   * @param problems disabled offers for entries (or the whole file) that cannot be used
   */
  record Parsed(List<McpServerConfig> servers, List<Offer> problems) {}

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Path file;
  private final String source;
  private final List<McpServerConfig> servers = new ArrayList<>();
  private final List<Offer> problems = new ArrayList<>();

  private McpConfigFile(Path file) {
    this.file = file;
    this.source = "mcp " + file.getFileName();
  }

  static Parsed read(Path file) {
    return new McpConfigFile(file).parse();
  }

  private Parsed parse() {
    JsonNode root;
    try {
      root = mapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      return wholeFile("cannot parse it" + ParseErrors.describe(e));
    } catch (IOException e) {
      return wholeFile("cannot read %s: %s".formatted(file, e));
    }
    JsonNode entries = root == null ? null : root.get("mcpServers");
    if (entries == null || !entries.isObject()) {
      return wholeFile(
          "%s has no mcpServers mapping; write {\"mcpServers\": {\"name\": {\"command\": …}}}"
              .formatted(file.getFileName()));
    }
    entries.properties().forEach(entry -> server(entry.getKey(), entry.getValue()));
    return new Parsed(List.copyOf(servers), List.copyOf(problems));
  }

  private ObjectMapper mapper() {
    if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
      return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    }
    return new YAMLMapper(
        YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
  }

  private Parsed wholeFile(String reason) {
    return new Parsed(
        List.of(),
        List.of(
            Offer.disabled(ToolNames.fromFileName(file.getFileName().toString()), reason)
                .from(source)));
  }

  private void server(String name, JsonNode entry) {
    try {
      McpServerConfig server = entry(name, entry);
      if (server != null) {
        servers.add(server);
      }
    } catch (IllegalArgumentException e) {
      problems.add(
          Offer.disabled(
                  ToolNames.sanitise(name), "server '%s': %s".formatted(name, e.getMessage()))
              .from(source));
    }
  }

  /** The server, or null when the entry is switched off; bad entries throw with what to fix. */
  private McpServerConfig entry(String name, JsonNode entry) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException("the entry must be a mapping with command or url");
    }
    if (entry.path("disabled").asBoolean(false)) {
      problems.add(
          Offer.disabled(ToolNames.sanitise(name), "disabled in " + file.getFileName())
              .from(source));
      return null;
    }
    String type = entry.path("type").asText("").toLowerCase(Locale.ROOT);
    if (type.equals("sse")) {
      throw new IllegalArgumentException(
          "the SSE transport is not supported; give the server's streamable HTTP endpoint as url");
    }
    boolean hasCommand = entry.hasNonNull("command");
    boolean hasUrl = entry.hasNonNull("url");
    if (hasCommand == hasUrl) {
      throw new IllegalArgumentException(
          "give either command (a server OATS starts, speaking over stdio) or url (a streamable"
              + " HTTP endpoint), not "
              + (hasCommand ? "both" : "neither"));
    }
    if (hasCommand) {
      return McpServerConfig.stdio(
          name, text(entry.get("command"), "command"), list(entry.get("args")), map(entry, "env"));
    }
    return McpServerConfig.http(name, url(entry.get("url")), map(entry, "headers"));
  }

  private static String text(JsonNode node, String what) {
    if (!node.isValueNode() || node.asText().isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-empty string");
    }
    return node.asText();
  }

  private static List<String> list(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException("args must be a list of strings");
    }
    List<String> values = new ArrayList<>();
    node.forEach(value -> values.add(text(value, "each of args")));
    return values;
  }

  private static Map<String, String> map(JsonNode entry, String key) {
    JsonNode node = entry.get(key);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      throw new IllegalArgumentException(key + " must be a mapping of names to strings");
    }
    Map<String, String> values = new LinkedHashMap<>();
    node.properties()
        .forEach(
            e -> {
              if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException(
                    "%s.%s must be a string".formatted(key, e.getKey()));
              }
              if (key.equals("env") && !VARIABLE_NAME.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException(
                    "env name '%s' is not a variable name (letters, digits and _)"
                        .formatted(e.getKey()));
              }
              values.put(e.getKey(), e.getValue().asText());
            });
    return values;
  }

  private static URI url(JsonNode node) {
    String text = text(node, "url");
    try {
      URI url = new URI(text);
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if ((!scheme.equals("http") && !scheme.equals("https")) || url.getHost() == null) {
        throw new IllegalArgumentException(
            "url '%s' must be an http or https URL, like http://127.0.0.1:3000/mcp"
                .formatted(text));
      }
      return url;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url '%s' is not a valid URL: %s".formatted(text, e));
    }
  }
}
