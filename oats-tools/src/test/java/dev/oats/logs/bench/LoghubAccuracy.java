package dev.oats.logs.bench;

import dev.oats.logs.LineHeader;
import dev.oats.logs.LogParser;
import dev.oats.logs.TemplateMiner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Grouping accuracy of the default parser on every Loghub-2k system found in a folder, against the
 * original and the corrected ground truth.
 */
final class LoghubAccuracy {

  /** The result for one system. */
  record SystemResult(String system, int lines, int templates, double original, double corrected) {}

  private LoghubAccuracy() {}

  /** The folders that hold a {@code <S>_2k.log}, sorted by name. */
  static List<Path> systems(Path data) throws IOException {
    try (Stream<Path> dirs = Files.list(data)) {
      return dirs.filter(d -> Files.isRegularFile(logOf(d))).sorted().toList();
    }
  }

  static Path logOf(Path dir) {
    String name = dir.getFileName().toString();
    return dir.resolve(name + "_2k.log");
  }

  static SystemResult measure(Path dir) throws IOException {
    String name = dir.getFileName().toString();
    List<String> lines = readLines(logOf(dir));
    int[] ids = parse(lines);
    List<String> original = events(dir.resolve(name + "_2k.log_structured.csv"));
    List<String> corrected = events(dir.resolve(name + "_2k.log_structured_corrected.csv"));
    long templates = java.util.Arrays.stream(ids).distinct().count();
    return new SystemResult(
        name,
        lines.size(),
        (int) templates,
        GroupingAccuracy.of(ids, original),
        GroupingAccuracy.of(ids, corrected));
  }

  static List<String> readLines(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(text.lines().toList());
    return lines;
  }

  static int[] parse(List<String> lines) {
    LogParser parser = new LogParser(new TemplateMiner(TemplateMiner.Config.defaults()));
    int[] ids = new int[lines.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = parser.parse(lines.get(i)).templateId();
    }
    for (int i = 0; i < ids.length; i++) {
      ids[i] = parser.miner().resolve(ids[i]);
    }
    return ids;
  }

  static List<String> events(Path csv) throws IOException {
    return Csv.column(Csv.read(csv), "EventId");
  }

  /**
   * Prints, for one system, each ground-truth event that is not grouped exactly, with the groups
   * its lines went to: the material for improving the general rules.
   */
  static void explain(Path dir, PrintStream out) throws IOException {
    String name = dir.getFileName().toString();
    List<String> lines = readLines(logOf(dir));
    List<List<String>> rows = Csv.read(dir.resolve(name + "_2k.log_structured.csv"));
    List<String> truth = Csv.column(rows, "EventId");
    List<String> templates = Csv.column(rows, "EventTemplate");
    List<String> contents = Csv.column(rows, "Content");
    LogParser parser = new LogParser(new TemplateMiner(TemplateMiner.Config.defaults()));
    int[] ids = new int[lines.size()];
    int contentMismatch = 0;
    for (int i = 0; i < ids.length; i++) {
      LogParser.Parsed parsed = parser.parse(lines.get(i));
      ids[i] = parsed.templateId();
      LineHeader header = parsed.header();
      ids[i] = parsed.templateId();
      if (!header.content().strip().equals(contents.get(i).strip())) {
        if (contentMismatch++ < 8) {
          out.println("content: [" + header.content() + "] vs truth [" + contents.get(i) + "]");
        }
      }
    }
    out.println("content mismatches: " + contentMismatch);
    for (int i = 0; i < ids.length; i++) {
      ids[i] = parser.miner().resolve(ids[i]);
    }
    Map<String, Map<Integer, Integer>> groupsOfEvent = new TreeMap<>();
    Map<Integer, Map<String, Integer>> eventsOfGroup = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      groupsOfEvent
          .computeIfAbsent(truth.get(i), k -> new LinkedHashMap<>())
          .merge(ids[i], 1, Integer::sum);
      eventsOfGroup
          .computeIfAbsent(ids[i], k -> new LinkedHashMap<>())
          .merge(truth.get(i), 1, Integer::sum);
    }
    Map<String, String> templateOf = new HashMap<>();
    for (int i = 0; i < truth.size(); i++) {
      templateOf.putIfAbsent(truth.get(i), templates.get(i));
    }
    List<Map.Entry<String, Map<Integer, Integer>>> wrong = new ArrayList<>();
    for (var entry : groupsOfEvent.entrySet()) {
      var groups = entry.getValue();
      boolean ok =
          groups.size() == 1 && eventsOfGroup.get(groups.keySet().iterator().next()).size() == 1;
      if (!ok) {
        wrong.add(entry);
      }
    }
    wrong.sort(
        Comparator.comparingInt(
            e -> -e.getValue().values().stream().mapToInt(Integer::intValue).sum()));
    for (var entry : wrong) {
      int size = entry.getValue().values().stream().mapToInt(Integer::intValue).sum();
      out.printf("%s (%d lines) %s%n", entry.getKey(), size, templateOf.get(entry.getKey()));
      for (var group : entry.getValue().entrySet()) {
        out.printf(
            "   group %d: %d lines, template [%s], events %s%n",
            group.getKey(),
            group.getValue(),
            parser.miner().template(group.getKey()).text(),
            eventsOfGroup.get(group.getKey()));
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    if (args.length > 1) {
      explain(data.resolve(args[1]), System.out);
      return;
    }
    double sumOriginal = 0;
    double sumCorrected = 0;
    List<Path> systems = systems(data);
    for (Path dir : systems) {
      SystemResult r = measure(dir);
      sumOriginal += r.original();
      sumCorrected += r.corrected();
      System.out.printf(
          "%-10s %5d %4d  %.3f  %.3f%n",
          r.system(), r.lines(), r.templates(), r.original(), r.corrected());
    }
    System.out.printf(
        "%-10s            %.3f  %.3f%n",
        "mean", sumOriginal / systems.size(), sumCorrected / systems.size());
  }
}
