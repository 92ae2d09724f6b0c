package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.logs.proofs.ProofScore;
import dev.oats.logs.proofs.ProvenLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of logs written for the tests (src/test/resources/logs/corpus, one per format a team
 * runs), each with its proofs: at every budget from 1,000 characters up the summary keeps every
 * proof, and at least as many as head+tail and tail truncation of the same size.
 */
class LogCorpusTest {

  private static final Path CORPUS = Path.of("src/test/resources/logs/corpus");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-06T04:30:00Z"), ZoneOffset.UTC);
  private static final AnalyzerOptions OPTIONS = AnalyzerOptions.defaults().withDefaultYear(2026);

  static Stream<String> logs() throws Exception {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".log"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList()
          .stream();
    }
  }

  static ProvenLog read(String name) throws Exception {
    return ProvenLog.read(CORPUS.resolve(name + ".log"), CORPUS.resolve(name + ".proofs"));
  }

  @ParameterizedTest
  @MethodSource("logs")
  void keepsEveryProofAtEveryBudgetAndBeatsTruncation(String name) throws Exception {
    for (ProofScore.Row row : ProofScore.score(read(name), OPTIONS, CLOCK)) {
      assertThat(row.missing()).as("%s at %d", name, row.budget()).isEmpty();
      assertThat(row.summary())
          .as("%s at %d against head+tail and tail", name, row.budget())
          .isGreaterThanOrEqualTo(Math.max(row.headTail(), row.tail()));
    }
  }

  @Test
  void coversEveryFormatTheIssueNames() throws Exception {
    assertThat(logs().toList())
        .contains(
            "json-string-levels",
            "json-numeric-levels",
            "logfmt-with-level",
            "logfmt-gokit-without-level",
            "klog",
            "go-panic",
            "java-trace",
            "python-trace",
            "nginx-access",
            "envoy-access",
            "postgres",
            "levelless");
    List<ProofScore.Row> rows = new ArrayList<>();
    for (String name : logs().toList()) {
      rows.addAll(ProofScore.score(read(name), OPTIONS, CLOCK));
    }
    System.out.println(ProofScore.table(rows));
  }
}
