package dev.oats.agent;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A JSON value written as {@link JsonNode#toString} writes it (compact, members in order, strings
 * escaped as Jackson escapes them), without a Jackson writer: the token counter counts each call's
 * arguments as that text, and making a writer, a generator and a buffer for a few bytes cost more
 * than counting them. Values of any other kind than objects, arrays, strings, {@code int} and
 * {@code long} numbers, booleans and null are left to Jackson, whole.
 */
final class CompactJson {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private CompactJson() {}

  /** What {@code node.toString()} returns. */
  static String of(JsonNode node) {
    StringBuilder out = new StringBuilder(64);
    return append(out, node) ? out.toString() : node.toString();
  }

  /** Writes the value; false (and {@code out} partly written) when it holds another kind. */
  private static boolean append(StringBuilder out, JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> member : node.properties()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          appendString(out, member.getKey());
          out.append(':');
          if (!append(out, member.getValue())) {
            return false;
          }
        }
        out.append('}');
        return true;
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          if (!append(out, node.get(i))) {
            return false;
          }
        }
        out.append(']');
        return true;
      }
      case STRING -> {
        appendString(out, node.textValue());
        return true;
      }
      case BOOLEAN -> {
        out.append(node.booleanValue());
        return true;
      }
      case NULL -> {
        out.append("null");
        return true;
      }
      case NUMBER -> {
        if (node.isInt()) {
          out.append(node.intValue());
          return true;
        }
        if (node.isLong()) {
          out.append(node.longValue());
          return true;
        }
        return false;
      }
      default -> {
        return false;
      }
    }
  }

  /**
   * A string in quotes, escaped as Jackson's default writer escapes it: the quote, the backslash
   * and the control characters below U+0020 ({@code \b \t \n \f \r} by their letters, the others as
   * {@code \}{@code u00XX} in capitals); every other character as it is.
   */
  private static void appendString(StringBuilder out, String text) {
    out.append('"');
    int from = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(text, from, i).append('\\');
      switch (c) {
        case '"' -> out.append('"');
        case '\\' -> out.append('\\');
        case '\b' -> out.append('b');
        case '\t' -> out.append('t');
        case '\n' -> out.append('n');
        case '\f' -> out.append('f');
        case '\r' -> out.append('r');
        default -> out.append("u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
      from = i + 1;
    }
    out.append(text, from, text.length()).append('"');
  }
}
