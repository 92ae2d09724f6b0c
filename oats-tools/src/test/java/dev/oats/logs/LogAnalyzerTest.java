package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LogAnalyzerTest {

  private static final AnalyzerOptions OPTIONS = AnalyzerOptions.defaults().withDefaultYear(2024);

  private static final String SERVICE_LOG =
      """
      2024-05-01 10:00:00,000 INFO  [main] org.example.App - started in 812ms
      2024-05-01 10:00:01,000 INFO  [http-1] org.example.Api - GET /orders/17 200
      2024-05-01 10:00:02,000 INFO  [http-2] org.example.Api - GET /orders/18 200
      2024-05-01 10:00:03,000 WARN  [pool-1] org.example.Db - slow query took 1200ms
      2024-05-01 10:00:04,000 INFO  [http-1] org.example.Api - GET /orders/19 200
      2024-05-01 10:00:05,000 ERROR [http-2] org.example.Api - request failed
      java.lang.IllegalStateException: connection pool exhausted
      \tat org.example.Db.acquire(Db.java:42)
      \tat org.example.Api.handle(Api.java:17)
      Caused by: java.util.concurrent.TimeoutException: 30000ms
      \t... 12 more
      2024-05-01 10:00:06,000 INFO  [http-1] org.example.Api - GET /orders/20 200
      2024-05-01 10:00:07,000 WARN  [pool-1] org.example.Db - slow query took 900ms
      2024-05-01 10:09:59,000 ERROR [http-2] org.example.Api - request failed
      2024-05-01 10:10:00,000 ERROR [pool-1] org.example.Db - replica 10.0.0.12 unreachable
      """;

  private static LogSummary analyze(String log, AnalyzerOptions options) {
    return LogAnalyzer.analyze(log.lines(), options);
  }

  private static LogSummary.TemplateSummary find(LogSummary summary, String template) {
    return summary.templates().stream()
        .filter(t -> t.template().equals(template))
        .findFirst()
        .orElseThrow(() -> new AssertionError(template + " not in " + summary.templates()));
  }

  @Test
  void countsLinesEventsAndLevels() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS);

    assertThat(summary.lines()).isEqualTo(15);
    assertThat(summary.events()).isEqualTo(10);
    assertThat(summary.foldedLines()).isEqualTo(5);
    assertThat(summary.errors()).isEqualTo(3);
    assertThat(summary.warnings()).isEqualTo(2);
    assertThat(summary.first()).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(summary.last()).isEqualTo(Instant.parse("2024-05-01T10:10:00Z"));
  }

  @Test
  void foldsAStackTraceIntoTheEventOfItsFirstLine() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS);

    LogSummary.TemplateSummary failed = find(summary, "request failed");
    assertThat(failed.count()).isEqualTo(2);
    assertThat(failed.example())
        .startsWith("2024-05-01 10:00:05,000 ERROR [http-2] org.example.Api - request failed\n")
        .contains("java.lang.IllegalStateException: connection pool exhausted")
        .contains("  at org.example.Db.acquire(Db.java:42)");
    assertThat(summary.templates())
        .noneMatch(t -> t.template().contains("Caused") || t.template().startsWith("at "));
  }

  @Test
  void foldsStackTracesInALogWithoutHeadersToo() {
    String log =
        """
        worker starting
        unhandled error in job 7
        Traceback (most recent call last):
          File "job.py", line 12, in run
        ValueError: bad input
        worker starting
        """;

    LogSummary summary = analyze(log, OPTIONS);

    assertThat(summary.events()).isEqualTo(3);
    assertThat(find(summary, "unhandled error in job <*>").example())
        .contains("ValueError: bad input");
  }

  @Test
  void skipsBlankLinesAndColourCodes() {
    String log = "\u001b[31mERROR\u001b[0m disk full\n\n   \nERROR disk full\n";

    LogSummary summary = analyze(log, OPTIONS);

    assertThat(summary.lines()).isEqualTo(4);
    assertThat(summary.events()).isEqualTo(2);
    assertThat(find(summary, "disk full").example()).isEqualTo("ERROR disk full");
  }

  @Test
  void countsATemplateSeenAtSeveralLevelsOncePerLevel() {
    String log =
        """
        10.0.0.1 - - [01/May/2024:10:00:00 +0000] "GET /a HTTP/1.1" 200 12 "-" "curl"
        10.0.0.2 - - [01/May/2024:10:00:01 +0000] "GET /b HTTP/1.1" 200 14 "-" "curl"
        10.0.0.3 - - [01/May/2024:10:00:02 +0000] "GET /c HTTP/1.1" 503 0 "-" "curl"
        """;

    LogSummary summary = analyze(log, OPTIONS);

    assertThat(summary.templateCount()).isEqualTo(1);
    assertThat(summary.templates())
        .extracting(LogSummary.TemplateSummary::level, LogSummary.TemplateSummary::count)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(LogLevel.ERROR, 1L),
            org.assertj.core.groups.Tuple.tuple(LogLevel.INFO, 2L));
    assertThat(summary.templates().get(0).id()).isEqualTo(summary.templates().get(1).id());
    assertThat(summary.templates().get(0).example()).contains("\" 503 ");
  }

  @Test
  void ranksBySeverityThenAnomalyWithAOneOffStartUpLineLast() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS);

    List<String> ranked = summary.templates().stream().map(t -> t.template()).toList();
    assertThat(ranked)
        .containsExactly(
            "replica <*> unreachable",
            "request failed",
            "slow query took <*>",
            "GET <*> <*>",
            "started in <*>");
  }

  @Test
  void keepsFirstAndLastTimesPerTemplate() {
    LogSummary.TemplateSummary failed = find(analyze(SERVICE_LOG, OPTIONS), "request failed");

    assertThat(failed.level()).isEqualTo(LogLevel.ERROR);
    assertThat(failed.count()).isEqualTo(2);
    assertThat(failed.first()).isEqualTo(Instant.parse("2024-05-01T10:00:05Z"));
    assertThat(failed.last()).isEqualTo(Instant.parse("2024-05-01T10:09:59Z"));
  }

  @Test
  void marksTemplatesSeenOnlyRecentlyAsNew() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS);

    assertThat(find(summary, "replica <*> unreachable").isNew()).isTrue();
    assertThat(find(summary, "request failed").isNew()).isFalse();
    assertThat(find(summary, "started in <*>").isNew()).isFalse();
  }

  @Test
  void countsErrorsPerTimeBucket() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS);

    assertThat(summary.bucketWidth()).isEqualTo(Duration.ofSeconds(30));
    assertThat(summary.buckets()).hasSize(21);
    assertThat(summary.buckets().get(0).errors()).isEqualTo(1);
    assertThat(summary.buckets().get(0).warnings()).isEqualTo(2);
    assertThat(summary.buckets().get(19).errors()).isEqualTo(1);
    assertThat(summary.buckets().get(20).errors()).isEqualTo(1);
    assertThat(summary.buckets().stream().mapToLong(LogSummary.Bucket::errors).sum()).isEqualTo(3);
  }

  @Test
  void leavesOutEventsOutsideTheTimeWindow() {
    AnalyzerOptions window =
        OPTIONS
            .withSince(Instant.parse("2024-05-01T10:00:03Z"))
            .withUntil(Instant.parse("2024-05-01T10:09:00Z"));

    LogSummary summary = analyze(SERVICE_LOG, window);

    assertThat(summary.events()).isEqualTo(5);
    assertThat(summary.filteredEvents()).isEqualTo(5);
    assertThat(summary.first()).isEqualTo(Instant.parse("2024-05-01T10:00:03Z"));
    assertThat(summary.last()).isEqualTo(Instant.parse("2024-05-01T10:00:07Z"));
  }

  @Test
  void leavesOutEventsBelowTheMinimumLevel() {
    LogSummary summary = analyze(SERVICE_LOG, OPTIONS.withMinLevel(LogLevel.WARN));

    assertThat(summary.events()).isEqualTo(5);
    assertThat(summary.templates())
        .extracting(LogSummary.TemplateSummary::level)
        .allMatch(LogLevel::isWarningOrWorse);
  }

  @Test
  void infersALevelFromTheWordsOfALineWithoutOne() {
    assertThat(LogAnalyzer.inferLevel("Link error on port 3")).isEqualTo(LogLevel.ERROR);
    assertThat(LogAnalyzer.inferLevel("caught java.io.IOException")).isEqualTo(LogLevel.ERROR);
    assertThat(LogAnalyzer.inferLevel("Failed password for root")).isEqualTo(LogLevel.WARN);
    assertThat(LogAnalyzer.inferLevel("kernel panic")).isEqualTo(LogLevel.FATAL);
    assertThat(LogAnalyzer.inferLevel("all systems go")).isEqualTo(LogLevel.UNKNOWN);
    // Class names end in Error or Exception; a word that merely ends in the letters is no error.
    assertThat(LogAnalyzer.inferLevel("java.lang.OutOfMemoryError: heap"))
        .isEqualTo(LogLevel.ERROR);
    assertThat(LogAnalyzer.inferLevel("raised ValueError")).isEqualTo(LogLevel.ERROR);
    assertThat(LogAnalyzer.inferLevel("EXCEPTION in thread main")).isEqualTo(LogLevel.ERROR);
    assertThat(LogAnalyzer.inferLevel("2025-06-24 14:36:38 install liberror-perl:all <none> 0.17"))
        .isEqualTo(LogLevel.UNKNOWN);
  }

  @Test
  void rendersWithinTheBudget() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      String word = "" + (char) ('a' + i % 26) + (char) ('a' + i / 26);
      lines.add(
          "2024-05-01 10:00:"
              + String.format("%02d", i % 60)
              + " ERROR [w] X - failure "
              + word
              + " in module "
              + word
              + " at step "
              + i);
    }
    LogSummary summary = LogAnalyzer.analyze(lines.stream(), OPTIONS);

    for (int budget : new int[] {200, 500, 1000, 4000}) {
      String text = summary.render(budget);
      assertThat(text.length()).as("budget %d", budget).isLessThanOrEqualTo(budget);
      assertThat(text).startsWith("300 lines").contains("failure ");
    }
    assertThat(summary.render(1000)).contains("more templates not shown");
  }

  @Test
  void rendersTotalsTimelineAndTemplates() {
    String text = analyze(SERVICE_LOG, OPTIONS).render(4000);

    assertThat(text)
        .contains("15 lines, 10 events (5 continuation lines folded)")
        .contains("levels: ERROR 3 WARN 2 INFO 5")
        .contains("errors per 30s from 2024-05-01T10:00:00Z: 1" + " 0".repeat(18) + " 1 1")
        .contains("1. ERROR x1 NEW [T")
        .contains("] 2024-05-01 10:10:00,000 ERROR [pool-1] org.example.Db - replica 10.0.0.12")
        .contains("   took: 900 to 1200 ms (p50 900; 2 values)");
  }

  @Test
  void staysWithinItsTemplateCapAndSaysSo() {
    Stream<String> lines =
        java.util.stream.IntStream.range(0, 2_000)
            .mapToObj(i -> Integer.toString(i, 36).replaceAll("[0-9]", "q"))
            .map(w -> "2024-05-01 10:00:00 INFO app - message " + w + " seen by " + w);
    LogSummary summary = LogAnalyzer.analyze(lines, OPTIONS.withMaxTemplates(20));

    assertThat(summary.templateCount()).isLessThanOrEqualTo(20);
    assertThat(summary.evictedTemplates()).isGreaterThan(0);
    assertThat(summary.render(4000)).contains("rare ones dropped");
  }

  @Test
  void readsFromAReader() throws Exception {
    LogSummary summary = LogAnalyzer.analyze(new StringReader(SERVICE_LOG), OPTIONS);

    assertThat(summary.lines()).isEqualTo(15);
  }

  @Test
  void parsesTimeBoundsAsInstantsOrDurationsBackFromNow() {
    java.time.Clock clock =
        java.time.Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), java.time.ZoneOffset.UTC);

    assertThat(AnalyzerOptions.parseInstant("2024-05-01T10:00:00Z", clock))
        .isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(AnalyzerOptions.parseInstant("90m", clock))
        .isEqualTo(Instant.parse("2024-05-01T10:30:00Z"));
    assertThat(AnalyzerOptions.parseInstant("1h30m", clock))
        .isEqualTo(Instant.parse("2024-05-01T10:30:00Z"));
    assertThat(AnalyzerOptions.parseInstant("2024-05-01 11:00:00", clock))
        .isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
  }
}
