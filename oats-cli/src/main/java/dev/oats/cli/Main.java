package dev.oats.cli;

import dev.oats.agent.StartupTrace;
import dev.oats.config.ConfigException;
import dev.oats.config.ConfigValue;
import dev.oats.config.LoggingConfig;
import dev.oats.config.OatsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code oats} command: the entry point of the runnable jar. */
@Command(
    name = "oats",
    mixinStandardHelpOptions = true,
    scope = ScopeType.INHERIT,
    versionProvider = Main.Version.class,
    description = {
      "OATS: an AI agent that troubleshoots Kubernetes with real tools and reports the root"
          + " cause, the evidence and next steps.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (its message says why)",
      "2:bad command line (unknown option, missing argument)"
    },
    footer = {
      "%nEvery command takes --help: oats COMMAND --help lists its options, environment"
          + " variables, exit codes and an example.",
      "%nExamples:",
      "  oats investigate -n shop \"why is checkout-api crash-looping?\"",
      "  oats server                      the API and web UI on http://localhost:8000",
      "  oats logs analyze app.log        the summary of a log a model sees"
    },
    subcommands = {
      ServerCommand.class,
      AgentCommand.class,
      InvestigateCommand.class,
      AskCommand.class,
      LogsCommand.class,
      ToolsCommand.class,
      ConfigCommand.class,
      EvalCommand.class,
      DemoCommand.class,
      RunbooksCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  final Map<String, String> environment;
  final PrintStream out;
  final PrintStream err;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description = {
        "The oats.yaml to read. Without it: the file OATS_CONFIG names, else ./oats.yaml, else"
            + " oats/oats.yaml in $XDG_CONFIG_HOME (default ~/.config)."
      })
  Path configFile;

  private OatsConfig config;

  Main(Map<String, String> environment, PrintStream out, PrintStream err) {
    this.environment = environment;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    StartupTrace.mark("main entered");
    // Netty (under the Kubernetes client) would use sun.misc.Unsafe, which JDK 24+ warns about on
    // the terminal; its portable code paths are fast enough for a troubleshooting agent.
    if (System.getProperty("io.netty.noUnsafe") == null) {
      System.setProperty("io.netty.noUnsafe", "true");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(execute(args, System.getenv(), out, err));
  }

  /** Runs a command line with the given environment and streams; returns the exit code. */
  static int execute(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    // A bare `oats agent` is what every investigation Job runs, and it has nothing to parse:
    // picocli
    // would build the model of all eleven commands first, from annotations, by reflection, with
    // classes an AOT cache cannot hold (picocli's are Java 5 class files), which was a fifth of the
    // agent's start. It runs the command as picocli runs it. Anything else goes to picocli.
    if (args.length == 1 && args[0].equals("agent")) {
      return runAgent(environment, out, err);
    }
    return parse(args, environment, out, err);
  }

  /**
   * {@code oats agent} without picocli, as picocli runs it: logging configured, then the command;
   * what it throws is an error message and exit code 1 (see the execution exception handler).
   */
  static int runAgent(Map<String, String> environment, PrintStream out, PrintStream err) {
    Main main = new Main(environment, out, err);
    main.configureLogging();
    try {
      return new AgentCommand(main).call();
    } catch (Exception e) {
      err.println("ERROR: " + e.getMessage());
      return 1;
    }
  }

  /** Any command line, through picocli. */
  static int parse(
      String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
    Main main = new Main(environment, out, err);
    CommandLine cli = new CommandLine(main);
    CommandHelp.apply(cli);
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(Terminal.colours(environment)));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    // A bad command line: the message, a suggestion for a typo, and where help is; not the whole
    // usage, which would push the message off the screen.
    cli.setParameterExceptionHandler(
        (e, args1) -> {
          CommandLine command = e.getCommandLine();
          java.io.PrintWriter writer = command.getErr();
          writer.println("ERROR: " + e.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(e, writer);
          writer.println("See '" + command.getCommandSpec().qualifiedName() + " --help'.");
          writer.flush();
          return command.getCommandSpec().exitCodeOnInvalidInput();
        });
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          err.println("ERROR: " + e.getMessage());
          return 1;
        });
    cli.setExecutionStrategy(
        parseResult -> {
          main.configureLogging();
          return new CommandLine.RunLast().execute(parseResult);
        });
    return cli.execute(args);
  }

  /**
   * The one configuration: {@code oats.yaml} (as {@code --config} and {@link
   * dev.oats.config.ConfigFile} say) overridden by the environment, read on first use.
   *
   * @throws ConfigException naming what is wrong, on every call while it is
   */
  OatsConfig config() {
    if (config == null) {
      config = loadConfig(environment);
    }
    return config;
  }

  /**
   * The configuration with the working directory's defaults ({@code ./results}, {@code
   * ./workspace}, {@code ./data}) rather than the user's data directory: what {@code oats agent},
   * the Job entry point, has always written to.
   */
  OatsConfig configInWorkingDirectory() {
    return OatsConfig.load(environment, Path.of("."), configFile);
  }

  /** The configuration as it would be with this environment instead (command-line overrides). */
  OatsConfig loadConfig(Map<String, String> environment) {
    return OatsConfig.load(
        environment, Path.of("."), configFile, UserDirectories.defaults(environment));
  }

  /**
   * Logging as configured; when the configuration cannot be read, the defaults, and the command
   * reports the problem when it asks for the configuration.
   */
  private void configureLogging() {
    try {
      OatsConfig config = config();
      Map<String, String> secrets = new HashMap<>();
      config.values().values().stream()
          .filter(ConfigValue::secret)
          .forEach(v -> secrets.put(v.variable(), v.value()));
      Logging.configure(config.logging(), environment, secrets);
    } catch (ConfigException e) {
      Logging.configure(LoggingConfig.DEFAULT, environment, Map.of());
    }
    StartupTrace.mark("logging configured");
  }

  @Spec CommandSpec spec;

  /** Bare {@code oats}: the usage, every command listed. */
  @Override
  public void run() {
    spec.commandLine().usage(out);
  }

  /** The version Maven wrote into {@code version.properties} when it built OATS. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in == null) {
          throw new IOException("version.properties is missing from the build");
        }
        properties.load(in);
      }
      return new String[] {
        "oats " + properties.getProperty("version"),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
