package dev.oats.tools.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Folds runs of similar log lines (the same line but for numbers: timestamps, counters, ids), so
 * that a pod printing one warning a thousand times costs one line and a count, not the whole
 * window. The first and last line of each run are kept, as they carry when it started and stopped.
 */
final class LogRepeats {

  private static final Pattern NUMBERS = Pattern.compile("\\d+");
  private static final int MIN_RUN = 3;

  private LogRepeats() {}

  /**
   * @param lines what is shown
   * @param foldedLines how many lines were left out
   */
  record Folded(List<String> lines, int foldedLines) {}

  static Folded fold(List<String> lines) {
    List<String> out = new ArrayList<>();
    int folded = 0;
    int i = 0;
    while (i < lines.size()) {
      String key = key(lines.get(i));
      int end = i + 1;
      while (end < lines.size() && key.equals(key(lines.get(end)))) {
        end++;
      }
      int run = end - i;
      if (run >= MIN_RUN) {
        out.add(lines.get(i));
        out.add("  [… " + (run - 2) + " similar lines folded …]");
        out.add(lines.get(end - 1));
        folded += run - 2;
      } else {
        out.addAll(lines.subList(i, end));
      }
      i = end;
    }
    return new Folded(out, folded);
  }

  private static String key(String line) {
    return NUMBERS.matcher(line).replaceAll("0");
  }
}
