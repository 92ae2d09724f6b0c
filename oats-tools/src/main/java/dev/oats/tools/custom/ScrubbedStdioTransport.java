package dev.oats.tools.custom;

import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;

/**
 * The SDK's stdio transport, but the server process starts from an empty environment instead of a
 * copy of OATS's own, which holds the model API keys. What the server's environment holds is set by
 * the command line {@link McpConnections} builds ({@code env -i NAME=value … command}), since the
 * SDK adds a few of OATS's variables of its own choosing to the parameters' environment.
 */
final class ScrubbedStdioTransport extends StdioClientTransport {

  ScrubbedStdioTransport(ServerParameters parameters, McpJsonMapper mapper) {
    super(parameters, mapper);
  }

  @Override
  protected ProcessBuilder getProcessBuilder() {
    ProcessBuilder builder = new ProcessBuilder();
    builder.environment().clear();
    return builder;
  }
}
