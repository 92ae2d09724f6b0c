package dev.oats.tools.shell;

import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a program for a tool that is not a shell tool (a YAML tool, say) under the shell tools'
 * rules: the argv as given, never through a shell; the call's scrubbed child environment as the
 * whole environment; the workspace as working directory; no input; each stream drained and capped
 * to its head and tail; and a time limit, ending before the call's deadline, that kills the whole
 * process tree. The result reads like {@code bash_executor}'s: exit code, run time, then output.
 */
public final class ChildProcess {

  private ChildProcess() {}

  /**
   * Runs {@code argv} to its end.
   *
   * @param argv the program and its arguments; a program without a slash is looked up on the PATH
   *     of the child environment, not OATS's own, and a relative path is taken from the workspace
   * @param timeLimit how long it may run, cut short by the call's deadline
   * @param timeoutAdvice what the model should do when the run is killed at its limit
   * @param context the call's context
   * @throws InterruptedException when the calling thread is interrupted; the tree is killed first
   */
  public static ToolResult run(
      List<String> argv, Duration timeLimit, String timeoutAdvice, ToolContext context)
      throws IOException, InterruptedException {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    Path directory = Workspace.workingDirectory(context.workspace(), null);
    Optional<Path> program = program(argv.getFirst(), directory, context);
    if (program.isEmpty()) {
      return ToolResult.error(
          ("'%s' was not found on the PATH of tool processes (%s), or is not executable. Install"
                  + " it on the machine OATS runs on, or give its full path in the tool's command.")
              .formatted(argv.getFirst(), context.childEnvironment().getOrDefault("PATH", "")));
    }
    List<String> command = new ArrayList<>(argv);
    command.set(0, program.get().toString());
    Duration limit = ShellLimits.within(timeLimit, context.deadline(), Instant.now());
    CommandClassifier.Verdict verdict = CommandClassifier.judge(argv, ShellPolicy.DEFAULT);
    Sandbox.Grant grant =
        verdict.effect() == dev.oats.tool.SideEffect.READ_ONLY
            ? new Sandbox.Grant(verdict.network(), verdict.hostProcesses(), false)
            : Sandbox.Grant.APPROVED;
    ProcessRunner.Outcome outcome =
        ProcessRunner.run(
            new ProcessRunner.Request(
                Sandbox.current().wrap(command, context.workspace(), directory, grant),
                directory,
                context.childEnvironment(),
                limit,
                context.cancelled()));
    return ProcessReport.toResult(outcome, "command", limit, timeoutAdvice);
  }

  /**
   * The first executable named {@code name} on the PATH of {@code environment}, the way a child
   * process with that environment would find it.
   */
  public static Optional<Path> findProgram(String name, Map<String, String> environment) {
    return Workspace.findExecutable(name, environment);
  }

  /** A byte count as the process reports print it: 812 bytes, 48 KB, 4.8 MB. */
  public static String size(long bytes) {
    return OutputCapture.size(bytes);
  }

  private static Optional<Path> program(String name, Path directory, ToolContext context) {
    if (name.contains("/")) {
      Path path = directory.resolve(name);
      return Files.isRegularFile(path) && Files.isExecutable(path)
          ? Optional.of(path)
          : Optional.empty();
    }
    return Workspace.findExecutable(name, context.childEnvironment());
  }
}
