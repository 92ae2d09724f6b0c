package dev.oats.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Marks of an agent's start, for {@code bench/agent-start.sh}: with {@code
 * -Doats.startup.trace=FILE} each mark appends a line {@code epoch-micros thread-cpu-micros thread
 * phase} to FILE; without it a mark costs one check. The thread CPU is the marking thread's since
 * it started, so a phase's CPU is the difference between two marks of one thread. It is read from
 * Linux's {@code /proc/thread-self/schedstat} (nanoseconds; -1 elsewhere), not from the management
 * API, whose classes the agent does not otherwise load and its AOT cache does not hold.
 */
public final class StartupTrace {

  private static final String FILE = System.getProperty("oats.startup.trace");

  private StartupTrace() {}

  /** Notes that {@code phase} ended on this thread (nothing unless the trace is on). */
  public static void mark(String phase) {
    if (FILE != null) {
      write(phase);
    }
  }

  private static synchronized void write(String phase) {
    Instant now = Instant.now();
    long micros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    long cpu = threadCpuMicros();
    String line = "%d %d %s %s%n".formatted(micros, cpu, Thread.currentThread().getName(), phase);
    try {
      Files.writeString(
          Path.of(FILE),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the start-up trace " + FILE, e);
    }
  }

  private static long threadCpuMicros() {
    try {
      String stat = Files.readString(Path.of("/proc/thread-self/schedstat"));
      return Long.parseLong(stat.substring(0, stat.indexOf(' '))) / 1_000;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
