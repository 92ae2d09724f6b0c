package dev.oats.cli;

import dev.oats.config.ConfigException;
import dev.oats.runner.Runner;
import dev.oats.runner.kubernetes.KubernetesRunner;
import dev.oats.server.OatsServer;
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
      "Run the OATS server: the HTTP API on OATS_PORT (default 8000), investigations run by",
      "OATS_RUNNER (local, the default, or kubernetes). Stops on SIGTERM or Ctrl-C."
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

  static Runner runner(OatsServer.RunnerRequest request) {
    return switch (request.name()) {
      case "local" -> OatsServer.localRunner(request);
      case "kubernetes" -> KubernetesRunner.create(request);
      default ->
          throw new ConfigException(
              "OATS_RUNNER=" + request.name() + " is not available; use local or kubernetes");
    };
  }
}
