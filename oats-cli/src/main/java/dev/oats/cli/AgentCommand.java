package dev.oats.cli;

import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.agent.ReportWriter;
import dev.oats.agent.RunSummary;
import dev.oats.agent.StartupTrace;
import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventLogger;
import dev.oats.event.RecordedEvent;
import dev.oats.model.Usage;
import dev.oats.telemetry.Telemetry;
import dev.oats.tools.kube.ClusterTarget;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The Kubernetes Job's entry point: the goal comes from {@code OATS_GOAL}, the log is what {@code
 * kubectl logs} shows, and the exit code says whether {@code finish} was called. In a Job the
 * events also go to the server that started it (see {@link EventDelivery}), and the run continues
 * the investigation's conversation as the server has it: a follow-up question, or a turn resumed
 * after an approval. A call that needs approval parks the run (exit 0); the server starts a new Job
 * once it is decided.
 */
@Command(
    name = "agent",
    description = {
      "Run one investigation from OATS_GOAL (the Kubernetes Job entry point).",
      "The server starts it in each Job; in a Job its events go to OATS_SERVER_URL."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the agent called finish (report written), or the run waits for an approval",
      "1:the run ended without a report, or could not start",
      "2:bad command line"
    },
    footer = {
      "%nExample:",
      "  OATS_GOAL=\"why is coredns restarting?\" OATS_TARGET_NAMESPACE=kube-system \\",
      "    oats agent"
    })
final class AgentCommand implements Callable<Integer> {

  /** How long the agent waits for the server before it starts anyway (it may be restarting). */
  private static final Duration SERVER_WAIT = Duration.ofSeconds(5);

  /** How long the agent tries to read the investigation's log from the server. */
  private static final Duration HISTORY_WAIT = Duration.ofSeconds(60);

  /** How long the agent waits, after its end, for its last events to reach the server. */
  private static final Duration FINAL_FLUSH = Duration.ofSeconds(30);

  @ParentCommand Main main;

  /** For picocli, which sets {@link #main}. */
  AgentCommand() {}

  /** For a bare {@code oats agent}, run without picocli (see {@link Main#execute}). */
  AgentCommand(Main main) {
    this.main = main;
  }

  @Override
  public Integer call() throws InterruptedException {
    String goal = main.environment.get("OATS_GOAL");
    if (goal == null || goal.isBlank()) {
      main.err.println("ERROR: OATS_GOAL environment variable not set. Aborting.");
      return 1;
    }
    OatsConfig config;
    Agent agent;
    boolean reportsToServer = EventDelivery.configured(main.environment);
    AtomicReference<EventDelivery> server = new AtomicReference<>();
    Telemetry telemetry = Telemetry.disabled();
    try {
      config = main.configInWorkingDirectory();
      StartupTrace.mark("configuration read");
      telemetry = Telemetry.fromEnvironment(main.environment, "oats-agent", config.traceContent());
      // In a Job, a held call is decided on the server: the agent waits a while, then parks the
      // run, which the server resumes in a new Job once someone decides.
      agent =
          Agent.create(
              config,
              main.environment,
              reportsToServer
                  ? new ServerApprovalGate(server::get, approvalWait())
                  : ApprovalGate.NOBODY_TO_ASK,
              telemetry);
    } catch (ConfigException | IllegalStateException e) {
      telemetry.close();
      main.err.println("ERROR: " + e.getMessage());
      reportCannotStart(e.getMessage());
      return 1;
    }
    try (Telemetry tracing = telemetry) {
      return run(config, agent, goal, server, tracing);
    }
  }

