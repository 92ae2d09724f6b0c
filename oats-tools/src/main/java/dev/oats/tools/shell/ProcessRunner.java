package dev.oats.tools.shell;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one child process the way the shell tools need it: the given environment and nothing else,
 * stdin from {@code /dev/null}, stdout and stderr drained on their own threads, and a time limit
 * (or a cancellation, or an interrupt) that kills the whole process tree.
 */
final class ProcessRunner {

  /** How often the runner looks at the process tree, the clock and the cancel flag. */
  private static final Duration POLL = Duration.ofMillis(100);

  /** How long the readers may still take once the processes are gone, to drain the pipes. */
  private static final Duration DRAIN = Duration.ofSeconds(5);

  private static final File NO_INPUT = new File("/dev/null");

  /**
   * One run.
   *
   * @param command the program and its arguments
   * @param directory the working directory
   * @param environment the whole environment of the process
   * @param limit how long it may run before it is killed
   * @param cancelled polled while it runs; true kills it
   */
  record Request(
      List<String> command,
      Path directory,
      Map<String, String> environment,
      Duration limit,
      BooleanSupplier cancelled) {}

  /** How a run ended. */
  enum Ending {
    EXITED,
    TIMED_OUT,
    CANCELLED
  }

  /**
   * What a run did.
   *
   * @param ending how it ended
   * @param exitCode the exit code when it exited, else -1
   * @param stdout what it printed on stdout
   * @param stderr what it printed on stderr
   * @param elapsed how long it ran
   * @param outputHeldOpen whether a process it left behind still held its output pipes
   */
  record Outcome(
      Ending ending,
      int exitCode,
      OutputCapture.Captured stdout,
      OutputCapture.Captured stderr,
      Duration elapsed,
      boolean outputHeldOpen,
      String note) {

    Outcome(
        Ending ending,
        int exitCode,
        OutputCapture.Captured stdout,
        OutputCapture.Captured stderr,
        Duration elapsed,
        boolean outputHeldOpen) {
      this(ending, exitCode, stdout, stderr, elapsed, outputHeldOpen, "");
    }
  }

  private ProcessRunner() {}

  /**
   * Runs the request to its end.
   *
   * @throws IOException when the process cannot be started
   * @throws InterruptedException when the calling thread is interrupted; the tree is killed first
   */
  static Outcome run(Request request) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(request.command())
            .directory(request.directory().toFile())
            .redirectInput(ProcessBuilder.Redirect.from(NO_INPUT));
    builder.environment().clear();
    builder.environment().putAll(request.environment());
    long started = System.nanoTime();
    Process process = builder.start();
    OutputCapture stdout = new OutputCapture("stdout", process.getInputStream());
    OutputCapture stderr = new OutputCapture("stderr", process.getErrorStream());
    Thread stdoutReader = reader(stdout, process, "stdout");
    Thread stderrReader = reader(stderr, process, "stderr");
    ProcessTree tree = new ProcessTree(process.toHandle());
    Ending ending;
    try {
      ending = await(process, tree, request);
      if (ending == Ending.EXITED) {
        tree.killLeftovers();
      }
    } catch (InterruptedException e) {
      tree.kill();
      throw e;
    }
    boolean drained = drained(stdoutReader) & drained(stderrReader);
    return new Outcome(
        ending,
        ending == Ending.EXITED ? process.exitValue() : -1,
        stdout.snapshot(),
        stderr.snapshot(),
        Duration.ofNanos(System.nanoTime() - started),
        !drained);
  }

  private static Thread reader(OutputCapture capture, Process process, String stream) {
    return Thread.ofPlatform()
        .daemon()
        .name("oats-shell-" + process.pid() + "-" + stream)
        .start(capture);
  }

  private static Ending await(Process process, ProcessTree tree, Request request)
      throws InterruptedException {
    long deadline = System.nanoTime() + request.limit().toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (process.waitFor(Math.min(POLL.toNanos(), Math.max(left, 0)), TimeUnit.NANOSECONDS)) {
        return Ending.EXITED;
      }
      tree.remember();
      if (request.cancelled().getAsBoolean()) {
        tree.kill();
        return Ending.CANCELLED;
      }
      if (deadline - System.nanoTime() <= 0) {
        tree.kill();
        return Ending.TIMED_OUT;
      }
    }
  }

  private static boolean drained(Thread reader) throws InterruptedException {
    return reader.join(DRAIN);
  }
}
