package dev.oats.tools.custom;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * An MCP server on 127.0.0.1 speaking the streamable HTTP transport in its stateless form: each
 * JSON-RPC request is a POST answered with one JSON response, notifications get 202. The SDK's own
 * stateless server handles the messages; only the HTTP plumbing is here, on the JDK's server, since
 * the SDK's HTTP server transports need a servlet container. It records each request's headers.
 */
final class HttpMcpServer implements AutoCloseable {

  final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();

  private final McpJsonMapper mapper = McpJsonDefaults.getMapper();
  private final HttpServer http;
  private final McpStatelessSyncServer server;
  private volatile McpStatelessServerHandler handler;

  HttpMcpServer() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext("/mcp", this::exchange);
    server =
        McpServer.sync(new Transport())
            .serverInfo("oats-test-http-server", "1.0")
            .jsonSchemaValidator(new McpSchemaValidator())
            .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
            .toolCall(
                McpSchema.Tool.builder(
                        "lookup",
                        Map.of(
                            "type",
                            "object",
                            "properties",
                            Map.of("key", Map.of("type", "string"))))
                    .description("Looks a key up.")
                    .annotations(McpSchema.ToolAnnotations.builder().readOnlyHint(true).build())
                    .build(),
                (context, request) ->
                    McpSchema.CallToolResult.builder()
                        .addTextContent("value of " + request.arguments().get("key"))
                        .build())
            .build();
    http.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/mcp");
  }

  @Override
  public void close() {
    server.close();
    http.stop(0);
  }

  /** The SDK's side of the plumbing: it hands over the handler, and closes with the server. */
  private final class Transport implements McpStatelessServerTransport {
    @Override
    public void setMcpHandler(McpStatelessServerHandler mcpHandler) {
      handler = mcpHandler;
    }

    @Override
    public Mono<Void> closeGracefully() {
      return Mono.empty();
    }
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      McpSchema.JSONRPCMessage message = McpSchema.deserializeJsonRpcMessage(mapper, body);
      switch (message) {
        case McpSchema.JSONRPCRequest request -> {
          McpSchema.JSONRPCResponse response =
              handler.handleRequest(McpTransportContext.EMPTY, request).block();
          byte[] json = mapper.writeValueAsBytes(response);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, json.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(json);
          }
        }
        case McpSchema.JSONRPCNotification notification -> {
          handler.handleNotification(McpTransportContext.EMPTY, notification).block();
          exchange.sendResponseHeaders(202, -1);
        }
        default -> exchange.sendResponseHeaders(400, -1);
      }
    }
  }
}
