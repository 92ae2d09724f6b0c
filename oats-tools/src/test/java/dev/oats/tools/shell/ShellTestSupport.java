package dev.oats.tools.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ToolContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Contexts, arguments and process checks shared by the shell tool tests. */
final class ShellTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ShellTestSupport() {}

  /** The test JVM's PATH, so bash, python3 and coreutils are found as on this machine. */
  static Map<String, String> pathOnly() {
    return Map.of("PATH", System.getenv("PATH"));
  }

  static ToolContext context(Path workspace, Map<String, String> environment) {
    return context(workspace, environment, () -> false);
  }

  static ToolContext context(
      Path workspace, Map<String, String> environment, BooleanSupplier cancelled) {
    return new ToolContext(
        "inv-test", workspace, environment, Instant.now().plus(Duration.ofMinutes(10)), cancelled);
  }

  static ObjectNode args(Object... keysAndValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      String key = (String) keysAndValues[i];
      Object value = keysAndValues[i + 1];
      if (value instanceof Integer number) {
        node.put(key, number);
      } else {
        node.put(key, (String) value);
      }
    }
    return node;
  }

  /**
   * Whether the process is gone. A killed process whose parent died can stay a zombie when PID 1
   * does not reap (as in some containers); a zombie runs nothing, so it counts as gone.
   */
  static boolean isGone(long pid) throws IOException {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    } catch (NoSuchFileException e) {
      return true;
    }
    char state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state == 'Z' || state == 'X';
  }

  /** bash_executor as OATS offers it here: the cluster's hosts only, in the detected sandbox. */
  static BashExecutorTool bash() {
    return new BashExecutorTool(
        AllowedHosts.clusterOnly(), Path.of(".").toAbsolutePath(), Sandbox.detect(Map.of()));
  }

  /**
   * Whether a live process's command line holds {@code marker}. Processes in a sandbox have PIDs of
   * their own namespace, so tests find them by what they run rather than by {@code $!}.
   */
  static boolean anyProcessRuns(String marker) throws IOException {
    try (var entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit) || isGone(Long.parseLong(name))) {
          continue;
        }
        try {
          String commandLine = Files.readString(entry.resolve("cmdline")).replace('\0', ' ');
          if (commandLine.contains(marker)) {
            return true;
          }
        } catch (IOException vanished) {
          // it ended while we looked
        }
      }
    }
    return false;
  }

  /** Waits until no process runs {@code marker}, up to a bound far above what a kill takes. */
  static boolean noneRemain(String marker) throws IOException, InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (!anyProcessRuns(marker)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** Waits until the process is gone, up to a bound far above what a kill takes. */
  static boolean becomesGone(long pid) throws IOException, InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (isGone(pid)) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
