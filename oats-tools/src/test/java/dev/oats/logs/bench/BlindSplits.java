package dev.oats.logs.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Blind splits of the ten Loghub-2k systems: rules are developed while looking at the errors of one
 * half (the dev half) and scored on the other half, whose errors are not looked at. Two rotations
 * swap the halves. The halves are fixed here, by name, so that every run and every report uses the
 * same ones; they are the first and last five systems in alphabetical order.
 */
final class BlindSplits {

  static final Set<String> HALF_A = Set.of("Apache", "BGL", "HDFS", "HPC", "Hadoop");
  static final Set<String> HALF_B = Set.of("HealthApp", "OpenSSH", "Spark", "Windows", "Zookeeper");

  /** A rotation: develop on {@code dev}, score {@code blind}. */
  record Rotation(String name, Set<String> dev, Set<String> blind) {}

  static final List<Rotation> ROTATIONS =
      List.of(new Rotation("1", HALF_A, HALF_B), new Rotation("2", HALF_B, HALF_A));

  private BlindSplits() {}

  /** The mean corrected GA of the systems in {@code half}; NaN when none of them was measured. */
  static double mean(List<LoghubAccuracy.SystemResult> results, Set<String> half) {
    double sum = 0;
    int n = 0;
    for (LoghubAccuracy.SystemResult r : results) {
      if (half.contains(r.system())) {
        sum += r.corrected();
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The lowest corrected GA in {@code half}. */
  static double lowest(List<LoghubAccuracy.SystemResult> results, Set<String> half) {
    double low = Double.NaN;
    for (LoghubAccuracy.SystemResult r : results) {
      if (half.contains(r.system()) && !(r.corrected() >= low)) {
        low = r.corrected();
      }
    }
    return low;
  }

  /** The rotation table: per rotation, the dev and blind halves' mean and lowest GA. */
  static String table(List<LoghubAccuracy.SystemResult> results) {
    StringBuilder table = new StringBuilder();
    table
        .append(
            "| rotation | dev half | dev mean GA | blind half | blind mean GA | blind lowest |\n")
        .append("|---|---|---:|---|---:|---:|\n");
    double devSum = 0;
    double blindSum = 0;
    for (Rotation rotation : ROTATIONS) {
      double dev = mean(results, rotation.dev());
      double blind = mean(results, rotation.blind());
      devSum += dev;
      blindSum += blind;
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %.3f | %s | %.3f | %.3f |%n",
              rotation.name(),
              names(rotation.dev()),
              dev,
              names(rotation.blind()),
              blind,
              lowest(results, rotation.blind())));
    }
    table.append(
        String.format(
            Locale.ROOT,
            "| **average** | | **%.3f** | | **%.3f** | |%n",
            devSum / ROTATIONS.size(),
            blindSum / ROTATIONS.size()));
    return table.toString();
  }

  static List<Object> json(List<LoghubAccuracy.SystemResult> results) {
    List<Object> rotations = new ArrayList<>();
    for (Rotation rotation : ROTATIONS) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("rotation", rotation.name());
      entry.put("dev", names(rotation.dev()));
      entry.put("dev_mean_ga", mean(results, rotation.dev()));
      entry.put("blind", names(rotation.blind()));
      entry.put("blind_mean_ga", mean(results, rotation.blind()));
      entry.put("blind_lowest_ga", lowest(results, rotation.blind()));
      rotations.add(entry);
    }
    return rotations;
  }

  private static String names(Set<String> half) {
    return String.join(", ", half.stream().sorted().toList());
  }
}
