package dev.oats.tools.custom;

import dev.oats.telemetry.Telemetry;
import dev.oats.tools.shell.ChildProcess;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open MCP clients of a process. OATS loads its tools for every investigation, so a server is
 * connected once and its client kept, and a later load gets the same client back as long as the
 * server still answers a ping. The process-wide instance closes every client (which stops the stdio
 * servers) from a JVM shutdown hook; a test closes its own instance.
 */
final class McpConnections implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(McpConnections.class);

  private static final List<Path> FALLBACK_ENV =
      List.of(Path.of("/usr/bin/env"), Path.of("/bin/env"));

  private static final String VERSION =
      Optional.ofNullable(McpConnections.class.getPackage().getImplementationVersion())
          .orElse("dev");

  private static final String SHELL = "/bin/sh";

  /** Takes the log file, then runs the rest of its arguments as the server: see stdioParameters. */
  private static final String LAUNCHER = "log=$1; shift; exec \"$@\" 9>&2 2>>\"$log\"";

  /** The variables of OATS's scrubbed child environment a stdio server also gets. */
  private static final List<String> INHERITED = List.of("PATH", "HOME");

  /**
   * A connected server.
   *
   * @param client the client, initialised
   * @param tools the tools the server listed
   * @param stderr where a stdio server's stderr goes
   */
  record Connection(McpSyncClient client, List<McpSchema.Tool> tools, ServerLog stderr) {

    void close() {
      closeQuietly(client);
      stderr.delete();
    }
  }

  /** Why a server's tools are unknown, in words for {@code oats tools}. */
  static final class UnavailableException extends Exception {
    UnavailableException(String message) {
      super(message);
    }
  }

  /** What a connection is opened from; the same key gets the same client back. */
  private record Key(
      McpServerConfig server, Map<String, String> environment, Duration callTimeout) {}

  private final Map<Key, Connection> open = new ConcurrentHashMap<>();
  private final boolean closeAtExit;
  private final AtomicBoolean hookAdded = new AtomicBoolean();

  /**
   * @param closeAtExit whether a JVM shutdown hook closes the clients, for the process-wide
   *     instance
   */
  McpConnections(boolean closeAtExit) {
    this.closeAtExit = closeAtExit;
  }

  /**
   * The server's client and tools, connecting when there is no live client for it yet.
   *
   * @param server the server
   * @param childEnvironment OATS's scrubbed child environment, whose PATH and HOME a stdio server
   *     gets beside its configured variables
   * @param connectTimeout how long starting, initialising and listing may take together
   * @param callTimeout how long one tool call may take
   */
  Connection connect(
      McpServerConfig server,
      Map<String, String> childEnvironment,
      Duration connectTimeout,
      Duration callTimeout)
      throws UnavailableException {
    Key key = new Key(server, serverEnvironment(server, childEnvironment), callTimeout);
    Connection existing = open.get(key);
    if (existing != null) {
      if (answers(existing.client(), connectTimeout)) {
        return existing;
      }
      open.remove(key, existing);
      existing.close();
    }
    Connection connection = open(key, connectTimeout);
    Connection raced = open.putIfAbsent(key, connection);
    if (raced != null) {
      connection.close();
      return raced;
    }
    if (closeAtExit && hookAdded.compareAndSet(false, true)) {
      Runtime.getRuntime()
          .addShutdownHook(Thread.ofPlatform().name("oats-mcp-close").unstarted(this::close));
    }
    return connection;
  }

  /** Closes every client, stopping the stdio servers. */
  @Override
  public void close() {
    List<Connection> all = new ArrayList<>(open.values());
    open.clear();
    all.forEach(Connection::close);
  }

  /** A stdio server's whole environment: PATH and HOME of the child environment, then its own. */
  private static Map<String, String> serverEnvironment(
      McpServerConfig server, Map<String, String> childEnvironment) {
    if (!server.isStdio()) {
      return Map.of();
    }
    Map<String, String> environment = new TreeMap<>();
    INHERITED.stream()
        .filter(childEnvironment::containsKey)
        .forEach(name -> environment.put(name, childEnvironment.get(name)));
    environment.putAll(server.env());
    return Map.copyOf(environment);
  }

  private Connection open(Key key, Duration connectTimeout) throws UnavailableException {
    ServerLog stderr = stderrLog(key.server());
    McpClientTransport transport;
    try {
      transport = transport(key, connectTimeout, stderr);
    } catch (UnavailableException e) {
      stderr.delete();
      throw e;
    }
    McpSyncClient client =
        McpClient.sync(transport)
            .clientInfo(McpSchema.Implementation.builder("oats", VERSION).build())
            .initializationTimeout(connectTimeout)
            .requestTimeout(key.callTimeout())
            .jsonSchemaValidator(new McpSchemaValidator())
            // Read on the calling thread (a tool call's, where its span is current), handed to
            // the HTTP transport's request customizer below.
            .transportContextProvider(McpConnections::traceContext)
            .build();
    CompletableFuture<List<McpSchema.Tool>> listing = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("oats-mcp-connect-" + key.server().name())
        .start(
            () -> {
              try {
                client.initialize();
                listing.complete(listTools(client));
              } catch (RuntimeException | Error e) {
                listing.completeExceptionally(e);
              }
            });
    String reason;
    try {
      return new Connection(
          client, listing.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS), stderr);
    } catch (TimeoutException e) {
      reason = noAnswer(connectTimeout);
    } catch (ExecutionException e) {
      reason =
          causedBy(e, TimeoutException.class) ? noAnswer(connectTimeout) : failure(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      reason = "interrupted while connecting";
    }
    // Closing waits for a stdio server to exit, so everything it wrote is in the log.
    closeQuietly(client);
    String tail = stderr.tail();
    stderr.delete();
    throw new UnavailableException(reason + tail);
  }

  private static ServerLog stderrLog(McpServerConfig server) throws UnavailableException {
    if (!server.isStdio()) {
      return ServerLog.none();
    }
    try {
      return ServerLog.create(server.name());
    } catch (IOException e) {
      throw new UnavailableException("cannot create a file for the server's stderr: " + e);
    }
  }

  private static List<McpSchema.Tool> listTools(McpSyncClient client) {
    List<McpSchema.Tool> tools = new ArrayList<>();
    String cursor = McpSchema.FIRST_PAGE;
    do {
      McpSchema.ListToolsResult page = client.listTools(cursor);
      tools.addAll(page.tools());
      cursor = page.nextCursor();
    } while (cursor != null);
    return List.copyOf(tools);
  }

  private static McpClientTransport transport(Key key, Duration connectTimeout, ServerLog stderr)
      throws UnavailableException {
    McpServerConfig server = key.server();
    if (!server.isStdio()) {
      return http(server, connectTimeout);
    }
    return new ScrubbedStdioTransport(
        stdioParameters(server, key.environment(), stderr.file()), McpJsonDefaults.getMapper());
  }

  /**
   * The server's command line, wrapped twice. {@code env -i NAME=value …} makes its environment
   * exactly the one given, whatever the SDK puts in the launcher's. The shell before it sends the
   * server's stderr to the log, while keeping the SDK's stderr pipe open on descriptor 9 until the
   * server exits: the SDK takes the end of that pipe for the end of the server. Both wrappers
   * {@code exec}, so the server keeps the process the SDK started and stops.
   */
  private static ServerParameters stdioParameters(
      McpServerConfig server, Map<String, String> environment, Path log)
      throws UnavailableException {
    Path program = program(server.command(), environment);
    Path env =
        ChildProcess.findProgram("env", environment)
            .or(() -> FALLBACK_ENV.stream().filter(Files::isExecutable).findFirst())
            .orElseThrow(
                () ->
                    new UnavailableException(
                        "the env program is missing, so OATS cannot start"
                            + " the server with only its own environment"));
    List<String> args = new ArrayList<>();
    args.addAll(List.of("-c", LAUNCHER, "oats-mcp-" + server.toolName(), log.toString()));
    args.addAll(List.of(env.toString(), "-i"));
    environment.forEach((name, value) -> args.add(name + "=" + value));
    args.add(program.toString());
    args.addAll(server.args());
    return ServerParameters.builder(SHELL).args(args).build();
  }

  private static Path program(String command, Map<String, String> environment)
      throws UnavailableException {
    Optional<Path> found =
        command.contains("/")
            ? Optional.of(Path.of(command).toAbsolutePath())
                .filter(path -> Files.isRegularFile(path) && Files.isExecutable(path))
            : ChildProcess.findProgram(command, environment);
    return found.orElseThrow(
        () ->
            new UnavailableException(
                ("command '%s' was not found%s, or is not executable; install it, or give its full"
                        + " path as command")
                    .formatted(
                        command,
                        command.contains("/")
                            ? ""
                            : " on the PATH the server gets ("
                                + environment.getOrDefault("PATH", "")
                                + ")")));
  }

  private static McpClientTransport http(McpServerConfig server, Duration connectTimeout) {
    URI url = server.url();
    String endpoint =
        url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    if (url.getRawQuery() != null) {
      endpoint += "?" + url.getRawQuery();
    }
    Map<String, String> headers = server.headers();
    return HttpClientStreamableHttpTransport.builder(
            url.getScheme() + "://" + url.getRawAuthority())
        .endpoint(endpoint)
        .connectTimeout(connectTimeout)
        .addHttpRequestCustomizer(
            (request, method, uri, body, context) -> {
              headers.forEach(request::setHeader);
              TRACE_HEADERS.forEach(
                  name -> {
                    if (context != null && context.get(name) instanceof String value) {
                      request.setHeader(name, value);
                    }
                  });
            })
        .build();
  }

  /** The W3C trace context headers an HTTP server gets with each request. */
  private static final List<String> TRACE_HEADERS = List.of("traceparent", "tracestate");

  /**
   * The trace context of the calling thread, for the transport: a tool call's span is current on
   * its thread, so the MCP server over HTTP gets it as {@code traceparent} and can continue the
   * trace.
   */
  private static McpTransportContext traceContext() {
    Map<String, String> headers = Telemetry.currentHeaders();
    return headers.isEmpty()
        ? McpTransportContext.EMPTY
        : McpTransportContext.create(Map.copyOf(headers));
  }

  private static String noAnswer(Duration timeout) {
    return "the server did not answer within %d s (OATS_MCP_CONNECT_TIMEOUT_SECONDS)"
        .formatted(timeout.toSeconds());
  }

  /** The SDK's own timeouts surface as a {@link TimeoutException} somewhere down the causes. */
  private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
      if (cause.getCause() == cause) {
        return false;
      }
    }
    return false;
  }

  private static String failure(Throwable error) {
    if (error instanceof McpError mcp) {
      return "the server broke the protocol: " + mcp.getMessage();
    }
    if (causedBy(error, ConnectException.class)) {
      return "cannot connect: nothing accepted the connection; is the server running at that"
          + " address?";
    }
    List<String> messages = new ArrayList<>();
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      messages.add(
          message == null || message.isBlank() ? cause.getClass().getSimpleName() : message);
      if (cause.getCause() == cause) {
        break;
      }
    }
    return "cannot connect: " + String.join(": ", messages.stream().distinct().toList());
  }

  private static boolean answers(McpSyncClient client, Duration timeout) {
    CompletableFuture<Object> ping =
        CompletableFuture.supplyAsync(client::ping, task -> Thread.ofVirtual().start(task));
    try {
      ping.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static void closeQuietly(McpSyncClient client) {
    try {
      client.closeGracefully();
    } catch (RuntimeException e) {
      log.debug("Closing an MCP client failed", e);
    }
  }
}
