package dev.oats.logs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads RFC 4180 CSV: fields may be double-quoted, with {@code ""} for a quote inside. */
final class Csv {

  private Csv() {}

  /** All rows of the file, the header row first. */
  static List<List<String>> read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** All rows of the text, the header row first. */
  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        continue;
      }
      switch (c) {
        case '"' -> {
          quoted = true;
          any = true;
        }
        case ',' -> {
          row.add(field.toString());
          field.setLength(0);
          any = true;
        }
        case '\r' -> {}
        case '\n' -> {
          row.add(field.toString());
          field.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          any = false;
        }
        default -> {
          field.append(c);
          any = true;
        }
      }
    }
    if (any || field.length() > 0) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  /** The values of one named column, header excluded. */
  static List<String> column(List<List<String>> rows, String name) {
    int index = rows.get(0).indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + name + " in " + rows.get(0));
    }
    List<String> values = new ArrayList<>(rows.size() - 1);
    for (List<String> row : rows.subList(1, rows.size())) {
      values.add(row.get(index));
    }
    return values;
  }
}
