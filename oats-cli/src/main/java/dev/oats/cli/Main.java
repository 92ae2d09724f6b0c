package dev.oats.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code oats} command: the entry point of the runnable jar. */
@Command(
    name = "oats",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "OATS: an AI agent that troubleshoots Kubernetes with real tools and reports the root"
          + " cause, the evidence and next steps.",
      ""
    },
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      InvestigateCommand.class,
      ToolsCommand.class,
      EvalCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  final Map<String, String> environment;
  final PrintStream out;
  final PrintStream err;

  Main(Map<String, String> environment, PrintStream out, PrintStream err) {
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(args, System.getenv(), out, err));
  }

  /** Runs a command line with the given environment and streams; returns the exit code. */
  static int execute(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    Logging.configure(environment);
    CommandLine cli = new CommandLine(new Main(environment, out, err));
    cli.addSubcommand(new LogsCommand());
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("ERROR: " + e.getMessage());
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(out);
  }

  /** The version from the jar's manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"oats " + (version == null ? "dev" : version)};
    }
  }
}
