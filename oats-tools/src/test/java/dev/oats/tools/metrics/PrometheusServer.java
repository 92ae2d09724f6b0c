package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.tools.testsupport.ToolRunner;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Prometheus from Debian's {@code prometheus} package, started on 127.0.0.1 and a free port
 * with its storage in a temporary directory, and stopped again.
 */
final class PrometheusServer implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/prometheus");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  private final Process process;
  private final URI uri;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, URI uri, Path log) {
    this.process = process;
    this.uri = uri;
    this.log = log;
  }

  /**
   * Starts Prometheus with this configuration and these extra files (rule files, say) beside it,
   * and waits until it is ready.
   */
  static PrometheusServer start(Path dir, String config, Map<String, String> files)
      throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          BINARY
              + " is missing: these tests run a real Prometheus. Install Debian's package:"
              + " apt-get update && apt-get install -y prometheus");
    }
    Files.writeString(dir.resolve("prometheus.yml"), config);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(dir.resolve(file.getKey()), file.getValue());
    }
    int port = ToolRunner.closedPort();
    Path log = dir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server =
        new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
    server.awaitUntil("Prometheus to be ready", Duration.ofSeconds(20), PrometheusServer::ready);
    return server;
  }

  URI uri() {
    return uri;
  }

  /** Calls the API and returns its {@code data}, or null when the call failed. */
  JsonNode api(String path, Map<String, String> parameters) {
    StringBuilder query = new StringBuilder();
    parameters.forEach(
        (name, value) ->
            query
                .append(query.isEmpty() ? "?" : "&")
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(uri + path + query))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? JSON.readTree(response.body()).path("data") : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The value of the first series an instant query returns, or NaN when there is none. */
  double value(String promql) {
    JsonNode data = api("/api/v1/query", Map.of("query", promql));
    JsonNode first = data == null ? null : data.path("result").path(0);
    return first == null || first.isMissingNode()
        ? Double.NaN
        : Double.parseDouble(first.path("value").path(1).asText());
  }

  /** Polls, bounded, until the condition holds; fails with Prometheus's log when it does not. */
  void awaitUntil(String what, Duration limit, Predicate<PrometheusServer> condition)
      throws InterruptedException, IOException {
    Instant giveUp = Instant.now().plus(limit);
    while (!condition.test(this)) {
      if (!process.isAlive() || Instant.now().isAfter(giveUp)) {
        throw new AssertionError(
            "Gave up waiting for %s (process alive: %s). Prometheus log:%n%s"
                .formatted(what, process.isAlive(), tail()));
      }
      Thread.sleep(POLL);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static boolean ready(PrometheusServer server) {
    try {
      return server
              .http
              .send(
                  HttpRequest.newBuilder(URI.create(server.uri + "/-/ready"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode()
          == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
