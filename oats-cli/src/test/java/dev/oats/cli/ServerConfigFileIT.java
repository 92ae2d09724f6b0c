package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oats server} from the shaded jar, configured by nothing but {@code ./oats.yaml}. */
class ServerConfigFileIT {

  @TempDir Path dir;

  @Test
  void thePortAndLogFormatInOatsYamlAreHonouredByARealServerStart() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Files.writeString(
        dir.resolve("oats.yaml"),
        """
        host: 127.0.0.1
        port: %d
        log_format: json
        api_keys: key-from-oats-yaml-0123456789
        anthropic_api_key: sk-ant-from-oats-yaml-0123456789
        """
            .formatted(port));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(java.toString(), "-jar", System.getProperty("oats.jar"), "server")
            .directory(dir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("HOME", dir.toString());
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    Process server = builder.start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      HttpRequest investigations =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/investigations"))
              .header("X-API-Key", "key-from-oats-yaml-0123456789")
              .build();
      Instant deadline = Instant.now().plusSeconds(90);
      Integer status = null;
      while (status == null && server.isAlive() && Instant.now().isBefore(deadline)) {
        try {
          status = http.send(investigations, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (java.io.IOException notYet) {
          Thread.sleep(200);
        }
      }
      String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);

      assertThat(status).as("answered on the port from oats.yaml; stderr:%n%s", err).isEqualTo(200);
      assertThat(err.lines().filter(l -> !l.isBlank()))
          .as("log_format: json from oats.yaml")
          .isNotEmpty()
          .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"))
          .anySatisfy(
              line -> assertThat(line).contains("OATS server listening on 127.0.0.1:" + port));
      assertThat(err).doesNotContain("sk-ant-from-oats-yaml-0123456789");
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
  }
}
