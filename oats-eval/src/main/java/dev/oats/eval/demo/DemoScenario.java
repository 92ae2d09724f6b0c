package dev.oats.eval.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.oats.agent.Agent;
import dev.oats.config.OatsConfig;
import dev.oats.eval.EvalRunner;
import dev.oats.eval.ScenarioAgent;
import dev.oats.eval.cluster.ScenarioCluster;
import dev.oats.eval.cluster.ScenarioPrometheus;
import dev.oats.eval.cluster.TimeShift;
import dev.oats.eval.replay.ModelScript;
import dev.oats.eval.scenario.Scenario;
import dev.oats.eval.scenario.ScenarioException;
import dev.oats.eval.scenario.ScenarioLoader;
import dev.oats.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One scenario kept running for {@code oats demo}: its cluster (and Prometheus) on 127.0.0.1, and
 * an agent for each run whose model side is the scenario's recording. The goal the scenario was
 * recorded with replays it; any other goal, and any follow-up, gets a short report saying that a
 * replay cannot answer it, so the demo never pretends to investigate what it has no recording of.
 */
public final class DemoScenario implements AutoCloseable {

  /** The scenario bundled in the jar, used when no folder is given. */
  public static final String BUNDLED = "crashloop-missing-env";

  private static final String RESOURCE = "dev/oats/eval/demo/" + BUNDLED;

  private final Scenario scenario;
  private final ModelScript script;
  private final ScenarioCluster cluster;
  private final ScenarioPrometheus prometheus;
  private final Path work;
  private final Path copy;
  private final Duration pace;
  private final Clock clock;

  private DemoScenario(
      Scenario scenario,
      ModelScript script,
      ScenarioCluster cluster,
      ScenarioPrometheus prometheus,
      Path work,
      Path copy,
      Duration pace,
      Clock clock) {
    this.scenario = scenario;
    this.script = script;
    this.cluster = cluster;
    this.prometheus = prometheus;
    this.work = work;
    this.copy = copy;
    this.pace = pace;
    this.clock = clock;
  }

  /**
   * Starts the scenario's cluster.
   *
   * @param dir the scenario folder, or null for the one bundled in the jar
   * @param pace how long each recorded reply takes
   * @throws ScenarioException when the folder is not a scenario with a recording
   */
  public static DemoScenario start(Path dir, Duration pace, Clock clock) throws IOException {
    Path copy = dir == null ? extractBundled() : null;
    Path work = Files.createTempDirectory("oats-demo-");
    try {
      Scenario scenario = ScenarioLoader.load(dir == null ? copy.resolve(BUNDLED) : dir);
      if (!scenario.hasReplay()) {
        throw new ScenarioException(
            scenario.replayFile() + " is missing: the demo replays a recorded model side");
      }
      ModelScript script = ModelScript.read(scenario.replayFile());
      ScenarioCluster cluster =
          ScenarioCluster.start(
              scenario.dir().resolve("cluster"),
              scenario.dir().resolve("logs"),
              scenario.namespace(),
              TimeShift.to(scenario.capturedAt(), clock.instant()),
              clock,
              work);
      ScenarioPrometheus prometheus = null;
      try {
        if (ScenarioPrometheus.wanted(scenario.dir())) {
          prometheus = ScenarioPrometheus.start(scenario.dir(), clock.instant(), work);
        }
      } catch (IOException | RuntimeException e) {
        cluster.close();
        throw e;
      }
      return new DemoScenario(scenario, script, cluster, prometheus, work, copy, pace, clock);
    } catch (IOException | RuntimeException e) {
      delete(work);
      delete(copy);
      throw e;
    }
  }

  public Scenario scenario() {
    return scenario;
  }

  /** The goal that replays the recording: the scenario's, with its alert when it has one. */
  public String goal() {
    return EvalRunner.goal(scenario);
  }

  /** The scenario cluster's API server URL. */
  public String clusterUrl() {
    return cluster.url();
  }

  /** A kubeconfig for the scenario cluster ({@code kubectl --kubeconfig …} reads it). */
  public Path kubeconfig() {
    return cluster.kubeconfig();
  }

  /**
   * The agent for one run.
   *
   * @param goal the investigation's goal
   * @param firstRun false for a follow-up or a resumed run
   */
  public Agent agent(
      OatsConfig config, Map<String, String> environment, String goal, boolean firstRun) {
    ModelScript replies = script;
    if (!firstRun) {
      replies =
          note(
              "This is OATS's demo: it replays one recorded investigation and has no recorded"
                  + " answer to a follow-up question. To ask your own, run `oats server` with a"
                  + " model key (ANTHROPIC_API_KEY or OPENAI_API_KEY).");
    } else if (!goal.strip().equals(goal().strip())) {
      replies =
          note(
              "This is OATS's demo: it replays one recorded investigation, of the goal \""
                  + scenario.goal()
                  + "\" in the scenario `"
                  + scenario.name()
                  + "`. It has no recording for the goal \""
                  + goal.strip()
                  + "\" and investigated nothing. To investigate it, run `oats server` with a"
                  + " model key (ANTHROPIC_API_KEY or OPENAI_API_KEY).");
    }
    return ScenarioAgent.create(
        config,
        environment,
        cluster,
        prometheus,
        new DemoModel(replies, scenario.name(), pace),
        scenario,
        work,
        clock);
  }

  private static ModelScript note(String text) {
    return new ModelScript(
        "demo",
        List.of(
            new ModelScript.Reply(
                "",
                List.of(
                    new ModelScript.Call(
                        "finish", JsonNodeFactory.instance.objectNode().put("result", text), null)),
                Usage.ZERO)));
  }

  @Override
  public void close() {
    if (prometheus != null) {
      prometheus.close();
    }
    cluster.close();
    delete(work);
    delete(copy);
  }

  /**
   * Copies the bundled scenario out of the jar (or the classes folder) into a temporary folder, and
   * returns that folder (the scenario is in it under its name).
   */
  private static Path extractBundled() throws IOException {
    URL marker = DemoScenario.class.getClassLoader().getResource(RESOURCE + "/scenario.yaml");
    if (marker == null) {
      throw new ScenarioException(
          "the bundled demo scenario is missing from this build; give a scenario folder");
    }
    Path root = Files.createTempDirectory("oats-demo-scenario-");
    Path target = root.resolve(BUNDLED);
    try {
      URI uri = marker.toURI();
      if (uri.getScheme().equals("jar")) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(jar.getPath("/" + RESOURCE), target);
        }
      } else {
        copyTree(Path.of(uri).getParent(), target);
      }
    } catch (URISyntaxException e) {
      throw new IOException("cannot read the bundled demo scenario: " + e.getMessage(), e);
    }
    return root;
  }

  private static void copyTree(Path source, Path target) throws IOException {
    try (Stream<Path> paths = Files.walk(source)) {
      for (Path from : paths.sorted().toList()) {
        Path to = target.resolve(source.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to);
        }
      }
    }
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is not worth failing the demo for.
    }
  }
}
