package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsCommandTest {

  private static final String LOG =
      """
      2024-05-01 10:00:00,000 INFO  [main] org.example.App - started in 812ms
      2024-05-01 10:00:01,000 INFO  [http-1] org.example.Api - GET /orders/17 200
      2024-05-01 10:00:02,000 WARN  [pool-1] org.example.Db - slow query took 1200ms, retrying
      2024-05-01 10:00:03,000 ERROR [http-2] org.example.Api - request failed
      java.lang.IllegalStateException: connection pool exhausted
      \tat org.example.Db.acquire(Db.java:42)
      2024-05-01 10:00:04,000 INFO  [http-1] org.example.Api - GET /orders/18 200
      """;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "logs";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun run = CliRun.run(java.util.Map.of(), all);
    out.write(run.out());
    err.write(run.err());
    return run.exitCode();
  }

  private String log() throws Exception {
    Path file = dir.resolve("app.log");
    Files.writeString(file, LOG, StandardCharsets.UTF_8);
    return file.toString();
  }

  @Test
  void templatesPrintsOneCsvRowPerLineInOrder() throws Exception {
    int exit = run("templates", log());

    assertThat(exit).isZero();
    assertThat(out.toString().lines().toList())
        .containsExactly(
            "line,template_id,template",
            "1,1,started in <*>",
            "2,2,GET <*> <*>",
            "3,3,\"slow query took <*>, retrying\"",
            "4,4,request failed",
            "5,5,java.lang.IllegalStateException: connection pool exhausted",
            "6,6,at org.example.Db.acquire(Db.java:<*>)",
            "7,2,GET <*> <*>");
  }

  @Test
  void analyzePrintsTheSummaryWithinTheBudget() throws Exception {
    int exit = run("analyze", log(), "--budget", "600");

    assertThat(exit).isZero();
    // Below 700 characters the header is one short line, to leave the room to the templates.
    assertThat(out.toString())
        .startsWith("7 lines; errors 1, warnings 1\n1. ERROR x1 [T")
        .contains("request failed")
        .contains("java.lang.IllegalStateException: connection pool exhausted");
    assertThat(out.toString().length()).isLessThanOrEqualTo(600);
  }

  @Test
  void analyzeSaysWhyALevelFilterLeftNothing() throws Exception {
    Path levelless = dir.resolve("levelless.log");
    Files.writeString(levelless, "worker started\nmessage 1 sent\nmessage 2 sent on retry 1\n");
    int exit = run("analyze", levelless.toString(), "--level", "error");

    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains("filter: level ERROR or worse left out 3 events (no level 3)")
        .contains("this log names no levels")
        .contains("nothing left after the filters");
  }

  @Test
  void analyzeFiltersByLevelAndTime() throws Exception {
    int exit =
        run(
            "analyze",
            log(),
            "--level",
            "warn",
            "--since",
            "2024-05-01T10:00:02Z",
            "--until",
            "2024-05-01T10:00:04Z");

    assertThat(exit).isZero();
    assertThat(out.toString()).startsWith("7 lines, 2 events").doesNotContain("GET");
  }

  @Test
  void rejectsAnUnknownLevel() throws Exception {
    int exit = run("analyze", log(), "--level", "loud");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("not a level: 'loud'");
  }

  @Test
  void rejectsAnUnreadableTime() throws Exception {
    int exit = run("analyze", log(), "--since", "yesterday-ish");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("not a time");
  }

  @Test
  void reportsAMissingFile() {
    int exit = run("templates", dir.resolve("missing.log").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("cannot read").contains("missing.log");
  }

  @Test
  void asksForASubcommand() {
    int exit = run();

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("Missing subcommand");
  }
}
