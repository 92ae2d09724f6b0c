package dev.oats.tools.kube;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table with aligned columns, like kubectl's output. */
final class TextTable {

  private static final int MAX_CELL = 300;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = List.of(headers);
  }

  TextTable(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  TextTable add(String... cells) {
    return add(Arrays.asList(cells));
  }

  TextTable add(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException(
          "a row has " + cells.size() + " cells for " + headers.size() + " columns");
    }
    rows.add(cells.stream().map(TextTable::cell).toList());
    return this;
  }

  int size() {
    return rows.size();
  }

  /** The table, each line indented by {@code indent}. */
  String render(String indent) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, indent, headers, widths);
    rows.forEach(row -> line(out, indent, row, widths));
    return out.toString();
  }

  String render() {
    return render("");
  }

  private static void line(StringBuilder out, String indent, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder(indent);
    for (int i = 0; i < cells.size(); i++) {
      line.append(cells.get(i));
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - cells.get(i).length() + 3));
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String cell(String value) {
    if (value == null || value.isBlank()) {
      return "-";
    }
    String flat = value.replaceAll("\\s*\\n\\s*", " ").strip();
    if (flat.length() <= MAX_CELL) {
      return flat;
    }
    // Cut the middle, not the end: messages such as a failed image pull repeat the reference and
    // say what went wrong ("not found") last.
    int head = MAX_CELL * 2 / 3;
    int tail = MAX_CELL - head - 3;
    return flat.substring(0, head) + " … " + flat.substring(flat.length() - tail);
  }
}
