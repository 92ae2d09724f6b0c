package dev.oats.server;

import dev.oats.agent.Agent;
import dev.oats.api.ApiServer;
import dev.oats.config.OatsConfig;
import dev.oats.runner.LocalRunner;
import dev.oats.runner.Runner;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, built from its configuration: database, API keys, runner, investigation service
 * and HTTP API. {@link #start} recovers what a previous run left and starts listening.
 */
public final class OatsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OatsServer.class);

  private final Database database;
  private final Runner runner;
  private final Javalin http;
  private final InvestigationService service;

  private OatsServer(Database database, Runner runner, Javalin http, InvestigationService service) {
    this.database = database;
    this.runner = runner;
    this.http = http;
    this.service = service;
  }

  /**
   * Builds and starts the server.
   *
   * @param environment the process environment (settings, secrets)
   * @param announce where the one-time generated API key is printed
   * @param runners makes the runner named by {@code OATS_RUNNER}, given the service as listener
   */
  public static OatsServer start(
      Map<String, String> environment,
      PrintStream announce,
      Function<RunnerRequest, Runner> runners)
      throws IOException {
    OatsConfig config = OatsConfig.load(environment, Path.of("."));
    ServerConfig server = ServerConfig.from(environment);
    Database database =
        Database.open(DatabaseConfig.fromEnvironment(environment, server.dataDir()));
    try {
      ApiKeys keys = ApiKeys.load(server, announce);
      EventBus bus = new EventBus();
      ServerMetrics metrics = new ServerMetrics(() -> database.investigations().countByStatus());
      InvestigationService service =
          new InvestigationService(
              database.investigations(),
              bus,
              metrics,
              Clock.systemUTC(),
              server.maxConcurrent(),
              config.maxTurns(),
              server.cancelGrace());
      Approvals approvals = new Approvals(server.approvalTimeout());
      Runner runner =
          runners.apply(
              new RunnerRequest(server.runner(), config, environment, service, approvals));
      service.attach(runner);
      service.recover();
      Javalin http =
          ApiServer.create(
                  new ApiServer.Dependencies(
                      service, bus, metrics, keys, approvals, () -> alive(database)))
              .start(server.host(), server.port());
      log.info(
          "OATS server listening on {}:{} (runner {}, at most {} investigations at once, database {})",
          server.host(),
          http.port(),
          runner.name(),
          server.maxConcurrent(),
          database.config().redactedUrl());
      return new OatsServer(database, runner, http, service);
    } catch (RuntimeException | IOException e) {
      database.close();
      throw e;
    }
  }

  /**
   * What a runner factory gets.
   *
   * @param name {@code local} or {@code kubernetes}
   */
  public record RunnerRequest(
      String name,
      OatsConfig config,
      Map<String, String> environment,
      InvestigationService service,
      Approvals approvals) {}

  /** The runner for {@code local}: the agent in this process, asking the API for approvals. */
  public static Runner localRunner(RunnerRequest request) {
    Agent agent = Agent.create(request.config(), request.environment(), request.approvals());
    return new LocalRunner(agent, request.service());
  }

  private static boolean alive(Database database) {
    try {
      database.investigations().countByStatus();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  public int port() {
    return http.port();
  }

  /** The HTTP server, for tests of how it is configured. */
  Javalin http() {
    return http;
  }

  public InvestigationService service() {
    return service;
  }

  @Override
  public void close() {
    http.stop();
    runner.close();
    database.close();
  }
}
