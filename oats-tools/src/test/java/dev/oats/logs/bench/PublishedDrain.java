package dev.oats.logs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The published grouping accuracy of Drain tuned per system on Loghub-2k, as reported in the
 * Loghub-2.0 study (Jiang et al., ISSTA 2024), whose table ships with the data.
 */
final class PublishedDrain {

  /**
   * Windows is not in the Loghub-2.0 table (that revision has no Windows); its tuned-Drain figure
   * is the one of Zhu et al. (ICSE-SEIP 2019), which is also what makes the data README's mean of
   * 0.925 over these ten systems.
   */
  static final Map<String, Double> NOT_IN_TABLE = Map.of("Windows", 0.997);

  private PublishedDrain() {}

  /** System name to Drain's Loghub-2k GA, read from {@code published/*effectiveness*.csv}. */
  static Map<String, Double> read(Path data) throws IOException {
    Map<String, Double> scores = new TreeMap<>(NOT_IN_TABLE);
    Path table = data.resolve("published").resolve("loghub2_RQ2_effectiveness_results.csv");
    if (!Files.isRegularFile(table)) {
      return scores;
    }
    List<List<String>> rows = Csv.read(table);
    int drain = rows.get(0).indexOf("Drain");
    for (List<String> row : rows.subList(1, rows.size())) {
      String label = row.get(0);
      if (label.endsWith(" GA") && !label.startsWith("Average")) {
        // Cells read "Loghub-2k / Loghub-2.0"; the first figure is the one for these files.
        String cell = row.get(drain).split("/")[0].strip();
        scores.put(label.substring(0, label.length() - 3), Double.parseDouble(cell));
      }
    }
    return scores;
  }
}
