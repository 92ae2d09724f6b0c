package dev.oats.server.wiring;

import dev.oats.alerts.AlertConfig;
import dev.oats.alerts.AlertIntake;
import dev.oats.api.AlertWebhook;
import dev.oats.api.ApiServer;
import dev.oats.config.OatsConfig;
import dev.oats.config.ServerConfig;
import dev.oats.notify.NotificationSettings;
import dev.oats.notify.Notifier;
import dev.oats.runner.ModelMissingRunner;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerRequest;
import dev.oats.server.ApiKeys;
import dev.oats.server.EventBus;
import dev.oats.server.InvestigationService;
import dev.oats.server.ReplicaConfig;
import dev.oats.server.Replicas;
import dev.oats.server.ServerMetrics;
import dev.oats.server.SocketTickets;
import dev.oats.store.Database;
import dev.oats.store.DatabaseConfig;
import dev.oats.telemetry.Telemetry;
import dev.oats.tools.runbooks.RunbookLibrary;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server, built from its configuration: database, API keys, runner, investigation service
 * and HTTP API. {@link #start} recovers what a previous run left and starts listening.
 */
public final class OatsServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OatsServer.class);

  /** The name of the key of submit digests ({@code Idempotency-Key}) in the database. */
  static final String SUBMIT_DIGEST_SECRET = "submit-digest-hmac";

  private final Database database;
  private final Runner runner;
  private final Javalin http;
  private final InvestigationService service;
  private final Notifier notifier;
  private final Telemetry telemetry;
  private final Replicas replicas;

  private OatsServer(
      Database database,
      Runner runner,
      Javalin http,
      InvestigationService service,
      Notifier notifier,
      Telemetry telemetry,
      Replicas replicas) {
    this.replicas = replicas;
    this.database = database;
    this.runner = runner;
    this.http = http;
    this.service = service;
    this.notifier = notifier;
    this.telemetry = telemetry;
  }

  /**
   * Builds and starts the server with the configuration read from {@code environment} and the
   * {@code oats.yaml} found from the working directory.
   */
  public static OatsServer start(
      Map<String, String> environment,
      PrintStream announce,
      Function<RunnerRequest, Runner> runners)
      throws IOException {
    return start(OatsConfig.load(environment, Path.of(".")), environment, announce, runners);
  }

  /**
   * Builds and starts the server.
   *
   * @param config the one configuration: every part's settings
   * @param environment the process environment, only to give tools' child processes a scrubbed copy
   *     of it
   * @param announce where the one-time generated API key is printed
   * @param runners makes the runner named by {@code OATS_RUNNER}, given the service as listener
   */
  public static OatsServer start(
      OatsConfig config,
      Map<String, String> environment,
      PrintStream announce,
      Function<RunnerRequest, Runner> runners)
      throws IOException {
    ServerConfig server = config.server();
    NotificationSettings notifications = NotificationSettings.from(config, environment);
    DataDirectory.ensureWritable(server.dataDir());
    Database database = Database.open(DatabaseConfig.of(config.store()));
    Telemetry telemetry = Telemetry.disabled();
    // What runs timers against the database, stopped before it closes if the start fails (a port
    // in use), so that the error is the last thing the user reads.
    Deque<Runnable> started = new ArrayDeque<>();
    try {
      telemetry = Telemetry.fromEnvironment(environment, "oats-server", config.traceContent());
      // With PostgreSQL, replicas share keys through the database, never a file of their own.
      ApiKeys keys =
          database.shareable()
              ? ApiKeys.load(server, announce, database.shared())
              : ApiKeys.load(server, announce);
      Replicas replicas = Replicas.start(database, config);
      started.push(replicas::close);
      EventBus bus = replicas.bus();
      ServerMetrics metrics = new ServerMetrics(() -> database.investigations().countByStatus());
      InvestigationService service =
          new InvestigationService(
              database.investigations(),
              bus,
              metrics,
              Clock.systemUTC(),
              server.maxConcurrent(),
              config.maxTurns(),
              server.cancelGrace(),
              server.approvalTimeout(),
              ReplicaConfig.from(config, environment, !database.config().kind().equals("H2")));
      started.push(service::close);
      // Shared by every replica, as the ticket key is: a retry may reach any of them.
      service.digestRequestsWith(
          database.shared().secret(SUBMIT_DIGEST_SECRET, SocketTickets::newSecret));
      Notifier notifier =
          Notifier.start(
              notifications,
              database.investigations(),
              // Routes match on the labels of the alert that started an investigation too.
              investigation ->
                  database
                      .alerts()
                      .forInvestigation(investigation.id())
                      .map(dev.oats.store.AlertStore.StoredAlert::labels)
                      .orElse(Map.of()),
              metrics.registry());
      service.listen(notifier);
      service.redactWith(dev.oats.redact.Redactor.withKnownSecrets(notifications.secrets()));
      Runner runner =
          runners.apply(
              new RunnerRequest(server.runner(), config, environment, service, telemetry));
      // Only a local runner's model is this server's own (Jobs may get their keys from a Secret
      // the server does not mount, and fail with the reason themselves): the local runner built
      // without a model is the one that refuses, and the API refuses up front with its words.
      Optional<String> modelProblem =
          runner instanceof ModelMissingRunner missing
              ? Optional.of(missing.problem())
              : Optional.empty();
      modelProblem.ifPresent(
          problem -> log.warn("The server runs without a language model. {}", problem));
      service.attach(runner);
      service.recover();
      AlertConfig alerting = AlertConfig.from(config);
      logRunbooks(alerting.runbooks());
      AlertWebhook alerts =
          new AlertWebhook(
              alerting.token(),
              new AlertIntake(
                  service,
                  database.alerts(),
                  alerting::runbooks,
                  alerting.intake(),
                  metrics::alert,
                  Clock.systemUTC()),
              database.alerts());
      int[] boundPort = {server.port()};
      Javalin http =
          ApiServer.create(
                  new ApiServer.Dependencies(
                      service,
                      bus,
                      metrics,
                      keys,
                      replicas::ready,
                      () -> server.clientUrl(boundPort[0]),
                      server.uiDevDir(),
                      alerts,
                      modelProblem,
                      server.streamsPerKey()),
                  replicas.tickets())
              .start(server.host(), server.port());
      boundPort[0] = http.port();
      log.info(
          "OATS server listening on {}:{} (runner {}, at most {} investigations at once, database {})",
          server.host(),
          http.port(),
          runner.name(),
          server.maxConcurrent(),
          database.config().redactedUrl());
      log.info("Web UI: {}/ (sign in with an API key)", server.clientUrl(http.port()));
      log.info(
          "Replica {}: leases of {} s, looking for work every {} ms",
          service.replica().id(),
          service.replica().lease().toSeconds(),
          service.replica().tick().toMillis());
      return new OatsServer(database, runner, http, service, notifier, telemetry, replicas);
    } catch (RuntimeException | IOException e) {
      started.forEach(Runnable::run);
      database.close();
      telemetry.close();
      throw e;
    }
  }

  /** Says at start which runbooks alerts will get, and which files are broken and why. */
  private static void logRunbooks(RunbookLibrary runbooks) {
    if (runbooks.dir() == null) {
      return;
    }
    log.info("{} runbook(s) in {}", runbooks.runbooks().size(), runbooks.dir());
    for (RunbookLibrary.Problem problem : runbooks.problems()) {
      log.warn("Runbook {} is not used: {}", problem.file(), problem.reason());
    }
  }

  public int port() {
    return http.port();
  }

  /** The Jetty server underneath, for tests that look at what it holds. */
  public org.eclipse.jetty.server.Server jetty() {
    return http.jettyServer().server();
  }

  /** The HTTP server, for tests of how it is configured. */
  public Javalin http() {
    return http;
  }

  public InvestigationService service() {
    return service;
  }

  @Override
  public void close() {
    http.stop();
    service.close();
    runner.close();
    notifier.close();
    replicas.close();
    database.close();
    telemetry.close();
  }
}
