package dev.oats.cli;

import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.LineReader;
import dev.oats.logs.LogAnalyzer;
import dev.oats.logs.LogLevel;
import dev.oats.logs.LogSummary;
import dev.oats.logs.TemplateCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oats logs}: mines log templates and summarises logs, on a file or standard input.
 *
 * <ul>
 *   <li>{@code oats logs templates FILE} prints {@code line,template_id,template} as CSV for every
 *       line, in order, so that a labelled data set can score the miner;
 *   <li>{@code oats logs analyze FILE [--budget N] [--since T] [--until T] [--level L]} prints the
 *       summary a model sees.
 * </ul>
 *
 * <p>The main {@code oats} command registers it with {@code addSubcommand(new LogsCommand())}.
 */
@Command(
    name = "logs",
    description = "Mine log templates and summarise logs (a file, or - for standard input).",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done", "1:the log could not be read", "2:bad command line"},
    footer = {
      "%nExamples:",
      "  oats logs analyze app.log --level warn --since 2h",
      "  kubectl logs deploy/checkout-api | oats logs analyze -",
      "  oats logs templates app.log > templates.csv"
    },
    subcommands = {LogsCommand.Templates.class, LogsCommand.Analyze.class})
public final class LogsCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Without a subcommand, says which ones there are. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: templates or analyze");
  }

  /** {@code oats logs templates FILE}. */
  @Command(
      name = "templates",
      description =
          "Print line,template_id,template as CSV for every line of FILE, in order; line is the"
              + " line number, from 1.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "1:the log could not be read", "2:bad command line"},
      footer = {"%nExample:", "  oats logs templates app.log > templates.csv"})
  static final class Templates implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The log file, or - for standard input.")
    private String file;

    @Override
    public Integer call() {
      try (LineReader in = open(file)) {
        TemplateCsv.write(in, spec.commandLine().getOut());
        return 0;
      } catch (IOException e) {
        spec.commandLine().getErr().println("ERROR: cannot read " + file + ": " + reason(e));
        return 1;
      }
    }
  }

  /** {@code oats logs analyze FILE [--budget N] [--since T] [--until T] [--level L]}. */
  @Command(
      name = "analyze",
      description =
          "Print the summary of FILE that a model sees: totals, errors over time, what the "
              + "filters left out and why, and templates ranked by severity then anomaly.",
      exitCodeListHeading = "%nExit codes:%n",
      exitCodeList = {"0:done", "1:the log could not be read", "2:bad command line"},
      footer = {
        "%nExamples:",
        "  oats logs analyze app.log --level warn --since 2h",
        "  kubectl logs deploy/checkout-api | oats logs analyze -"
      })
  static final class Analyze implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The log file, or - for standard input.")
    private String file;

    @Option(
        names = "--budget",
        paramLabel = "CHARS",
        defaultValue = "" + AnalyzerOptions.DEFAULT_BUDGET,
        description = "The most characters the summary may take (default: ${DEFAULT-VALUE}).")
    private int budget;

    @Option(
        names = "--since",
        paramLabel = "TIME",
        description =
            "Leave out events before TIME: an instant (2024-05-01T10:00:00Z) "
                + "or a duration back from now (15m, 2h, 1d).")
    private String since;

    @Option(
        names = "--until",
        paramLabel = "TIME",
        description = "Leave out events from TIME on; same forms as --since.")
    private String until;

    @Option(
        names = "--level",
        paramLabel = "LEVEL",
        description =
            "Leave out events below LEVEL: trace, debug, info, notice, warn, error, " + "fatal.")
    private String level;

    @Override
    public Integer call() {
      AnalyzerOptions options = options(Clock.systemUTC());
      try (LineReader in = open(file)) {
        LogSummary summary = LogAnalyzer.analyze(in, options);
        spec.commandLine().getOut().print(summary.render(options.budget()));
        spec.commandLine().getOut().flush();
        return 0;
      } catch (IOException e) {
        spec.commandLine().getErr().println("ERROR: cannot read " + file + ": " + reason(e));
        return 1;
      }
    }

    private AnalyzerOptions options(Clock clock) {
      AnalyzerOptions options = AnalyzerOptions.defaults();
      try {
        options = options.withBudget(budget);
        if (since != null) {
          options = options.withSince(AnalyzerOptions.parseInstant(since, clock));
        }
        if (until != null) {
          options = options.withUntil(AnalyzerOptions.parseInstant(until, clock));
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage(), e);
      }
      if (level != null) {
        LogLevel min = LogLevel.parse(level);
        if (min == null) {
          throw new ParameterException(spec.commandLine(), "not a level: '" + level + "'");
        }
        options = options.withMinLevel(min);
      }
      Instant from = options.since();
      if (from != null && options.until() != null && !from.isBefore(options.until())) {
        throw new ParameterException(spec.commandLine(), "--since must be before --until");
      }
      return options;
    }
  }

  /** What went wrong reading a log, in words: no such file, a directory, permission denied. */
  static String reason(IOException e) {
    return switch (e) {
      case java.nio.file.NoSuchFileException n -> "no such file";
      case java.nio.file.AccessDeniedException a -> "permission denied";
      case java.nio.file.FileSystemException f when f.getReason() != null -> f.getReason();
      default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    };
  }

  /**
   * Opens a log as UTF-8, replacing malformed bytes rather than failing: logs are not always clean
   * text. Lines are split from the bytes, which is several times faster than a decoding reader.
   */
  static LineReader open(String file) throws IOException {
    return new LineReader("-".equals(file) ? System.in : Files.newInputStream(Path.of(file)));
  }
}
