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
import dev.oats.event.Progress;
import dev.oats.event.RecordedEvent;
import dev.oats.telemetry.Telemetry;
import dev.oats.tools.kube.ClusterTarget;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
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
      description =
          "The Kubernetes namespace to look at first (default: the kubeconfig context's, as"
              + " kubectl; else default).")
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
    boolean fancy = !json && Terminal.fancy(main.environment);
    TerminalView live = json ? null : new TerminalView(main.err, fancy);
    Telemetry telemetry = Telemetry.disabled();
    try {
      config = main.loadConfig(environment);
      telemetry = Telemetry.fromEnvironment(environment, "oats", config.traceContent());
      agent = Agent.create(config, environment, approvals(live), telemetry);
    } catch (ConfigException | IllegalStateException e) {
      telemetry.close();
      main.err.println("ERROR: " + e.getMessage());
      if (live != null) {
        live.close();
      }
      return 1;
    }
    try (Telemetry tracing = telemetry) {
      return investigate(config, agent, live, fancy);
    }
  }

  private Integer investigate(OatsConfig config, Agent agent, TerminalView live, boolean fancy) {
    ClusterTarget cluster = ClusterTarget.ofSystem();
    String target = namespace != null ? namespace : cluster.namespaceOrDefault();
    Investigation investigation =
        new Investigation(UUID.randomUUID().toString(), String.join(" ", goal), target);
    startLine(config, agent, cluster, target, investigation.goal());
    List<RecordedEvent> log = new ArrayList<>();
    Consumer<RecordedEvent> view = (live != null ? live : jsonView()).andThen(log::add);
    CtrlC ctrlC = CtrlC.install(Thread.currentThread());
    try {
      RunSummary summary = report(config, run(agent, investigation, log, view, ctrlC), live, fancy);
      Console console = Terminal.console();
      while (console != null && !noFollowUp && !json && !ctrlC.pressed()) {
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
        summary =
            report(config, run(agent, investigation, List.copyOf(log), view, ctrlC), live, fancy);
      }
      if (ctrlC.pressed()) {
        return 130;
      }
      return summary.succeeded() ? 0 : 1;
    } finally {
      ctrlC.uninstall();
      if (live != null) {
        live.close();
      }
    }
  }

  /** One run; a Ctrl-C during it interrupts this thread, which is then cleared for what follows. */
  private static RunSummary run(
      Agent agent,
      Investigation investigation,
      List<RecordedEvent> history,
      Consumer<RecordedEvent> view,
      CtrlC ctrlC) {
    try {
      return agent.run(investigation, history, view, ctrlC::pressed);
    } finally {
      Thread.interrupted();
    }
  }

  /**
   * Where the run looks and with what, before anything happens: the cluster, the namespace, the
   * model, and where commands run and files are read.
   */
  private void startLine(
      OatsConfig config, Agent agent, ClusterTarget cluster, String target, String goal) {
    PrintStream err = main.err;
    err.println("OATS investigates: " + goal.strip());
    err.println("  cluster    " + cluster.describe(target));
    err.println("  model      " + agent.modelName() + ", at most " + config.maxTurns() + " turns");
    err.println("  files      " + workingDirectoryRule(config));
    err.println(
        "  approvals  "
            + (Terminal.console() != null
                ? "asked here"
                : "nobody to ask (no terminal): calls that change things are denied"));
  }

  /**
   * The one working-directory rule every tool follows: commands run in the workspace, and relative
   * paths given to any tool are looked for there first, then under the readable roots.
   */
  static String workingDirectoryRule(OatsConfig config) {
    String roots = config.toolSettings().getOrDefault("OATS_FILE_ROOTS", "");
    return "commands run in "
        + config.workspace().toAbsolutePath().normalize()
        + " and every tool resolves relative paths there first; files are also read from "
        + (roots.isBlank() ? Path.of("").toAbsolutePath().toString() : roots.strip())
        + " (OATS_FILE_ROOTS)";
  }

  /** Prints a run's report once and its summary, and saves the report; returns the summary. */
  private RunSummary report(
      OatsConfig config, RunSummary summary, TerminalView live, boolean fancy) {
    if (json) {
      main.out.println(EventJson.write(Map.of("summary", summary)));
    } else {
      live.pause();
      main.out.println();
      String text = summary.result().strip();
      if (summary.failureKind() == AgentEvent.FailureKind.CANCELLED) {
        main.out.println(
            "Cancelled after " + plural(summary.turns(), "turn") + ". What was found so far:");
        main.out.println();
      } else if (!summary.succeeded()) {
        main.out.println("Stopped after " + plural(summary.turns(), "turn") + ":");
        main.out.println();
      }
      main.out.print(fancy ? MarkdownTerminal.render(text) : text + "\n");
      main.out.println();
      main.out.println(
          "%s · %s · %,d tokens (%,d in, %,d out) · %.1f s"
              .formatted(
                  summary.succeeded() ? "Done in " + plural(summary.turns(), "turn") : "Stopped",
                  summary.toolsUsed().isEmpty()
                      ? "no tool calls"
                      : summary.toolsUsed().entrySet().stream()
                          .map(e -> e.getKey() + " ×" + e.getValue())
                          .collect(java.util.stream.Collectors.joining(", ")),
                  summary.usage().total(),
                  summary.usage().inputTokens(),
                  summary.usage().outputTokens(),
                  summary.duration().toMillis() / 1000.0));
    }
    if (summary.succeeded()) {
      try {
        Path file = new ReportWriter(config.resultsDir(), Clock.systemUTC()).writeMarkdown(summary);
        main.err.println("Report saved to " + file.toAbsolutePath());
      } catch (IOException e) {
        main.err.println("WARNING: could not save the report: " + e.getMessage());
      }
    }
    return summary;
  }

  private static String plural(int n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static void putIfSet(Map<String, String> environment, String name, String value) {
    if (value != null) {
      environment.put(name, value);
    }
  }

  private Consumer<RecordedEvent> jsonView() {
    return recorded -> main.out.println(EventJson.write(recorded));
  }

  /**
   * What the terminal shows before asking: the whole command, or every argument by name (a script
   * line by line), wrapped to the terminal and never cut, then the parts that made it need
   * approval, as the classifier named them ({@code held for: ...} in the reason).
   */
  static String approvalQuestion(ApprovalGate.Request request, int width) {
    String command = request.shown();
    String reason = request.reason() == null ? "" : request.reason();
    int held = reason.indexOf("; held for: ");
    StringBuilder text = new StringBuilder();
    text.append(System.lineSeparator())
        .append("OATS wants to run ")
        .append(request.tool())
        .append(':')
        .append(System.lineSeparator());
    for (String line : command.split("\\R", -1)) {
      wrap(text, line, Math.max(20, width - 4), "    ");
    }
    if (held >= 0) {
      wrap(text, "Needs approval for: " + reason.substring(held + 12), width, "");
      reason = reason.substring(0, held);
    }
    if (!reason.isBlank()) {
      wrap(text, "(" + reason + ")", width, "");
    }
    return text.toString();
  }

  /**
   * Appends {@code line} in pieces of at most {@code width}, breaking at spaces when it can; the
   * pieces after the first hang two spaces under the line's own indentation, so wrapped code keeps
   * its shape.
   */
  private static void wrap(StringBuilder text, String line, int width, String indent) {
    int lead = 0;
    while (lead < line.length() && line.charAt(lead) == ' ') {
      lead++;
    }
    String hanging = lead + 2 <= width / 2 ? " ".repeat(lead + 2) : "";
    String rest = line;
    boolean first = true;
    do {
      int room = first ? width : width - hanging.length();
      int cut = rest.length();
      if (cut > room) {
        int space = rest.lastIndexOf(' ', room);
        cut = space > (first ? lead : 0) ? space + 1 : room;
      }
      text.append(indent)
          .append(first ? "" : hanging)
          .append(rest, 0, cut)
          .append(System.lineSeparator());
      rest = rest.substring(cut);
      first = false;
    } while (!rest.isEmpty());
  }

  /** The terminal's width from {@code COLUMNS}, else 80. */
  private static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /**
   * Asks on the terminal when there is one, even with {@code --json} (the question goes to the
   * terminal, not to standard output); with nobody to ask, calls that change things are denied and
   * the model is told.
   */
  private static ApprovalGate approvals(TerminalView live) {
    Console console = Terminal.console();
    if (console == null) {
      return ApprovalGate.NOBODY_TO_ASK;
    }
    return request -> {
      if (live != null) {
        live.pause();
      }
      console.writer().print(approvalQuestion(request, terminalWidth()));
      console.writer().flush();
      String answer = console.readLine("Approve? [y/N] ");
      return answer != null && answer.strip().equalsIgnoreCase("y")
          ? ApprovalGate.Decision.approve("approved on the terminal")
          : ApprovalGate.Decision.deny("denied on the terminal");
    };
  }
}
