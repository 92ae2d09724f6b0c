package dev.oats.tools.custom;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * One entry of the MCP configuration: a server started as a child process that speaks over its
 * stdin and stdout, or a server reached by streamable HTTP.
 *
 * @param name the entry's key under {@code mcpServers}
 * @param command the program for a stdio server, else null
 * @param args its arguments
 * @param env the variables the server gets beside PATH and HOME
 * @param url the endpoint of an HTTP server, else null
 * @param headers headers sent with every HTTP request, such as {@code Authorization}
 */
record McpServerConfig(
    String name,
    String command,
    List<String> args,
    Map<String, String> env,
    URI url,
    Map<String, String> headers) {

  private static final int DESCRIBED_LENGTH = 160;

  McpServerConfig {
    args = List.copyOf(args);
    env = Map.copyOf(env);
    headers = Map.copyOf(headers);
  }

  static McpServerConfig stdio(
      String name, String command, List<String> args, Map<String, String> env) {
    return new McpServerConfig(name, command, args, env, null, Map.of());
  }

  static McpServerConfig http(String name, URI url, Map<String, String> headers) {
    return new McpServerConfig(name, null, List.of(), Map.of(), url, headers);
  }

  boolean isStdio() {
    return command != null;
  }

  /**
   * What the server is, for messages: its command line (cut when long, as a class path makes it) or
   * its URL, never its env or headers.
   */
  String describe() {
    if (!isStdio()) {
      return url.toString();
    }
    String line = String.join(" ", command, String.join(" ", args)).strip();
    return line.length() <= DESCRIBED_LENGTH ? line : line.substring(0, DESCRIBED_LENGTH) + "…";
  }

  /** Leaves out env and headers, which may hold credentials. */
  @Override
  public String toString() {
    return "McpServerConfig[" + name + ": " + describe() + "]";
  }

  /** The tool-name form of the server's name, for the offer that reports its failure. */
  String toolName() {
    return ToolNames.sanitise(name);
  }
}
