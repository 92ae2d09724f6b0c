package dev.oats.cli;

import dev.oats.agent.Agent;
import dev.oats.agent.ApprovalGate;
import dev.oats.agent.Investigation;
import dev.oats.agent.ReportWriter;
import dev.oats.agent.RunSummary;
import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import dev.oats.event.AgentEvent;
import dev.oats.event.EventJson;
import dev.oats.event.EventLogger;
import dev.oats.event.RecordedEvent;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Runs an investigation in this process and shows it live in the terminal. */
@Command(
    name = "investigate",
    description = {
      "Investigate a goal in this process, showing each turn live.",
      "Example: oats investigate -n shop \"why is checkout-api crash-looping?\""
    })
final class InvestigateCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Parameters(arity = "1..*", paramLabel = "GOAL", description = "The question, in plain words.")
  List<String> goal;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "The Kubernetes namespace to look at first (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--json",
      description = "Print every event as one JSON object a line, then the summary as JSON.")
  boolean json;

  @Option(names = "--max-turns", description = "Overrides OATS_MAX_TURNS.")
  Integer maxTurns;

  @Option(names = "--model", description = "Overrides OATS_MODEL.")
  String model;

  @Option(names = "--provider", description = "Overrides OATS_PROVIDER: anthropic or openai.")
  String provider;

  @Override
  public Integer call() {
    Map<String, String> environment = new HashMap<>(main.environment);
    putIfSet(environment, "OATS_MAX_TURNS", maxTurns == null ? null : maxTurns.toString());
    putIfSet(environment, "OATS_MODEL", model);
    putIfSet(environment, "OATS_PROVIDER", provider);
    OatsConfig config;
    Agent agent;
    try {
      config = main.loadConfig(environment);
      agent = Agent.create(config, environment, approvals());
    } catch (ConfigException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    }
    Investigation investigation =
        new Investigation(UUID.randomUUID().toString(), String.join(" ", goal), namespace);
    RunSummary summary =
        agent.run(investigation, view(), () -> Thread.currentThread().isInterrupted());
    if (json) {
      main.out.println(EventJson.write(Map.of("summary", summary)));
    } else {
      main.out.print(summary.render());
    }
    if (summary.succeeded()) {
      try {
        Path file = new ReportWriter(config.resultsDir(), Clock.systemUTC()).write(summary);
        main.err.println("Result saved to " + file);
      } catch (IOException e) {
        main.err.println("WARNING: could not save the result: " + e.getMessage());
      }
    }
    return summary.succeeded() ? 0 : 1;
  }

  private static void putIfSet(Map<String, String> environment, String name, String value) {
    if (value != null) {
      environment.put(name, value);
    }
  }

  private Consumer<RecordedEvent> view() {
    if (json) {
      return recorded -> main.out.println(EventJson.write(recorded));
    }
    EventLogger logger = new EventLogger();
    LiveStatus status = new LiveStatus(main.err);
    return recorded -> {
      logger.emit(recorded.event());
      status.update(recorded);
    };
  }

  /**
   * Asks on the terminal when there is one; with nobody to ask, calls that change things are
   * denied.
   */
  private ApprovalGate approvals() {
    Console console = System.console();
    if (console == null || json) {
      return ApprovalGate.NOBODY_TO_ASK;
    }
    return request -> {
      String answer =
          console.readLine(
              "%nOATS wants to run %s %s%n(%s). Approve? [y/N] ",
              request.tool(), request.arguments(), request.reason());
      return answer != null && answer.strip().equalsIgnoreCase("y")
          ? ApprovalGate.Decision.approve("approved on the terminal")
          : ApprovalGate.Decision.deny("denied on the terminal");
    };
  }

  /** A one-line status after each model call: turn, last tool, elapsed time, tokens. */
  private static final class LiveStatus {
    private final java.io.PrintStream err;
    private long startedAt;
    private long tokens;
    private int turn;
    private int maxTurns;
    private String lastTool = "-";

    LiveStatus(java.io.PrintStream err) {
      this.err = err;
    }

    void update(RecordedEvent recorded) {
      if (startedAt == 0) {
        startedAt = recorded.at().toEpochMilli();
      }
      switch (recorded.event()) {
        case AgentEvent.TurnStarted t -> {
          turn = t.turn();
          maxTurns = t.maxTurns();
        }
        case AgentEvent.ToolCalled c -> lastTool = c.tool();
        case AgentEvent.ModelUsage u -> tokens += u.usage().total();
        case AgentEvent.Observation o ->
            err.printf(
                "    [turn %d/%d | last tool %s | %.1f s | %,d tokens]%n",
                turn,
                maxTurns,
                lastTool,
                (recorded.at().toEpochMilli() - startedAt) / 1000.0,
                tokens);
        default -> {}
      }
    }
  }
}
