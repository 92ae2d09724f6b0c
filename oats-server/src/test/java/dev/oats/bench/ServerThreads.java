package dev.oats.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The CPU seconds of another process's threads, read from {@code /proc/<pid>/task/<tid>/stat}
 * (Linux), by thread name with the digits folded ({@code GC Thread#0} and {@code #1} are one
 * entry), the JIT's compiler threads as {@link #JIT}, and the whole process's as {@link #PROCESS}
 * (which counts threads that have ended, as the threads' own do not). The process is named by the
 * environment variable {@code OATS_BENCH_SERVER_PID}; without it (or off Linux) the map is empty.
 */
final class ServerThreads {

  /** The entry for the C1 and C2 compiler threads. */
  static final String JIT = "JIT compiler";

  /** The entry for the whole process, ended threads included. */
  static final String PROCESS = "(process)";

  private static final double TICK = 100.0; // USER_HZ on Linux

  private ServerThreads() {}

  /** The server's CPU seconds by thread name now; empty when no server is named or readable. */
  static Map<String, Double> cpu() {
    String pid = System.getenv("OATS_BENCH_SERVER_PID");
    if (pid == null || pid.isBlank()) {
      return Map.of();
    }
    Map<String, Double> by = new TreeMap<>();
    try {
      by.put(PROCESS, ticks(Files.readString(Path.of("/proc", pid, "stat"))));
    } catch (IOException e) {
      return Map.of();
    }
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", pid, "task"))) {
      for (Path task : tasks) {
        String raw;
        try {
          raw = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String name = raw.substring(raw.indexOf('(') + 1, raw.lastIndexOf(')'));
        double seconds = ticks(raw);
        String key = name.contains("CompilerThre") ? JIT : name.replaceAll("[0-9]+", "N");
        by.merge(key, seconds, Double::sum);
      }
    } catch (IOException e) {
      return Map.of();
    }
    return by;
  }

  /** User plus system CPU seconds from a {@code stat} file's text. */
  private static double ticks(String raw) {
    String[] fields = raw.substring(raw.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICK;
  }

  /**
   * What each thread name used between two readings; threads that ended between them are lost from
   * the names but not from {@link #PROCESS}.
   */
  static Map<String, Double> minus(Map<String, Double> after, Map<String, Double> before) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((name, s) -> used.put(name, s - before.getOrDefault(name, 0.0)));
    return used;
  }

  /**
   * The threads' use without the process entry, plus {@code (ended)}: what the process used beyond
   * its living threads, i.e. threads that ended meanwhile (a feed's broadcasters end with its last
   * watcher, the investigation's thread with its run, the agent's warm-ups when done).
   */
  static Map<String, Double> withEnded(Map<String, Double> used) {
    Map<String, Double> threads = new TreeMap<>(used);
    double process = threads.remove(PROCESS);
    threads.put(
        "(ended)", process - threads.values().stream().mapToDouble(Double::doubleValue).sum());
    return threads;
  }

  /** The {@code n} largest entries, largest first, rounded to 10 ms. */
  static Map<String, Double> top(Map<String, Double> used, int n) {
    Map<String, Double> top = new LinkedHashMap<>();
    used.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(n)
        .forEach(e -> top.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
    return top;
  }
}
