package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One test per finding of issue 18 (a summary an on-call engineer can trust), each on a log written
 * for it.
 */
class SummaryFindingsTest {

  private static final AnalyzerOptions OPTIONS = AnalyzerOptions.defaults().withDefaultYear(2026);

  private static LogSummary analyze(List<String> lines, AnalyzerOptions options) {
    return LogAnalyzer.analyze(lines.stream(), options);
  }

  /** A mailer without levels: the only signal is the repeated "sent on retry" lines. */
  private static List<String> levellessMailer() {
    List<String> lines = new ArrayList<>(List.of("mailer 4.1 booting", "loaded 12 templates"));
    for (int i = 0; i < 200; i++) {
      String time = "2026-11-30T09:%02d:%02dZ".formatted(i / 60, i % 60);
      lines.add(time + " message " + (1000 + i) + " delivered in " + (20 + i % 50) + "ms");
      if (i >= 100 && i < 120) {
        lines.add(time + " message " + (5000 + i) + " sent on retry " + (1 + i % 3));
      }
    }
    return lines;
  }

  @Test
  void aLogWithoutLevelsSaysSoAndRanksItsAnomaliesFirst() {
    LogSummary summary = analyze(levellessMailer(), OPTIONS);
    String text = summary.render(2000);

    assertThat(summary.hasLevels()).isFalse();
    assertThat(text)
        .contains("levels: none (no line of this log names its level)")
        .contains("no levels (shown as -), so ranked by anomaly")
        .doesNotContain("errors: none");
    LogSummary.TemplateSummary top = summary.templates().get(0);
    assertThat(top.template()).isEqualTo("message <*> sent on retry <*>");
    assertThat(top.signals()).contains("retry", "burst");
    // The start-up banner seen once ranks last, below the routine deliveries.
    assertThat(summary.templates().get(summary.templates().size() - 1).template())
        .isIn("mailer <*> booting", "loaded <*> templates");
  }

  @Test
  void aLevelFilterOnALogWithoutLevelsSaysWhyNothingIsLeft() {
    LogSummary summary = analyze(levellessMailer(), OPTIONS.withMinLevel(LogLevel.ERROR));
    String text = summary.render(1000);

    assertThat(summary.templates()).isEmpty();
    assertThat(text)
        .contains("filter: level ERROR or worse left out 222 events (no level 222)")
        .contains("this log names no levels")
        .contains("nothing left after the filters");
  }

  @Test
  void aTimeWindowAfterTheLogSaysWhatItLeftOutAndWhatItCouldNotPlace() {
    LogSummary summary =
        analyze(levellessMailer(), OPTIONS.withSince(Instant.parse("2026-12-06T04:00:00Z")));
    String text = summary.render(1000);

    assertThat(summary.first()).isNull();
    assertThat(text)
        .contains(
            "filter: time window from 2026-12-06T04:00:00Z left out 220 timestamped events"
                + " (2026-11-30T09:00:00Z to 2026-11-30T09:03:19Z): no timestamped event is"
                + " inside the window")
        .contains("filter: 2 events kept have no timestamp of their own");
  }

  @Test
  void readsNumericJsonLevels() {
    List<String> lines =
        List.of(
            "{\"level\":30,\"time\":1764493200000,\"msg\":\"server listening\"}",
            "{\"level\":40,\"time\":1764493201000,\"msg\":\"pool nearly full\"}",
            "{\"level\":50,\"time\":1764493202000,\"msg\":\"redis connection lost\"}",
            "{\"level\":60,\"time\":1764493203000,\"msg\":\"exiting\"}",
            "{\"levelno\":40,\"name\":\"app\",\"message\":\"python error\"}",
            "{\"severity_number\":17,\"msg\":\"otel error\"}",
            "{\"level\":3,\"short_message\":\"gelf error\",\"msg\":\"gelf error\"}");
    LogSummary summary = analyze(lines, OPTIONS);

    assertThat(summary.templates())
        .extracting(LogSummary.TemplateSummary::template, LogSummary.TemplateSummary::level)
        .contains(
            org.assertj.core.groups.Tuple.tuple("server listening", LogLevel.INFO),
            org.assertj.core.groups.Tuple.tuple("pool nearly full", LogLevel.WARN),
            org.assertj.core.groups.Tuple.tuple("redis connection lost", LogLevel.ERROR),
            org.assertj.core.groups.Tuple.tuple("exiting", LogLevel.FATAL),
            org.assertj.core.groups.Tuple.tuple("python error", LogLevel.ERROR),
            org.assertj.core.groups.Tuple.tuple("otel error", LogLevel.ERROR));
    assertThat(summary.levels()).containsEntry(LogLevel.ERROR, 4L);
  }

