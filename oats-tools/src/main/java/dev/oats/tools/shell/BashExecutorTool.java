package dev.oats.tools.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code bash_executor}: runs {@code bash -c <command>} in the workspace, with the scrubbed child
 * environment, no input, and a time limit that kills everything the command started. Whether a call
 * needs an approval is decided by {@link CommandClassifier}.
 */
final class BashExecutorTool implements Tool {

  static final String NAME = "bash_executor";

  private static final List<Path> FALLBACK_BASH =
      List.of(Path.of("/bin/bash"), Path.of("/usr/bin/bash"));
  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Runs a bash command where OATS runs and returns its exit code, stdout and stderr. \
              Use it for what the dedicated tools do not cover: kubectl and helm queries, curl \
              against a service's health or metrics endpoint, dig, openssl s_client, jq over JSON, grep \
              over files.
              Read-only commands run at once: kubectl get/describe/logs/top/events, helm list/status, \
              cat, grep, head, tail, ls, ps, df, curl and wget GETs, jq, sed without -i, find without \
              -delete, git log/status, git diff/show/blame with --no-textconv (diff also \
              --no-ext-diff), and pipelines of such commands. Anything that may change something \
              (kubectl apply/delete/scale/rollout restart, rm, writing to a file with > or tee, sudo, \
              commands OATS does not recognise) waits for a person's approval, often refused: \
              prefer read-only commands, and recommend changes in your report instead.
              The command runs in the investigation's workspace directory (or working_directory inside \
              it) with no input, so interactive programs will not work. It is killed, with every \
              process it started, after timeout seconds. Each stream keeps its first 48 KB and last \
              16 KB: filter with grep, head, --tail or jq rather than printing everything.
              Example: {"command": "kubectl get pods -n shop -o wide | grep -v Running", "timeout": 60}\
              """,
          ToolCategory.SHELL,
          ParameterSchema.object()
              .nonEmptyString(
                  "command",
                  "The bash command line to run. Pipes, && and $( ) work; stdin is" + " empty.")
              .integer("timeout", ShellLimits::timeout)
              .string(
                  "working_directory",
                  "A directory inside the workspace to run in, relative to it. Defaults to the"
                      + " workspace.")
              .required("command")
              .closed()
              .build());

  private final AllowedHosts hosts;
  private final Path workspace;
  private final Sandbox sandbox;

  /**
   * @param hosts the hosts commands may reach without an approval
   * @param workspace the configured workspace, for finding the files a command names
   * @param sandbox where the commands run
   */
  BashExecutorTool(AllowedHosts hosts, Path workspace, Sandbox sandbox) {
    this.hosts = hosts;
    this.workspace = workspace;
    this.sandbox = sandbox;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public SideEffect sideEffect(ObjectNode arguments) {
    String command = arguments.path("command").asText("");
    return command.isBlank() ? SideEffect.UNKNOWN : verdict(arguments).effect();
  }

  @Override
  public java.util.List<String> approvalReasons(ObjectNode arguments) {
    String command = arguments.path("command").asText("");
    return command.isBlank() ? java.util.List.of() : verdict(arguments).reasons();
  }

  private CommandClassifier.Verdict verdict(ObjectNode arguments) {
    Path base = workspace;
    String requested = arguments.path("working_directory").asText("");
    if (!requested.isBlank()) {
      try {
        base = workspace.resolve(requested);
      } catch (java.nio.file.InvalidPathException e) {
        // the call fails on it later with a clear message; judge from the workspace meanwhile
      }
    }
    return CommandClassifier.judge(
        arguments.path("command").asText(""),
        new ShellPolicy(
            hosts, new SecretContent(base), new LinkedPaths(base, workspace, sandbox.hidden())));
  }

  @Override
  public Duration timeout() {
    return ShellLimits.toolTimeout();
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context)
      throws IOException, InterruptedException {
    String command = arguments.path("command").asText("");
    if (command.isBlank()) {
      return ToolResult.error("command is empty: give the bash command line to run.");
    }
    Path directory;
    try {
      directory =
          Workspace.workingDirectory(
              context.workspace(), arguments.path("working_directory").asText(null));
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    Optional<Path> bash = bash(context.childEnvironment());
    if (bash.isEmpty()) {
      return ToolResult.error(
          "bash is not installed on this machine (not on the PATH of tool processes, nor in"
              + " /bin or /usr/bin); install bash to use bash_executor.");
    }
    Duration limit = ShellLimits.limit(arguments, context.deadline(), Instant.now());
    CommandClassifier.Verdict verdict = verdict(arguments);
    // An approved call runs with what a person agreed to; an unapproved one only with what it uses.
    Sandbox.Grant grant =
        verdict.effect() == SideEffect.READ_ONLY
            ? new Sandbox.Grant(
                verdict.network() || command.contains("/proc/net"), verdict.hostProcesses(), false)
            : Sandbox.Grant.APPROVED;
    ProcessRunner.Outcome outcome =
        ProcessRunner.run(
            new ProcessRunner.Request(
                sandbox.wrap(
                    List.of(bash.get().toString(), "-c", PipelineStatus.instrument(command)),
                    context.workspace(),
                    directory,
                    grant),
                directory,
                context.childEnvironment(),
                limit,
                context.cancelled()));
    return ProcessReport.toResult(withPipelineNote(outcome), "command", limit);
  }

  /** Takes the trailer's line out of standard error and says which pipeline stages failed. */
  private static ProcessRunner.Outcome withPipelineNote(ProcessRunner.Outcome outcome) {
    return PipelineStatus.take(outcome.stderr())
        .map(
            found ->
                new ProcessRunner.Outcome(
                    outcome.ending(),
                    outcome.exitCode(),
                    outcome.stdout(),
                    found.stderr(),
                    outcome.elapsed(),
                    outcome.outputHeldOpen(),
                    PipelineStatus.note(found.statuses())))
        .orElse(outcome);
  }

  private static Optional<Path> bash(Map<String, String> environment) {
    return Workspace.findExecutable("bash", environment)
        .or(() -> FALLBACK_BASH.stream().filter(Files::isExecutable).findFirst());
  }
}
