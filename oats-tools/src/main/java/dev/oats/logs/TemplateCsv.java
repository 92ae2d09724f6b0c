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

  /**
   * As {@link #write(BufferedReader, Writer)}, with another miner configuration. A line whose
   * template was evicted keeps that template's id and its text as it was when evicted.
   */
  static void write(BufferedReader in, Writer out, TemplateMiner.Config config) throws IOException {
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
    LogParser parser = new LogParser(miner);
    int[] ids = new int[1024];
    int count = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = parser.parse(line).templateId();
    }
    out.write("line,template_id,template\n");
    for (int i = 0; i < count; i++) {
      int id = finalId(ids[i], forwards);
      LogTemplate template = miner.template(id);
      String text = template != null ? template.text() : evicted.getOrDefault(id, "");
      out.write(Integer.toString(i + 1));
      out.write(',');
      out.write(Integer.toString(id));
      out.write(',');
      out.write(quote(text));
      out.write('\n');
    }
    out.flush();
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