  @Test
  void goKitLinesWithoutLevelKeepTheirTimestamps() {
    List<String> lines =
        List.of(
            "ts=2026-11-30T09:00:00.123Z caller=main.go:57 msg=\"Starting compactor\"",
            "ts=2026-11-30T09:00:02.123Z caller=main.go:60 event=listen addr=:8080",
            "ts=2026-11-30T09:05:03.123456789Z caller=compact.go:702 component=tsdb"
                + " err=\"disk quota exceeded\"");
    LogSummary summary = analyze(lines, OPTIONS);

    assertThat(summary.events()).isEqualTo(3);
    assertThat(summary.first()).isEqualTo(Instant.parse("2026-11-30T09:00:00.123Z"));
    assertThat(summary.last()).isEqualTo(Instant.parse("2026-11-30T09:05:03.123Z"));
    assertThat(summary.buckets()).isNotEmpty();
  }

  @Test
  void numericVariablesShowTheirRangeAndQuantiles() {
    List<String> lines = new ArrayList<>();
    double[] seconds = {5.00, 9.01, 10.01, 8.01, 9.01, 7.00, 9.01, 10.01, 5.00, 9.01, 8.12};
    for (int i = 0; i < seconds.length; i++) {
      lines.add("INFO:app:Received request for checkout page.");
      lines.add("INFO:app:Database call completed in %.2f seconds.".formatted(seconds[i]));
    }
    LogSummary summary = analyze(lines, OPTIONS);

    LogSummary.TemplateSummary db =
        summary.templates().stream()
            .filter(t -> t.template().startsWith("Database call"))
            .findFirst()
            .orElseThrow();
    assertThat(db.numbers()).hasSize(1);
    LogSummary.NumberSummary in = db.numbers().get(0);
    assertThat(in.min()).isEqualTo(5.0);
    assertThat(in.max()).isEqualTo(10.01);
    assertThat(in.p50()).isEqualTo(9.01);
    assertThat(in.count()).isEqualTo(11);
    assertThat(db.signals()).contains("slow");
    assertThat(summary.render(1000))
        .contains("   in: 5 to 10.01 seconds (p50 9.01, p90 10.01; 11 values)");
  }

  @Test
  void foldsAJavaRecursionIntoTheExceptionTheFrameAndItsCount() {
    List<String> lines = new ArrayList<>();
    lines.add("2026-11-30 09:00:00,000 ERROR [exec-3] Servlet - Servlet.service() threw exception");
    lines.add("java.lang.StackOverflowError: null");
    for (int i = 0; i < 400; i++) {
      lines.add("\tat com.shop.rules.DiscountRule.apply(DiscountRule.java:57)");
    }
    lines.add("\tat com.shop.PriceController.price(PriceController.java:31)");
    LogSummary summary = analyze(lines, OPTIONS);

    assertThat(summary.templates()).hasSize(1);
    assertThat(summary.templates().get(0).example())
        .isEqualTo(
            """
            2026-11-30 09:00:00,000 ERROR [exec-3] Servlet - Servlet.service() threw exception
            java.lang.StackOverflowError: null
              at com.shop.rules.DiscountRule.apply(DiscountRule.java:57)
              [the frame above repeated 400 times: recursive calls]
              at com.shop.PriceController.price(PriceController.java:31)
              [401 frames in all]""");
  }

  @Test
  void foldsAPythonRecursionWithItsRepeatedLineCount() {
    List<String> lines =
        List.of(
            "2026-11-30 09:00:00,000 ERROR worker: failed to render invoice 48213",
            "Traceback (most recent call last):",
            "  File \"/app/worker.py\", line 88, in handle",
            "    pdf = render(invoice)",
            "  File \"/app/render.py\", line 57, in render_lines",
            "    return render_lines(children)",
            "  File \"/app/render.py\", line 57, in render_lines",
            "    return render_lines(children)",
            "  [Previous line repeated 994 more times]",
            "RecursionError: maximum recursion depth exceeded");
    String example = analyze(lines, OPTIONS).templates().get(0).example();

    assertThat(example)
        .contains("RecursionError: maximum recursion depth exceeded")
        .contains(
            "[frame File \"/app/render.py\", line 57, in render_lines repeated 996 times:"
                + " recursive calls]");
  }

