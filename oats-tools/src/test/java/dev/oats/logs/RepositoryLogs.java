package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every line of the logs the repository holds (the test corpus and {@code bench/data}), for the
 * tests that check a cache against the code it stands in for on real lines.
 */
final class RepositoryLogs {
  private static final Path CORPUS = Path.of("src/test/resources/logs/corpus");
  private static final Path BENCH_DATA = Path.of("../bench/data");

  private RepositoryLogs() {}

  static List<String> lines() throws IOException {
    List<Path> logs = new ArrayList<>();
    for (Path folder : List.of(CORPUS, BENCH_DATA)) {
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.walk(folder)) {
          files.filter(p -> p.toString().endsWith(".log")).sorted().forEach(logs::add);
        }
      }
    }
    assertThat(logs).as("logs in the repository").hasSizeGreaterThan(10);
    List<String> lines = new ArrayList<>();
    for (Path log : logs) {
      lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
    }
    return lines;
  }
}
