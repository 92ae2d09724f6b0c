package dev.oats.cli;

import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.agent.ReportWriter;
import dev.oats.agent.RunSummary;
import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.event.EventLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The Kubernetes Job's entry point: the goal comes from {@code OATS_GOAL}, the log is what {@code
 * kubectl logs} shows, and the exit code says whether {@code finish} was called.
 */
@Command(
    name = "agent",
    description = {
      "Run one investigation from OATS_GOAL (the Kubernetes Job entry point).",
      "Exits 0 when the agent called finish, 1 otherwise."
    })
final class AgentCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() {
    String goal = main.environment.get("OATS_GOAL");
    if (goal == null || goal.isBlank()) {
      main.err.println("ERROR: OATS_GOAL environment variable not set. Aborting.");
      return 1;
    }
    OatsConfig config;
    Agent agent;
    try {
      config = OatsConfig.load(main.environment, Path.of("."));
      agent = Agent.create(config, main.environment, ApprovalGate.NOBODY_TO_ASK);
    } catch (ConfigException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    }
    String id =
        main.environment.getOrDefault("OATS_INVESTIGATION_ID", UUID.randomUUID().toString());
    String namespace = main.environment.getOrDefault("OATS_TARGET_NAMESPACE", "default");
    main.out.printf(
        "OATS agent starting: investigation %s, model %s, max %d turns%nGoal: %s%n",
        id, agent.modelName(), config.maxTurns(), goal.strip());
    EventLogger logger = new EventLogger();
    RunSummary summary =
        agent.run(
            new Investigation(id, goal, namespace),
            recorded -> logger.emit(recorded.event()),
            () -> Thread.currentThread().isInterrupted());
    main.out.print(summary.render());
    if (summary.succeeded()) {
      save(config, summary);
    }
    return summary.succeeded() ? 0 : 1;
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