  private Integer run(
      OatsConfig config,
      Agent agent,
      String goal,
      AtomicReference<EventDelivery> server,
      Telemetry telemetry)
      throws InterruptedException {
    String id =
        main.environment.getOrDefault("OATS_INVESTIGATION_ID", UUID.randomUUID().toString());
    String namespace = main.environment.get("OATS_TARGET_NAMESPACE");
    if (namespace == null || namespace.isBlank()) {
      namespace = ClusterTarget.ofSystem().namespaceOrDefault();
    }
    Optional<EventDelivery> delivery = EventDelivery.fromEnvironment(main.environment);
    delivery.ifPresent(server::set);
    try {
      Optional<String> over = endedOnServer(delivery);
      if (over.isPresent()) {
        main.err.printf(
            "ERROR: investigation %s has already ended on the server (%s); this attempt does not"
                + " run it again.%n",
            id, over.get());
        return over.get().equals("succeeded") ? 0 : 1;
      }
      main.out.printf(
          "OATS agent starting: investigation %s, model %s, max %d turns%nGoal: %s%n",
          id, agent.modelName(), config.maxTurns(), goal.strip());
      main.out.println("Cluster: " + ClusterTarget.ofSystem().describe(namespace));
      delivery.ifPresent(d -> main.out.println("Delivering events to " + d.endpoint()));
      List<RecordedEvent> history;
      try {
        history = delivery.isPresent() ? delivery.get().history(HISTORY_WAIT) : List.of();
      } catch (IllegalStateException e) {
        main.err.println("ERROR: " + e.getMessage());
        return 1;
      }
      if (!history.isEmpty()) {
        main.out.printf(
            "Continuing the conversation from the %d event(s) the server has%n", history.size());
      }
      RunSummary summary;
      // The run continues the trace of the server that started this Job (TRACEPARENT).
      try (Scope ignored = Telemetry.parentFrom(main.environment).makeCurrent()) {
        summary = run(agent, new Investigation(id, goal, namespace), history, delivery);
      }
      // The process exits right after: what is buffered must leave now.
      telemetry.flush(FINAL_FLUSH);
      main.out.print(summary.render());
      if (summary.paused()) {
        main.out.println(
            "The run waits for an approval: the server resumes it in a new Job once someone"
                + " decides, or the approval times out.");
        return 0;
      }
      if (summary.succeeded()) {
        save(config, summary);
      }
      return summary.succeeded() ? 0 : 1;
    } finally {
      if (delivery.isPresent()) {
        delivery.get().finish(FINAL_FLUSH);
      }
    }
  }

  /**
   * {@code OATS_APPROVAL_WAIT_SECONDS}: how long a Job's agent waits for a decision (default 60).
   */
  private Duration approvalWait() {
    String raw = main.environment.getOrDefault("OATS_APPROVAL_WAIT_SECONDS", "60").strip();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(raw)));
    } catch (NumberFormatException e) {
      throw new ConfigException(
          "OATS_APPROVAL_WAIT_SECONDS must be a whole number of seconds, not '" + raw + "'");
    }
  }

  /** In a Job, a configuration the agent cannot start with ends the investigation with why. */
  private void reportCannotStart(String problem) throws InterruptedException {
    Optional<EventDelivery> delivery = EventDelivery.fromEnvironment(main.environment);
    if (delivery.isPresent()) {
      delivery
          .get()
          .accept(
              new RecordedEvent(
                  1,
                  Instant.now(),
                  new AgentEvent.Failed(
                      AgentEvent.FailureKind.AGENT_ERROR,
                      "the agent could not start: " + problem,
                      0,
                      Usage.ZERO)));
      delivery.get().finish(FINAL_FLUSH);
    }
  }

  /**
   * A Job that Kubernetes retried after its investigation was settled must not run it again: the
   * server says so in its answer to the first delivery.
   */
  private static Optional<String> endedOnServer(Optional<EventDelivery> delivery)
      throws InterruptedException {
    if (delivery.isEmpty() || !delivery.get().awaitServer(SERVER_WAIT)) {
      return Optional.empty();
    }
    return delivery.get().endedOnServer();
  }

  private static RunSummary run(
      Agent agent,
      Investigation investigation,
      List<RecordedEvent> history,
      Optional<EventDelivery> delivery) {
    EventLogger logger = new EventLogger();
    return agent.run(
        investigation,
        history,
        recorded -> {
          logger.emit(recorded.event());
          delivery.ifPresent(d -> d.accept(recorded));
        },
        () ->
            Thread.currentThread().isInterrupted()
                || delivery.flatMap(EventDelivery::endedOnServer).isPresent(),
        delivery.map(EventDelivery::runId).orElse(null));
  }

  private void save(OatsConfig config, RunSummary summary) {
    try {
      Path file = new ReportWriter(config.resultsDir(), Clock.systemUTC()).write(summary);
      main.out.println("Result saved to " + file);
    } catch (IOException e) {
      main.err.println("WARNING: could not save the result in " + config.resultsDir() + ": " + e);
    }
  }
}
