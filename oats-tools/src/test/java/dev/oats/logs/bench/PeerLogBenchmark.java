package dev.oats.logs.bench;

import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.proofs.ProofScore;
import dev.oats.logs.proofs.ProvenLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores the summary against head+tail and tail truncation on logs recorded by a peer's eval suite
 * (HolmesGPT's tests/llm/fixtures), as recorded and padded to 50,000 lines with the recording in
 * the middle. The logs are read where they lie and never copied; only their proofs live here
 * (bench/holmes-proofs.txt).
 *
 * <p>Arguments: the fixtures folder, the proofs file. Prints the Markdown tables BENCHMARKS.md
 * shows.
 */
public final class PeerLogBenchmark {

  static final int PADDED_LINES = 50_000;

  private PeerLogBenchmark() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: PeerLogBenchmark FIXTURES_DIR PROOFS_FILE");
      System.exit(2);
    }
    Path fixtures = Path.of(args[0]);
    Map<String, List<String>> proofs = readProofs(Path.of(args[1]));
    AnalyzerOptions options = AnalyzerOptions.defaults();
    List<ProofScore.Row> recorded = new ArrayList<>();
    List<ProofScore.Row> padded = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : proofs.entrySet()) {
      Path file = fixtures.resolve(entry.getKey());
      if (!Files.isRegularFile(file)) {
        System.err.println("missing: " + file);
        continue;
      }
      String log = withoutRecordingHeader(Files.readString(file, StandardCharsets.UTF_8));
      String name = evalName(entry.getKey()) + " (" + log.lines().count() + ")";
      ProvenLog proven = new ProvenLog(name, log, entry.getValue());
      recorded.addAll(ProofScore.score(proven, options, Clock.systemUTC()));
      ProvenLog big =
          new ProvenLog(evalName(entry.getKey()) + " (50k)", pad(proven), entry.getValue());
      padded.addAll(ProofScore.score(big, options, Clock.systemUTC()));
    }
    System.out.println("## As recorded\n\n" + ProofScore.table(recorded));
    System.out.println("## Padded to " + PADDED_LINES + " lines, recording in the middle\n");
    System.out.println(ProofScore.table(padded));
  }

  /** The folder of the eval the log was recorded for. */
  private static String evalName(String path) {
    String[] parts = path.split("/");
    return parts.length >= 2 ? parts[parts.length - 2] : path;
  }

  /** Drops the recorder's lines: its JSON call and result headers and stdout:/stderr: markers. */
  static String withoutRecordingHeader(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("{\"toolset_name\"")
          || line.startsWith("{\"schema_version\"")
          || line.equals("stdout:")
          || line.equals("stderr:")) {
        continue;
      }
      out.append(line).append('\n');
    }
    return out.toString();
  }

  /**
   * The log padded to {@link #PADDED_LINES} lines with its own routine: the lines that hold no
   * proof, repeated in order, half before and half after the whole recording.
   */
  static String pad(ProvenLog log) {
    List<String> lines = log.text().lines().toList();
    List<String> routine =
        lines.stream().filter(l -> !l.isBlank() && log.found(l).isEmpty()).toList();
    if (routine.isEmpty()) {
      return log.text();
    }
    int fill = Math.max(0, PADDED_LINES - lines.size());
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < fill / 2; i++) {
      out.append(routine.get(i % routine.size())).append('\n');
    }
    out.append(log.text());
    for (int i = fill / 2; i < fill; i++) {
      out.append(routine.get(i % routine.size())).append('\n');
    }
    return out.toString();
  }

  /** {@code [path]} sections, each followed by its proofs. */
  static Map<String, List<String>> readProofs(Path file) throws IOException {
    Map<String, List<String>> proofs = new LinkedHashMap<>();
    List<String> current = null;
    for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new ArrayList<>();
        proofs.put(line.substring(1, line.length() - 1), current);
      } else if (current != null) {
        current.add(line);
      }
    }
    return proofs;
  }
}
