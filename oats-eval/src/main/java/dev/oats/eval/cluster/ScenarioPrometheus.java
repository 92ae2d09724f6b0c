package dev.oats.eval.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A scenario's metrics in a real Prometheus on 127.0.0.1: the series of {@code metrics/series.yaml}
 * are written as OpenMetrics ending now, backfilled into a TSDB with {@code promtool tsdb
 * create-blocks-from openmetrics}, and served by a {@code prometheus} started on that TSDB, so
 * {@code metrics_fetcher} queries it as it queries any Prometheus.
 *
 * <p>series.yaml: {@code step} (such as {@code 1m}) and {@code series}, each a {@code metric}
 * ({@code name{label="value",...}}) and {@code values} in promtool's expanding notation ({@code
 * "100+5x60"}: 61 samples from 100 rising by 5; segments separated by spaces; {@code _} for a
 * missing sample). The last sample of every series is at the scenario's capture time, which is now.
 */
public final class ScenarioPrometheus implements AutoCloseable {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final String url;

  private ScenarioPrometheus(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  /** Whether the scenario has metrics. */
  public static boolean wanted(Path scenarioDir) {
    return Files.isRegularFile(scenarioDir.resolve("metrics").resolve("series.yaml"));
  }

  public static ScenarioPrometheus start(Path scenarioDir, Instant now, Path workDir)
      throws IOException {
    Path file = scenarioDir.resolve("metrics").resolve("series.yaml");
    Path openMetrics = workDir.resolve("series.om");
    Files.writeString(openMetrics, openMetrics(YAML.readTree(file.toFile()), now, file));
    Path tsdb = Files.createDirectories(workDir.resolve("tsdb"));
    run(
        List.of(
            "promtool",
            "tsdb",
            "create-blocks-from",
            "openmetrics",
            openMetrics.toString(),
            tsdb.toString()),
        workDir);
    Path config = workDir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                "prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + tsdb,
                "--storage.tsdb.retention.time=3650d",
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("prometheus.log").toFile())
            .start();
    ScenarioPrometheus prometheus = new ScenarioPrometheus(process, "http://127.0.0.1:" + port);
    try {
      prometheus.awaitReady(workDir.resolve("prometheus.log"));
    } catch (IOException | RuntimeException e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  /** The base URL, for {@code OATS_PROMETHEUS_URL}. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady(Path log) throws IOException {
    HttpClient http = HttpClient.newHttpClient();
    Instant until = Instant.now().plus(READY_WITHIN);
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IOException("prometheus exited: " + tail(log));
      }
      try {
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create(url + "/-/ready"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (ready.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for prometheus", e);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted waiting for prometheus", e);
      }
    }
    throw new IOException("prometheus was not ready within 60 s: " + tail(log));
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }

  private static void run(List<String> command, Path workDir) throws IOException {
    Path output = workDir.resolve("promtool.log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + tail(output));
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running promtool", e);
    }
  }

  /** The series as OpenMetrics text, with unix-second timestamps ending at {@code now}. */
  static String openMetrics(JsonNode spec, Instant now, Path file) {
    long step = stepSeconds(spec.path("step").asText("1m"), file);
    StringBuilder out = new StringBuilder();
    List<String> typed = new ArrayList<>();
    for (JsonNode series : spec.path("series")) {
      String metric = series.path("metric").asText();
      String name = metric.contains("{") ? metric.substring(0, metric.indexOf('{')) : metric;
      if (name.isBlank()) {
        throw new IllegalArgumentException(file + ": a series has no metric name");
      }
      if (!typed.contains(name)) {
        out.append("# TYPE ").append(name).append(" unknown\n");
        typed.add(name);
      }
      List<Double> values = expand(series.path("values").asText(), file);
      long end = now.getEpochSecond();
      for (int i = 0; i < values.size(); i++) {
        Double value = values.get(i);
        if (value != null) {
          long at = end - (values.size() - 1 - i) * step;
          out.append(metric)
              .append(' ')
              .append(String.format(Locale.ROOT, "%s", value))
              .append(' ')
              .append(at)
              .append('\n');
        }
      }
    }
    return out.append("# EOF\n").toString();
  }

  /** promtool's expanding notation: {@code a+bxn}, {@code a-bxn}, {@code a}, {@code _}. */
  static List<Double> expand(String text, Path file) {
    List<Double> values = new ArrayList<>();
    for (String segment : text.trim().split("\\s+")) {
      if (segment.equals("_")) {
        values.add(null);
        continue;
      }
      var matcher =
          java.util.regex.Pattern.compile("^(-?[0-9.eE+]+?)([+-])([0-9.eE+]+)x([0-9]+)$")
              .matcher(segment);
      try {
        if (matcher.matches()) {
          double start = Double.parseDouble(matcher.group(1));
          double delta =
              Double.parseDouble(matcher.group(3)) * (matcher.group(2).equals("-") ? -1 : 1);
          int times = Integer.parseInt(matcher.group(4));
          for (int i = 0; i <= times; i++) {
            values.add(start + delta * i);
          }
        } else {
          values.add(Double.parseDouble(segment));
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ": '" + segment + "' is not a value, '_' or a+bxn", e);
      }
    }
    return values;
  }

  private static long stepSeconds(String step, Path file) {
    var matcher = java.util.regex.Pattern.compile("^(\\d+)([smh])$").matcher(step);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(file + ": step must be like 30s, 1m or 1h, not " + step);
    }
    long n = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> n;
      case "m" -> n * 60;
      default -> n * 3600;
    };
  }
}
