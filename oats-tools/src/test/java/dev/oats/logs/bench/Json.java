package dev.oats.logs.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the few JSON shapes the benchmark results need: maps, lists, strings and numbers. */
final class Json {

  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.append('\n').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    switch (value) {
      case null -> out.append("null");
      case String s -> string(s, out);
      case Double d -> out.append(d.isNaN() ? "null" : String.format(Locale.ROOT, "%.4f", d));
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      case Map<?, ?> map -> object(map, out, indent);
      case List<?> list -> array(list, out, indent);
      default -> throw new IllegalArgumentException("cannot write " + value.getClass());
    }
  }

  private static void object(Map<?, ?> map, StringBuilder out, String indent) {
    String inner = indent + "  ";
    out.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      out.append(first ? "\n" : ",\n").append(inner);
      string(entry.getKey().toString(), out);
      out.append(": ");
      write(entry.getValue(), out, inner);
      first = false;
    }
    out.append(map.isEmpty() ? "}" : "\n" + indent + "}");
  }

  private static void array(List<?> list, StringBuilder out, String indent) {
    boolean scalars = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
    if (scalars) {
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(list.get(i), out, indent);
      }
      out.append(']');
      return;
    }
    String inner = indent + "  ";
    out.append('[');
    for (int i = 0; i < list.size(); i++) {
      out.append(i == 0 ? "\n" : ",\n").append(inner);
      write(list.get(i), out, inner);
    }
    out.append('\n').append(indent).append(']');
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
