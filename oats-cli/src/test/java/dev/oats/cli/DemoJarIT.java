package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oats demo} from the shaded jar, in a folder with no scenarios, no key and no cluster: the
 * bundled scenario's investigation is replayed to its end and shows as a replay in the API.
 */
class DemoJarIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void theDemoReplaysAWholeInvestigationWithNoKeyAndNoClusterLabelledAsAReplay() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java.toString(),
                "-Djava.io.tmpdir=" + dir,
                "-jar",
                System.getProperty("oats.jar"),
                "demo",
                "--port",
                "0",
                "--pace",
                "0")
            .directory(dir.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", System.getenv("PATH"));
    builder.environment().put("HOME", dir.toString());
    builder.redirectOutput(dir.resolve("out.txt").toFile());
    builder.redirectError(dir.resolve("err.txt").toFile());
    Process demo = builder.start();
    try {
      Instant deadline = Instant.now().plusSeconds(120);
      Matcher open = null;
      Matcher key = null;
      while (demo.isAlive() && Instant.now().isBefore(deadline) && key == null) {
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        Matcher o = Pattern.compile("Open +(http://\\S+)/#/investigations/(\\S+)").matcher(out);
        Matcher k = Pattern.compile("API key +(oats_demo_\\S+)").matcher(out);
        if (o.find() && k.find()) {
          open = o;
          key = k;
        } else {
          Thread.sleep(200);
        }
      }
      String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
      assertThat(key)
          .as("the banner; stderr:%n%s", Files.readString(dir.resolve("err.txt")))
          .isNotNull();
      assertThat(out).contains("OATS DEMO: this is a REPLAY").contains("crashloop-missing-env");

      HttpClient http = HttpClient.newHttpClient();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(open.group(1) + "/investigations/" + open.group(2)))
              .header("X-API-Key", key.group(1))
              .build();
      JsonNode investigation = null;
      while (Instant.now().isBefore(deadline)) {
        investigation = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
        if (!investigation.path("status").asText().matches("pending|running")) {
          break;
        }
        Thread.sleep(200);
      }

      assertThat(investigation.path("status").asText())
          .as(investigation.toString())
          .isEqualTo("succeeded");
      assertThat(investigation.path("replay").asBoolean()).isTrue();
      assertThat(investigation.path("runner").asText()).isEqualTo("demo");
      assertThat(investigation.path("model").asText()).isEqualTo("replay/crashloop-missing-env");
      assertThat(investigation.path("turns").asInt()).isEqualTo(4);
      assertThat(investigation.path("report").asText())
          .startsWith("> **Replay (oats demo).**")
          .contains("DATABASE_URL is not set");
      String events =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              open.group(1) + "/investigations/" + open.group(2) + "/events"))
                      .header("X-API-Key", key.group(1))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      // The tools really read the scenario cluster: the crashed run's log came from it.
      assertThat(events).contains("required environment variable DATABASE_URL is not set");
    } finally {
      demo.destroy();
      if (!demo.waitFor(30, TimeUnit.SECONDS)) {
        demo.destroyForcibly();
      }
    }
    // Ctrl-C (SIGTERM) stops it and takes its temporary data and cluster with it.
    try (var left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.startsWith("oats-demo"));
    }
  }
}
