package dev.oats.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes, for every line of a log in order, the template it belongs to, as CSV with the header
 * {@code line,template_id,template}: what any labelled data set needs to score the miner.
 *
 * <p>Line numbers start at 1. Ids and template texts are the final ones: a template keeps
 * generalising while the log is read, and variants that prove to differ in a variable merge, so the
 * CSV is written once the whole log has been read. It holds one int per line until then.
 */
public final class TemplateCsv {

  private TemplateCsv() {}

  /** Reads all lines of {@code in} and writes the CSV to {@code out}; neither is closed. */
  public static void write(BufferedReader in, Writer out) throws IOException {
    write(in, out, TemplateMiner.Config.defaults());
  }

  /** As {@link #write(BufferedReader, Writer)}, reading the lines from bytes. */
  public static void write(LineReader in, Writer out) throws IOException {
    write(in::readLine, out, TemplateMiner.Config.defaults());
  }

  /** Where the lines come from: a reader, or a {@link LineReader}. */
  private interface Lines {
    /** The next line, or null at the end. */
    String readLine() throws IOException;
  }

  /**
   * As {@link #write(BufferedReader, Writer)}, with another miner configuration. A line whose
   * template was evicted keeps that template's id and its text as it was when evicted.
   */
  static void write(BufferedReader in, Writer out, TemplateMiner.Config config) throws IOException {
    write(in::readLine, out, config);
  }

  private static void write(Lines in, Writer out, TemplateMiner.Config config) throws IOException {
    Map<Integer, Integer> forwards = new HashMap<>();
    Map<Integer, String> evicted = new HashMap<>();
    TemplateMiner miner =
        new TemplateMiner(
            config,
            new TemplateMiner.Listener() {
              @Override
              public void merged(int from, int into) {
                forwards.put(from, into);
              }

              @Override
              public void evicted(LogTemplate template) {
                evicted.put(template.id(), template.text());
              }
            });
    Ids mined = mine(in, new LogParser(miner));
    int[] ids = mined.ids();
    int count = mined.count();
    out.write("line,template_id,template\n");
    // Every line of a template ends alike: ",id,template\n", made once per id. Rows are written in
    // chunks rather than field by field.
    int maxId = 0;
    for (int i = 0; i < count; i++) {
      maxId = Math.max(maxId, ids[i]);
    }
    String[] rows = new String[maxId + 1];
    StringBuilder chunk = new StringBuilder(1 << 16);
    for (int i = 0; i < count; i++) {
      String row = rows[ids[i]];
      if (row == null) {
        int id = finalId(ids[i], forwards);
        LogTemplate template = miner.template(id);
        String text = template != null ? template.text() : evicted.getOrDefault(id, "");
        row = "," + id + "," + quote(text) + "\n";
        rows[ids[i]] = row;
      }
      chunk.append(i + 1).append(row);
      if (chunk.length() >= 1 << 16) {
        out.append(chunk);
        chunk.setLength(0);
      }
    }
    out.append(chunk);
    out.flush();
  }

  /** The template id of every line as mined, in the first {@code count} places of {@code ids}. */
  private record Ids(int[] ids, int count) {}

  /**
   * Mines every line. The loop is a method of its own rather than a part of {@link #write}: the JIT
   * compiles a loop that runs once per call on the stack (OSR), and the end of the log would
   * otherwise throw away the compiled mining loop while the CSV loop after it still runs.
   */
  private static Ids mine(Lines in, LogParser parser) throws IOException {
    int[] ids = new int[1024];
    int count = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = parser.templateId(line);
    }
    return new Ids(ids, count);
  }

  private static int finalId(int id, Map<Integer, Integer> forwards) {
    int current = id;
    for (Integer next = forwards.get(current); next != null; next = forwards.get(current)) {
      current = next;
    }
    return current;
  }

  /** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
  static String quote(String field) {
    boolean needs = false;
    for (int i = 0; i < field.length() && !needs; i++) {
      char c = field.charAt(i);
      needs = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
  }
}
