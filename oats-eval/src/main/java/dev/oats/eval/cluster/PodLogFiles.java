package dev.oats.eval.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A scenario's pod logs: {@code logs/<pod>/<container>.log} for the running container and {@code
 * logs/<pod>/<container>.previous.log} for the run before, read with the kubelet's options.
 */
final class PodLogFiles {

  private final Path dir;
  private final TimeShift shift;
  // Shifting a 50,000-line log takes a while; a scenario's files do not change during a run.
  private final Map<Path, String> shifted = new java.util.concurrent.ConcurrentHashMap<>();

  PodLogFiles(Path dir, TimeShift shift) {
    this.dir = dir;
    this.shift = shift;
  }

  /** The containers that have a log file for the pod. */
  List<String> containers(String pod) {
    Path podDir = dir.resolve(pod);
    if (!Files.isDirectory(podDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(podDir)) {
      return files
          .map(f -> f.getFileName().toString())
          .map(n -> n.endsWith(".gz") ? n.substring(0, n.length() - ".gz".length()) : n)
          .filter(n -> n.endsWith(".log") && !n.endsWith(".previous.log"))
          .map(n -> n.substring(0, n.length() - ".log".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The log, or empty when the scenario has no such file; {@code .log.gz} is read too. */
  Optional<String> read(String pod, String container, boolean previous) throws IOException {
    Path file = dir.resolve(pod).resolve(container + (previous ? ".previous.log" : ".log"));
    if (!file.normalize().startsWith(dir.normalize())) {
      return Optional.empty();
    }
    String cached = shifted.get(file);
    if (cached != null) {
      return Optional.of(cached);
    }
    String text;
    Path gzipped = file.resolveSibling(file.getFileName() + ".gz");
    if (Files.isRegularFile(file)) {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } else if (Files.isRegularFile(gzipped)) {
      try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(gzipped))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } else {
      return Optional.empty();
    }
    String moved = shift.apply(text);
    shifted.put(file, moved);
    return Optional.of(moved);
  }

  /**
   * Applies {@code tailLines}, {@code sinceSeconds} and {@code sinceTime} as the kubelet does; a
   * line without a leading time is kept with the line before it.
   */
  static String select(String log, Map<String, String> query, Instant now) {
    List<String> lines = log.lines().toList();
    Instant since = since(query, now);
    if (since != null) {
      int first = lines.size();
      for (int i = 0; i < lines.size(); i++) {
        Instant at = leadingTime(lines.get(i));
        if (at != null && !at.isBefore(since)) {
          first = i;
          break;
        }
      }
      lines = lines.subList(first, lines.size());
    }
    String tail = query.get("tailLines");
    if (tail != null) {
      int keep = Integer.parseInt(tail);
      lines = lines.subList(Math.max(0, lines.size() - keep), lines.size());
    }
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }

  private static Instant since(Map<String, String> query, Instant now) {
    if (query.containsKey("sinceTime")) {
      return Instant.parse(query.get("sinceTime"));
    }
    if (query.containsKey("sinceSeconds")) {
      return now.minusSeconds(Long.parseLong(query.get("sinceSeconds")));
    }
    return null;
  }

  private static Instant leadingTime(String line) {
    int space = line.indexOf(' ');
    String first = space < 0 ? line : line.substring(0, space);
    if (first.length() < 20 || !Character.isDigit(first.charAt(0))) {
      return null;
    }
    try {
      return Instant.parse(first.endsWith("Z") ? first : first.replace("+00:00", "Z"));
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