  @Test
  void foldsAGoStackOverflowIntoItsOwnEventWithTheRepeatedFunction() {
    List<String> lines = new ArrayList<>();
    lines.add("2026-11-30T09:00:00Z INFO indexed batch size=120 took=14ms");
    lines.add("runtime: goroutine stack exceeds 1000000000-byte limit");
    lines.add("fatal error: stack overflow");
    lines.add("");
    lines.add("goroutine 18 [running]:");
    for (int depth = 0; depth < 300; depth++) {
      lines.add("example.com/indexer/tree.(*Node).Walk(0xc000%06x, 0x%x)".formatted(depth, depth));
      lines.add("\t/src/indexer/tree/node.go:88 +0x5c");
    }
    lines.add("created by example.com/indexer/worker.Start in goroutine 1");
    LogSummary summary = analyze(lines, OPTIONS);

    LogSummary.TemplateSummary top = summary.templates().get(0);
    assertThat(top.level()).isEqualTo(LogLevel.FATAL);
    assertThat(top.example())
        .startsWith("fatal error: stack overflow\n")
        .contains("[the frame above repeated 300 times: recursive calls]")
        .contains("created by example.com/indexer/worker.Start");
    assertThat(summary.templates()).noneMatch(t -> t.template().startsWith("<*>"));
  }

  /** A short service log: start-up lines once each, then the same slow requests again and again. */
  private static List<String> slowService() {
    List<String> lines = new ArrayList<>();
    for (String banner :
        List.of(
            "Started server process [1]",
            "Waiting for application startup.",
            "Application startup complete.",
            "Uvicorn running on http://0.0.0.0:8000 (Press CTRL+C to quit)",
            "Loaded configuration from /etc/app/config.yaml",
            "Registered 14 routes")) {
      lines.add("INFO:     " + banner);
    }
    for (int i = 0; i < 20; i++) {
      lines.add(
          "INFO:     172.31.1.249:%d - \"GET /metrics HTTP/1.1\" 200 OK".formatted(37000 + i));
      lines.add("INFO:app:Page rendered in %d.01 seconds.".formatted(5 + i % 6));
    }
    lines.add("ERROR:app:Promotions lookup failed: connection pool exhausted");
    return lines;
  }

  @Test
  void atSmallBudgetsRepeatedSlowRequestsOutrankOneOffStartUpLines() {
    LogSummary summary = analyze(slowService(), OPTIONS);
    List<String> ranked = summary.templates().stream().map(t -> t.template()).toList();

    assertThat(ranked.get(0)).startsWith("Promotions lookup failed");
    assertThat(ranked.get(1)).isEqualTo("Page rendered in <*> seconds.");
    String text = summary.render(1000);
    assertThat(text).contains("Page rendered in <*> seconds.").contains("5.01 to 10.01 seconds");
    // Every wildcard of the slow template is a number shown as a range: no example repeats it.
    assertThat(text).doesNotContain("e.g. INFO:app:Page rendered");
  }

  @Test
  void atTheMinimumBudgetTheTopErrorTemplateAppears() {
    String text = analyze(slowService(), OPTIONS).render(200);

    assertThat(text.length()).isLessThanOrEqualTo(200);
    assertThat(text).contains("Promotions lookup failed");

    // An error line longer than the budget is cut to fit rather than left out.
    List<String> lines = new ArrayList<>(slowService());
    lines.remove(lines.size() - 1);
    lines.add("ERROR:app:Checkout failed for cart " + "item-4711 ".repeat(30));
    String cut = analyze(lines, OPTIONS).render(200);
    assertThat(cut.length()).isLessThanOrEqualTo(200);
    assertThat(cut).contains("Checkout failed for cart").contains("...");
  }

  @Test
  void syslogTimestampsWithoutAYearAreNeverInTheFuture() {
    List<String> lines =
        List.of(
            "Dec 31 23:59:58 web-1 nginx[812]: worker process exited on signal 9",
            "Jan  1 00:00:03 web-1 nginx[812]: start worker process 9001");
    Clock newYear = Clock.fixed(Instant.parse("2027-01-01T00:05:00Z"), ZoneOffset.UTC);
    LogAnalyzer analyzer =
        new LogAnalyzer(AnalyzerOptions.defaults().withDefaultYear(2027), newYear);
    lines.forEach(analyzer::accept);
    LogSummary summary = analyzer.summary();

    assertThat(summary.first()).isEqualTo(Instant.parse("2026-12-31T23:59:58Z"));
    assertThat(summary.last()).isEqualTo(Instant.parse("2027-01-01T00:00:03Z"));
  }
}
