package dev.oats.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code oats server} child process on a free port, on the test's class path: what an
 * operator runs, killed as the operating system kills it.
 */
final class ServerProcess implements AutoCloseable {

  static final String KEY = "child-api-key-0123456789abcdef";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+)");

  final Process process;
  final Path log;
  final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private ServerProcess(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts {@code oats server} and waits (bounded) until it listens. */
  static ServerProcess start(Path dataDir, Map<String, String> env, List<String> prefix)
      throws Exception {
    Path log = Files.createTempFile(dataDir.getParent(), "server", ".log");
    List<String> command = new ArrayList<>(prefix);
    command.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.oats.cli.Main",
            "server"));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("OATS_HOST", "127.0.0.1");
    builder.environment().put("OATS_PORT", "0");
    builder.environment().put("OATS_DATA_DIR", dataDir.toString());
    builder.environment().put("OATS_API_KEYS", KEY);
    builder.environment().put("OATS_MODEL_MAX_RETRIES", "0");
    builder.environment().put("OATS_WORKSPACE", dataDir.getParent().resolve("ws").toString());
    builder.environment().put("OATS_TOOLS_DIR", dataDir.getParent().resolve("tools").toString());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    Process process = builder.start();
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      Matcher listening = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (listening.find()) {
        return new ServerProcess(process, log, Integer.parseInt(listening.group(1)));
      }
      if (!process.isAlive()) {
        throw new AssertionError("oats server exited: " + Files.readString(log));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new AssertionError("oats server did not listen in time: " + Files.readString(log));
  }

  /** Runs {@code oats server} expecting it to refuse to start; returns its exit code and output. */
  static CliRun refused(Path dataDir, Map<String, String> env, List<String> prefix)
      throws Exception {
    try {
      ServerProcess server = start(dataDir, env, prefix);
      server.close();
      throw new AssertionError("the server started");
    } catch (AssertionError e) {
      if (e.getMessage().startsWith("oats server exited: ")) {
        return new CliRun(1, "", e.getMessage().substring("oats server exited: ".length()));
      }
      throw e;
    }
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", KEY)
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("X-API-Key", KEY)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until investigation {@code id} is neither pending nor running; fails past the limit. */
  void awaitEnd(String id, Duration limit) throws Exception {
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      String status = JSON.readTree(get("/investigations/" + id).body()).path("status").asText();
      if (!status.equals("pending") && !status.equals("running")) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("investigation " + id + " did not end within " + limit);
  }

  /** SIGKILL: no shutdown hook, no close, no flush. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM, as an operator stops it: the shutdown hook closes the server. */
  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
