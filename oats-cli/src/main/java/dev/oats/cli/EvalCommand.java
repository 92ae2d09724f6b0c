package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.eval.EvalReport;
import dev.oats.eval.EvalRunner;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioException;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.eval.score.RunResult;
import dev.oats.llm.providers.Models;
import dev.oats.model.ChatModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code oats eval}: runs investigation scenarios, live against a model or replayed from their
 * recordings, and scores the reports against each scenario's answer key.
 */
@Command(
    name = "eval",
    description = {"Run investigation scenarios and score the reports (see docs/scenarios.md)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:every run passed", "1:a run did not pass", "2:bad input"},
    footer = {
      "%nExamples:",
      "  oats eval scenarios/ --model claude-sonnet-4-5 --runs 3     live",
      "  oats eval --replay                    replay (no key, no cluster)"
    })
final class EvalCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(
      arity = "0..*",
      paramLabel = "SCENARIO_DIR",
      description = "Scenario folders, or folders of them (default: ./scenarios).")
  List<Path> dirs;

  @Option(names = "--model", description = "Overrides OATS_MODEL for live runs.")
  String model;

  @Option(names = "--provider", description = "Overrides OATS_PROVIDER: anthropic or openai.")
  String provider;

  @Option(names = "--runs", defaultValue = "1", description = "Runs per scenario (k of pass@k).")
  int runs;

  @Option(
      names = "--tags",
      split = ",",
      description = "Only scenarios with one of these tags (comma-separated).")
  List<String> tags;

  @Option(names = "--replay", description = "Replay each scenario's recorded model side.")
  boolean replay;

  @Option(
      names = "--record",
      description = "Live runs: write each scenario's replay/model.yaml from its run.")
  boolean record;

  @Option(
      names = "--out",
      defaultValue = "eval-results",
      description =
          "Where results.json, report.md and transcripts/ go (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() {
    if (replay && record) {
      main.err.println("ERROR: --record writes recordings from live runs; drop --replay");
      return 2;
    }
    Map<String, String> environment = new HashMap<>(main.environment);
    putIfSet(environment, "OATS_MODEL", model);
    putIfSet(environment, "OATS_PROVIDER", provider);
    List<Scenario> scenarios;
    OatsConfig config;
    EvalRunner.ModelSource models;
    try {
      scenarios =
          ScenarioLoader.find(dirs == null || dirs.isEmpty() ? List.of(Path.of("scenarios")) : dirs)
              .stream()
              .filter(s -> s.matches(tags == null ? List.of() : tags))
              .toList();
      config = OatsConfig.load(environment, Path.of("."));
      models = replay ? EvalRunner.replays() : live(config);
    } catch (ScenarioException | ConfigException | IllegalStateException | IOException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 2;
    }
    if (scenarios.isEmpty()) {
      main.err.println("ERROR: no scenario matches" + (tags == null ? "" : " the tags " + tags));
      return 2;
    }
    String label = replay ? "replay (recorded model sides)" : Models.create(config).describe();
    main.err.printf(
        "oats eval: %d scenario(s) x %d run(s), model %s%n", scenarios.size(), runs, label);
    EvalRunner runner =
        new EvalRunner(
            config, environment, models, new EvalRunner.Options(runs, record), Clock.systemUTC());
    EvalReport report = new EvalReport(label, replay, runner.run(scenarios, this::progress));
    main.out.print(report.table());
    String failures = report.failures();
    if (!failures.isEmpty()) {
      main.out.println();
      main.out.print(failures);
    }
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("results.json"), report.json());
      Files.writeString(out.resolve("report.md"), report.markdown());
      Path transcripts = Files.createDirectories(out.resolve("transcripts"));
      for (RunResult run : report.runs()) {
        Files.writeString(
            transcripts.resolve(run.scenario() + "-" + run.run() + ".md"), run.transcript());
      }
      main.err.println("Results: " + out.resolve("results.json") + ", " + out.resolve("report.md"));
    } catch (IOException e) {
      main.err.println("WARNING: could not write the results to " + out + ": " + e.getMessage());
    }
    return report.allPassed() ? 0 : 1;
  }

  private void progress(RunResult run) {
    main.err.printf(
        Locale.ROOT,
        "  %-40s run %d: %s in %d turns, %.1f s%n",
        run.scenario(),
        run.run(),
        run.outcome(),
        run.turns(),
        run.millis() / 1000.0);
  }

  private static EvalRunner.ModelSource live(OatsConfig config) {
    config.requireModelAccess();
    return new EvalRunner.ModelSource() {
      @Override
      public ChatModel model(Scenario scenario) {
        return Models.create(config);
      }

      @Override
      public boolean replay() {
        return false;
      }
    };
  }

  private static void putIfSet(Map<String, String> environment, String name, String value) {
    if (value != null) {
      environment.put(name, value);
    }
  }
}
