package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A Secret's values are hidden however the manifest is framed: YAML or JSON, kind before or after
 * data, alone or an item of a List, indented as a whole, behind file_reader's, grep's or
 * code_search's line numbers, between lines of a log. Generated with a fixed seed; each case names
 * the text it failed on.
 */
class SecretManifestFramingsTest {

  @Test
  void everyFramingOfASecretManifestHidesItsValues() {
    Redactor redactor = Redactor.standard();
    Random rnd = new Random(20261207L);
    List<String> leaked = new ArrayList<>();
    for (int i = 0; i < 4_000 && leaked.size() < 3; i++) {
      String value = "s3cr3tV" + Long.toHexString(rnd.nextLong()) + "Qz9";
      String text = rnd.nextBoolean() ? yaml(rnd, value) : json(rnd, value);
      if (redactor.redact(text).contains(value)) {
        leaked.add(text);
      }
    }
    assertThat(leaked).isEmpty();
  }

  /** A Secret as JSON: one line or pretty, alone or in a List, indented, behind line numbers. */
  private static String json(Random rnd, String v) {
    boolean dataFirst = rnd.nextBoolean();
    String data = "\"data\": {\"conn\": \"" + v + "\", \"user\": \"YWRtaW4=\"}";
    String kind = "\"kind\": \"Secret\"";
    String meta = "\"metadata\": {\"name\": \"db\"}";
    List<String> fields =
        new ArrayList<>(
            List.of(
                "\"apiVersion\": \"v1\"", dataFirst ? data : kind, dataFirst ? kind : data, meta));
    String obj;
    boolean pretty = rnd.nextBoolean();
    if (pretty) {
      StringBuilder b = new StringBuilder("{\n");
      for (int k = 0; k < fields.size(); k++)
        b.append("    ").append(fields.get(k)).append(k < fields.size() - 1 ? ",\n" : "\n");
      obj = b.append("}").toString();
    } else obj = "{" + String.join(", ", fields) + "}";
    String text =
        rnd.nextBoolean()
            ? "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n"
                + obj.replaceAll("(?m)^", "    ")
                + "\n  ],\n  \"kind\": \"List\"\n}"
            : obj;
    int indent = rnd.nextInt(3) * 4;
    String[] lines = text.split("\n");
    StringBuilder out = new StringBuilder();
    int frame = rnd.nextInt(4);
    for (int k = 0; k < lines.length; k++) {
      String l = " ".repeat(indent) + lines[k];
      switch (frame) {
        case 1 -> out.append(String.format("%4d | %s\n", k + 1, l));
        case 2 -> out.append(String.format("s.json:%d:%s\n", k + 1, l));
        default -> out.append(l).append('\n');
      }
    }
    return out.toString();
  }

  /** A Secret as YAML: alone or a List item, indented, behind line numbers or inside a log. */
  private static String yaml(Random rnd, String v) {
    int indent = rnd.nextInt(4) * 2;
    String ind = " ".repeat(indent);
    boolean list = rnd.nextBoolean();
    boolean dataFirst = rnd.nextBoolean();
    String dataKey = rnd.nextBoolean() ? "data" : "stringData";
    String val = rnd.nextInt(3) == 0 ? "\"" + v + "\"" : v;
    List<String> lines = new ArrayList<>();
    String item = list ? "- " : "";
    String pad = list ? "  " : "";
    List<String> body = new ArrayList<>();
    List<String> data = List.of(dataKey + ":", "  conn: " + val, "  user: YWRtaW4=");
    List<String> kind = List.of("kind: Secret");
    List<String> meta = List.of("metadata:", "  name: db", "  namespace: shop");
    body.add("apiVersion: v1");
    if (dataFirst) {
      body.addAll(data);
      body.addAll(kind);
    } else {
      body.addAll(kind);
      body.addAll(data);
    }
    body.addAll(meta);
    if (rnd.nextBoolean()) body.add("type: Opaque");
    if (list) {
      lines.add("apiVersion: v1");
      lines.add("items:");
    }
    for (int k = 0; k < body.size(); k++)
      lines.add((list ? (k == 0 ? item : pad) : "") + body.get(k));
    if (list) {
      lines.add("kind: List");
    }
    // optional prefix text
    StringBuilder out = new StringBuilder();
    int frame = rnd.nextInt(5);
    if (frame == 1)
      out.append("/w/deploy/s.yaml — ")
          .append(lines.size())
          .append(" lines\nShowing lines 1-")
          .append(lines.size())
          .append("\n\n");
    if (frame == 3) out.append("some log text before\n");
    for (int k = 0; k < lines.size(); k++) {
      String l = ind + lines.get(k);
      switch (frame) {
        case 1 -> out.append(String.format("%4d | %s\n", k + 1, l));
        case 2 -> out.append(String.format("deploy/s.yaml:%d:%s\n", k + 1, l));
        case 4 -> out.append(String.format("%d: %s\n", k + 1, l));
        default -> out.append(l).append('\n');
      }
    }
    if (frame == 3) out.append("done\n");
    return out.toString();
  }
}
