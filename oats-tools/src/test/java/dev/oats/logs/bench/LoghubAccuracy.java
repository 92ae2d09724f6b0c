package dev.oats.logs.bench;

import dev.oats.logs.TemplateCsv;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Grouping accuracy of {@code oats logs templates} on the Loghub-2k systems: the CSV the command
 * prints is scored against each system's original and corrected ground truth.
 */
final class LoghubAccuracy {

  /**
   * The result for one system.
   *
   * @param loghub2 the score against the Loghub-2.0 revision, or NaN when there is none
   */
  record SystemResult(
      String system,
      int lines,
      int templates,
      int events,
      double original,
      double corrected,
      double loghub2,
      double seconds) {}

  /** One mined line: its template id and template. */
  record Mined(int id, String template) {}

  private LoghubAccuracy() {}

  /** The folders that hold a {@code <S>_2k.log}, sorted by name. */
  static List<Path> systems(Path data) throws IOException {
    try (Stream<Path> dirs = Files.list(data)) {
      return dirs.filter(d -> Files.isRegularFile(logOf(d))).sorted().toList();
    }
  }

  private static Path logOf(Path dir) {
    return dir.resolve(dir.getFileName() + "_2k.log");
  }

  static SystemResult measure(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    long start = System.nanoTime();
    List<Mined> mined = mine(logOf(dir));
    double seconds = (System.nanoTime() - start) / 1e9;
    int[] ids = mined.stream().mapToInt(Mined::id).toArray();
    List<String> original = events(dir.resolve(name + "_2k.log_structured.csv"));
    // The sources labelled for OATS have one ground truth: it stands for both columns.
    Path correctedCsv = dir.resolve(name + "_2k.log_structured_corrected.csv");
    List<String> corrected = Files.isRegularFile(correctedCsv) ? events(correctedCsv) : original;
    Path revised = dir.resolve("loghub2").resolve(name + "_2k.log_structured_corrected.csv");
    double loghub2 =
        Files.isRegularFile(revised) ? GroupingAccuracy.of(ids, events(revised)) : Double.NaN;
    return new SystemResult(
        name,
        ids.length,
        (int) java.util.Arrays.stream(ids).distinct().count(),
        new HashSet<>(original).size(),
        GroupingAccuracy.of(ids, original),
        GroupingAccuracy.of(ids, corrected),
        loghub2,
        seconds);
  }

  /** Runs the templates command's code on a log and reads back the CSV it writes. */
  static List<Mined> mine(Path log) throws IOException {
    StringWriter csv = new StringWriter();
    try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      TemplateCsv.write(in, csv);
    }
    List<List<String>> rows = Csv.parse(csv.toString());
    List<Mined> mined = new ArrayList<>(rows.size() - 1);
    for (List<String> row : rows.subList(1, rows.size())) {
      mined.add(new Mined(Integer.parseInt(row.get(1)), row.get(2)));
    }
    return mined;
  }

  private static List<String> events(Path csv) throws IOException {
    return Csv.column(Csv.read(csv), "EventId");
  }

  /**
   * Prints, for one system, each ground-truth event that is not grouped exactly, with the groups
   * its lines went to: the material for improving the general rules.
   */
  static void explain(Path dir, PrintStream out) throws IOException {
    String name = dir.getFileName().toString();
    List<Mined> mined = mine(logOf(dir));
    List<List<String>> rows = Csv.read(dir.resolve(name + "_2k.log_structured.csv"));
    List<String> truth = Csv.column(rows, "EventId");
    List<String> truthTemplates = Csv.column(rows, "EventTemplate");
    Map<String, Map<Integer, Integer>> groupsOfEvent = new TreeMap<>();
    Map<Integer, Map<String, Integer>> eventsOfGroup = new HashMap<>();
    Map<Integer, String> templateOf = new HashMap<>();
    Map<String, String> truthTemplateOf = new HashMap<>();
    for (int i = 0; i < mined.size(); i++) {
      int id = mined.get(i).id();
      String event = truth.get(i);
      groupsOfEvent.computeIfAbsent(event, k -> new LinkedHashMap<>()).merge(id, 1, Integer::sum);
      eventsOfGroup.computeIfAbsent(id, k -> new LinkedHashMap<>()).merge(event, 1, Integer::sum);
      templateOf.put(id, mined.get(i).template());
      truthTemplateOf.putIfAbsent(event, truthTemplates.get(i));
    }
    List<Map.Entry<String, Map<Integer, Integer>>> wrong = new ArrayList<>();
    for (var entry : groupsOfEvent.entrySet()) {
      var groups = entry.getValue();
      int only = groups.keySet().iterator().next();
      if (groups.size() > 1 || eventsOfGroup.get(only).size() > 1) {
        wrong.add(entry);
      }
    }
    wrong.sort(Comparator.comparingInt(e -> -size(e.getValue())));
    for (var entry : wrong) {
      out.printf(
          "%s (%d lines) %s%n",
          entry.getKey(), size(entry.getValue()), truthTemplateOf.get(entry.getKey()));
      for (var group : entry.getValue().entrySet()) {
        out.printf(
            "   group %d: %d lines, template [%s], events %s%n",
            group.getKey(),
            group.getValue(),
            templateOf.get(group.getKey()),
            eventsOfGroup.get(group.getKey()));
      }
    }
  }

  private static int size(Map<Integer, Integer> groups) {
    return groups.values().stream().mapToInt(Integer::intValue).sum();
  }
}
