package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.runner.LocalRunner;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerRequest;
import dev.oats.runner.kubernetes.KubernetesRunner;
import dev.oats.server.wiring.OatsServer;
import dev.oats.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the OATS server until it is stopped. */
@Command(
    name = "server",
    description = {
      "Run the OATS server: the HTTP API and web UI on OATS_PORT (default 8000).",
      "Investigations run in this process (OATS_RUNNER=local, the default) or as Kubernetes Jobs"
          + " (OATS_RUNNER=kubernetes). Without OATS_API_KEYS the first start makes a key, prints"
          + " it once and keeps it in OATS_DATA_DIR/api-keys. Without a model key the server still"
          + " starts, and refuses investigations saying what to set. Stops on SIGTERM or Ctrl-C."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:stopped by SIGTERM or Ctrl-C",
      "1:could not start (configuration, database, port); the message says why",
      "2:bad command line"
    },
    footer = {
      "%nExample:",
      "  ANTHROPIC_API_KEY=sk-ant-... oats server      then open http://localhost:8000/"
    })
final class ServerCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() throws Exception {
    OatsServer server;
    try {
      server = OatsServer.start(main.config(), main.environment, main.out, ServerCommand::runner);
    } catch (ConfigException | StoreException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    } catch (IOException | UncheckedIOException e) {
      main.err.println("ERROR: cannot start the server: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                }));
    stopped.await();
    return 0;
  }

  static Runner runner(RunnerRequest request) {
    return switch (request.name()) {
      case "local" -> LocalRunner.create(request);
      case "kubernetes" -> KubernetesRunner.create(request);
      default ->
          throw new ConfigException(
              "OATS_RUNNER=" + request.name() + " is not available; use local or kubernetes");
    };
  }
}
