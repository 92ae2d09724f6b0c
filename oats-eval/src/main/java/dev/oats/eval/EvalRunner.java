package dev.oats.eval;

import dev.oats.agent.Agent;
import dev.oats.agent.Investigation;
import dev.oats.agent.RunSummary;
import dev.oats.config.OatsConfig;
import dev.oats.eval.cluster.ScenarioCluster;
import dev.oats.eval.cluster.ScenarioPrometheus;
import dev.oats.eval.cluster.TimeShift;
import dev.oats.eval.replay.ModelScript;
import dev.oats.eval.replay.ObservedModel;
import dev.oats.eval.replay.ReplayModel;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioException;
import dev.oats.eval.score.EvidenceCheck;
import dev.oats.eval.score.FactCheck;
import dev.oats.eval.score.Pricing;
import dev.oats.eval.score.RunResult;
import dev.oats.eval.score.Scoring;
import dev.oats.event.AgentEvent;
import dev.oats.event.RecordedEvent;
import dev.oats.model.ChatModel;
import dev.oats.tools.runbooks.AlertGoal;
import dev.oats.tools.runbooks.RunbookLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs scenarios: for each run, a fresh scenario cluster, the agent with the scenario's tools only
 * (never the user's cluster or shell), the model (live or replayed), then the score with its
 * evidence check.
 */
public final class EvalRunner {

  /** Where the model comes from. */
  public interface ModelSource {
    /** The model for one run of the scenario. */
    ChatModel model(Scenario scenario) throws IOException;

    /** Whether this is a replay of recorded model sides. */
    boolean replay();
  }

  /** Replays each scenario's {@code replay/model.yaml}. */
  public static ModelSource replays() {
    return new ModelSource() {
      @Override
      public ChatModel model(Scenario scenario) throws IOException {
        if (!scenario.hasReplay()) {
          throw new IOException(
              scenario.replayFile()
                  + " is missing: record one with oats eval --record, or write it by hand");
        }
        return new ReplayModel(ModelScript.read(scenario.replayFile()));
      }

      @Override
      public boolean replay() {
        return true;
      }
    };
  }

  /**
   * @param runs runs per scenario
   * @param record write each scenario's replay/model.yaml from its first passing run (else its
   *     first run); live runs only
   */
  public record Options(int runs, boolean record) {
    public Options {
      if (runs < 1) {
        throw new IllegalArgumentException("--runs must be at least 1, not " + runs);
      }
    }
  }

  private final OatsConfig config;
  private final Map<String, String> environment;
  private final ModelSource models;
  private final Options options;
  private final Clock clock;

  public EvalRunner(
      OatsConfig config,
      Map<String, String> environment,
      ModelSource models,
      Options options,
      Clock clock) {
    this.config = config;
    this.environment = environment;
    this.models = models;
    this.options = options;
    this.clock = clock;
  }

  /** Runs every scenario {@code runs} times; {@code progress} hears of each run as it ends. */
  public List<RunResult> run(List<Scenario> scenarios, Consumer<RunResult> progress) {
    List<RunResult> results = new ArrayList<>();
    for (Scenario scenario : scenarios) {
      ModelScript recording = null;
      boolean recordedPass = false;
      for (int run = 1; run <= options.runs(); run++) {
        Attempt attempt = runOnce(scenario, run);
        results.add(attempt.result());
        progress.accept(attempt.result());
        boolean better = recording == null || attempt.result().passed() && !recordedPass;
        if (attempt.script() != null && better) {
          recording = attempt.script();
          recordedPass = attempt.result().passed();
        }
      }
      if (options.record() && !models.replay() && recording != null) {
        try {
          recording.write(scenario.replayFile());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(
              "could not write " + scenario.replayFile() + ": " + e.getMessage(), e);
        }
      }
    }
    return results;
  }

  private record Attempt(RunResult result, ModelScript script) {}

  private Attempt runOnce(Scenario scenario, int run) {
    long started = System.nanoTime();
    Path work = null;
    try {
      work = Files.createTempDirectory("oats-eval-");
      TimeShift shift = TimeShift.to(scenario.capturedAt(), clock.instant());
      try (ScenarioCluster cluster =
          ScenarioCluster.start(
              scenario.dir().resolve("cluster"),
              scenario.dir().resolve("logs"),
              scenario.namespace(),
              shift,
              clock,
              work)) {
        ChatModel base = models.model(scenario);
        ObservedModel observed = new ObservedModel(base);
        ScenarioPrometheus prometheus =
            ScenarioPrometheus.wanted(scenario.dir())
                ? ScenarioPrometheus.start(scenario.dir(), clock.instant(), work)
                : null;
        try {
          Agent agent =
              ScenarioAgent.create(
                  config, environment, cluster, prometheus, observed, scenario, work, clock);
          List<RecordedEvent> events = new ArrayList<>();
          RunSummary summary =
              agent.run(
                  new Investigation(
                      "eval-" + UUID.randomUUID(), goal(scenario), scenario.namespace()),
                  events::add,
                  () -> Thread.currentThread().isInterrupted());
          return score(scenario, run, summary, observed, events, base, started);
        } finally {
          if (prometheus != null) {
            prometheus.close();
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Attempt(
          new RunResult(
              scenario.name(),
              run,
              RunResult.Outcome.ERROR,
              0,
              dev.oats.model.Usage.ZERO,
              null,
              elapsed(started),
              List.of(),
              List.of("could not run: " + e.getMessage()),
              "",
              ""),
          null);
    } finally {
      delete(work);
    }
  }

  private Attempt score(
      Scenario scenario,
      int run,
      RunSummary summary,
      ObservedModel observed,
      List<RecordedEvent> events,
      ChatModel base,
      long started) {
    String report = summary.succeeded() ? summary.result() : "";
    List<FactCheck> facts =
        EvidenceCheck.check(scenario.expected().facts(), report, observed.exchanges(), events);
    List<String> problems =
        new ArrayList<>(Scoring.problems(scenario.expected(), summary, report, facts));
    RunResult.Outcome outcome =
        problems.isEmpty() ? RunResult.Outcome.PASS : RunResult.Outcome.FAIL;
    if (base instanceof ReplayModel replay && replay.divergence() != null) {
      outcome = RunResult.Outcome.DIVERGED;
      problems.addFirst("replay diverged: " + replay.divergence());
    }
    Double cost =
        Pricing.of(base.describe()).map(price -> price.cost(summary.usage())).orElse(null);
    RunResult result =
        new RunResult(
            scenario.name(),
            run,
            outcome,
            summary.turns(),
            summary.usage(),
            cost,
            elapsed(started),
            facts,
            problems,
            report,
            Transcript.of(events));
    return new Attempt(result, observed.script(statuses(events)));
  }

  /**
   * The goal as typed; or, for a scenario an Alertmanager alert (with {@code labels}) started, the
   * goal the server writes from it, with the matching runbook of the scenario's {@code runbooks/};
   * or the goal followed by any other alert.
   */
  public static String goal(Scenario scenario) {
    if (scenario.alert() == null) {
      return scenario.goal();
    }
    if (scenario.alert().path("labels").isObject()) {
      Map<String, String> labels = strings(scenario.alert().path("labels"));
      return AlertGoal.write(
          labels,
          strings(scenario.alert().path("annotations")),
          scenario.alert().hasNonNull("startsAt")
              ? Instant.parse(scenario.alert().get("startsAt").asText())
              : null,
          runbooks(scenario).forAlert(labels));
    }
    return scenario.goal() + "\n\nAlert that triggered this investigation:\n" + scenario.alert();
  }

  /** The scenario's {@code runbooks/}; a broken one fails the scenario rather than vanishing. */
  private static RunbookLibrary runbooks(Scenario scenario) {
    Path dir = scenario.dir().resolve("runbooks");
    if (!Files.isDirectory(dir)) {
      return RunbookLibrary.none();
    }
    RunbookLibrary library = RunbookLibrary.load(dir);
    if (!library.problems().isEmpty()) {
      throw new ScenarioException(
          scenario.name() + ": broken runbook " + library.problems().getFirst());
    }
    return library;
  }

  private static Map<String, String> strings(com.fasterxml.jackson.databind.JsonNode node) {
    Map<String, String> map = new java.util.TreeMap<>();
    node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static Map<String, String> statuses(List<RecordedEvent> events) {
    Map<String, String> statuses = new HashMap<>();
    for (RecordedEvent recorded : events) {
      if (recorded.event() instanceof AgentEvent.Observation observation) {
        statuses.put(observation.callId(), observation.status());
      }
    }
    return statuses;
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary folder left behind is not worth failing a run for.
    }
  }
}
