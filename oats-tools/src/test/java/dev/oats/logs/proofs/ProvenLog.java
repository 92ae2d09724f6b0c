package dev.oats.logs.proofs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A log and its proofs: the facts an on-call engineer must find in whatever stands in for the log
 * (a summary, or a truncation of it), each a string matched in any letter case.
 *
 * @param name what the log is called in a score table
 * @param text the log
 * @param proofs the facts, one per entry
 */
public record ProvenLog(String name, String text, List<String> proofs) {

  /** Copies the list. */
  public ProvenLog {
    proofs = List.copyOf(proofs);
  }

  /**
   * Reads {@code name.log} and its {@code name.proofs} (one fact a line; blank lines and lines
   * starting with {@code #} are skipped).
   */
  public static ProvenLog read(Path log, Path proofs) throws IOException {
    String name = log.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    return new ProvenLog(name, Files.readString(log, StandardCharsets.UTF_8), readProofs(proofs));
  }

  /** The facts of a proofs file. */
  public static List<String> readProofs(Path proofs) throws IOException {
    return Files.readAllLines(proofs, StandardCharsets.UTF_8).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /** The proofs found in {@code text}. */
  public List<String> found(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    return proofs.stream()
        .filter(p -> lower.contains(p.toLowerCase(java.util.Locale.ROOT)))
        .toList();
  }

  /** The proofs missing from {@code text}. */
  public List<String> missing(String text) {
    List<String> found = found(text);
    return proofs.stream().filter(p -> !found.contains(p)).toList();
  }
}
