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
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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

/**
 * Runs an investigation in this process and shows it live in the terminal; on a terminal it then
 * asks for follow-up questions, each answered by another run continuing the same conversation.
 */
@Command(
    name = "investigate",
    description = {
      "Investigate a goal in this process, showing each turn live; then, on a terminal, ask"
          + " follow-up questions (an empty line or Ctrl-D ends).",
      "Calls that change things need approval: on a terminal OATS asks; without one (a pipe,"
          + " --json) they are denied and the model is told. Ctrl-C stops the run and prints what"
          + " was found so far."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the agent finished and wrote its report",
      "1:the run ended without a report (turns, deadline, model error), or could not start",
      "2:bad command line",
      "130:stopped by Ctrl-C"
    },
    footer = {
      "%nExamples:",
      "  oats investigate -n shop \"why is checkout-api crash-looping?\"",
      "  oats investigate --json \"are any nodes under pressure?\" > run.jsonl"
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

  @Option(
      names = "--no-follow-up",
      description = "End after the report instead of asking for follow-up questions.")
  boolean noFollowUp;

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
    List<RecordedEvent> log = new ArrayList<>();
    Consumer<RecordedEvent> view = view().andThen(log::add);
    RunSummary summary = report(config, agent.run(investigation, log, view, this::interrupted));
    Console console = Terminal.console();
    while (console != null && !noFollowUp && !json) {
      String question = console.readLine("%nAsk a follow-up (an empty line or Ctrl-D ends): ");
      if (question == null || question.isBlank()) {
        break;
      }
      int run = Progress.of(log).runs() + 1;
      view.accept(
          new RecordedEvent(
              log.getLast().seq() + 1,
              Clock.systemUTC().instant(),
              new AgentEvent.FollowUpAsked(run, question.strip())));
      summary = report(config, agent.run(investigation, List.copyOf(log), view, this::interrupted));
    }
    return summary.succeeded() ? 0 : 1;
  }

  private boolean interrupted() {
    return Thread.currentThread().isInterrupted();
  }

  /** Prints a run's summary and saves its report; returns the summary. */
  private RunSummary report(OatsConfig config, RunSummary summary) {
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
    return summary;
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
    Console console = Terminal.console();
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

  /** A one-line status after each observation, from the fold of the events so far. */
  private static final class LiveStatus {
    private final java.io.PrintStream err;
    private Progress progress = Progress.NONE;

    LiveStatus(java.io.PrintStream err) {
      this.err = err;
    }

    void update(RecordedEvent recorded) {
      progress = progress.with(recorded);
      if (recorded.event() instanceof AgentEvent.Observation) {
        err.printf(
            "    [turn %d/%d | last tool %s | %.1f s | %,d tokens]%n",
            progress.runTurns(),
            progress.maxTurns(),
            progress.lastTool(),
            (recorded.at().toEpochMilli() - progress.firstAt().toEpochMilli()) / 1000.0,
            progress.usage().total());
      }
    }
  }
}
