package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.config.StoreConfig;
import dev.oats.eval.demo.DemoScenario;
import dev.oats.eval.scenario.ScenarioException;
import dev.oats.server.wiring.OatsServer;
import dev.oats.store.InvestigationRecord;
import dev.oats.store.StoreException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code oats demo}: the server and its UI with one scenario cluster and the scenario's recorded
 * model side, so a new user sees a whole investigation with no model key and no cluster. Everything
 * it shows is labelled a replay: this banner, the UI, the API's {@code replay} field, the report.
 */
@Command(
    name = "demo",
    description = {
      "See OATS investigate with no model key and no cluster: a REPLAY of a recorded model side"
          + " against a simulated Kubernetes API, in the server and UI on 127.0.0.1.",
      "The default scenario is a pod crash-looping for a missing environment variable. Ctrl-C"
          + " stops it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped with Ctrl-C",
      "1:the demo could not start (the message says why)",
      "2:bad command line"
    },
    footer = {"%nExample:", "  oats demo --port 8001"})
final class DemoCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(
      arity = "0..1",
      paramLabel = "SCENARIO_DIR",
      description = "A scenario folder with replay/model.yaml (default: the bundled one).")
  Path scenarioDir;

  @Option(
      names = "--port",
      defaultValue = "8000",
      description = "The port of the API and UI; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--pace",
      defaultValue = "1.5",
      description =
          "Seconds each recorded model reply takes, so the timeline can be followed"
              + " (default: ${DEFAULT-VALUE}).")
  double pace;

  @Override
  public Integer call() throws Exception {
    Running running;
    try {
      running = start();
    } catch (ScenarioException | ConfigException | StoreException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    } catch (IOException | UncheckedIOException e) {
      main.err.println("ERROR: cannot start the demo: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  /** The demo, running until closed: its server, its scenario and its first investigation. */
  record Running(OatsServer server, DemoScenario demo, String key, String url, String id, Path data)
      implements AutoCloseable {
    @Override
    public void close() {
      try {
        server.close();
      } finally {
        demo.close();
        delete(data);
      }
    }
  }

  /** Starts the scenario, the server and the replayed investigation, and prints the banner. */
  Running start() throws IOException {
    if (pace < 0) {
      throw new IllegalStateException("--pace must be 0 or more seconds, not " + pace);
    }
    DemoScenario demo =
        DemoScenario.start(
            scenarioDir, Duration.ofMillis(Math.round(pace * 1000)), Clock.systemUTC());
    Path data = null;
    try {
      data = Files.createTempDirectory("oats-demo-data-");
      String key = "oats_demo_" + random();
      // Its own database, key and address: the demo never touches the user's data or listens
      // beyond this machine.
      Map<String, String> environment = new HashMap<>(main.environment);
      environment.put("OATS_DATA_DIR", data.toString());
      environment.put("OATS_DB_URL", StoreConfig.h2FileUrl(data));
      environment.put("OATS_API_KEYS", "demo=" + key);
      environment.put("OATS_HOST", "127.0.0.1");
      environment.put("OATS_PORT", Integer.toString(port));
      OatsConfig config = main.loadConfig(environment);
      OatsServer server =
          OatsServer.start(
              config,
              environment,
              new PrintStream(OutputStream.nullOutputStream()),
              request ->
                  new DemoRunner(demo, request.config(), request.environment(), request.service()));
      InvestigationRecord first;
      try {
        first = server.service().submit(demo.goal(), demo.scenario().namespace());
      } catch (dev.oats.runner.RunnerException | RuntimeException e) {
        server.close();
        throw new IllegalStateException("could not start the replayed investigation: " + e, e);
      }
      String url = "http://127.0.0.1:" + server.port();
      banner(demo, key, url, first.id());
      return new Running(server, demo, key, url, first.id(), data);
    } catch (IOException | RuntimeException e) {
      demo.close();
      delete(data);
      throw e;
    }
  }

  private void banner(DemoScenario demo, String key, String url, String id) {
    String rule = "=".repeat(78);
    main.out.println(rule);
    main.out.println(" OATS DEMO: this is a REPLAY of a recorded investigation, not a live one.");
    main.out.println(rule);
    main.out.printf(
        " Scenario   %s (namespace %s)%n", demo.scenario().name(), demo.scenario().namespace());
    main.out.printf(" Goal       %s%n", demo.scenario().goal());
    main.out.println(
        " Model      none: the model's side is replayed from the scenario's recording");
    main.out.printf(
        " Cluster    none: a simulated Kubernetes API at %s serving the scenario%n",
        demo.clusterUrl());
    main.out.printf("            (kubectl --kubeconfig %s get pods)%n", demo.kubeconfig());
    main.out.println();
    main.out.printf(" Open       %s/#/investigations/%s%n", url, id);
    main.out.printf(" API key    %s   (sign in with it; it lasts as long as the demo)%n", key);
    main.out.println();
    main.out.println(
        " The UI, the API (\"replay\": true) and the report mark it as a replay. A new");
    main.out.println(
        " investigation with the same goal replays again; other goals and follow-ups are");
    main.out.println(
        " answered with a note. For real investigations: oats server with a model key.");
    main.out.println(" Ctrl-C stops the demo and deletes its data.");
    main.out.println(rule);
  }

  private static String random() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // A temporary folder left behind is not worth failing the demo's end for.
    }
  }
}
