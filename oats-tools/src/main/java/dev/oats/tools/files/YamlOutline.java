package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The shape of a YAML document that is not a Kubernetes object: its keys, nested, with the type of
 * each value instead of the value (configuration files hold passwords too). Lists show their length
 * and the shape of their first item.
 */
final class YamlOutline {

  private static final int MAX_DEPTH = 6;
  private static final int MAX_KEYS = 40;

  private YamlOutline() {}

  static String of(JsonNode document) {
    StringBuilder out = new StringBuilder();
    if (document.isObject()) {
      mapping(document, "  ", 0, out);
    } else {
      out.append("  ").append(type(document)).append('\n');
    }
    return out.toString();
  }

  private static void mapping(JsonNode node, String indent, int depth, StringBuilder out) {
    int shown = 0;
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      if (shown++ == MAX_KEYS) {
        out.append(indent).append("… ").append(node.size() - MAX_KEYS).append(" more keys\n");
        return;
      }
      entry(entry.getKey(), entry.getValue(), indent, depth, out);
    }
  }

  private static void entry(
      String key, JsonNode value, String indent, int depth, StringBuilder out) {
    String type = type(value);
    out.append(indent).append(key).append(type.isEmpty() ? ":" : ": " + type).append('\n');
    if (depth + 1 >= MAX_DEPTH) {
      return;
    }
    if (value.isObject()) {
      mapping(value, indent + "  ", depth + 1, out);
    } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
      mapping(value.get(0), indent + "    ", depth + 1, out);
    }
  }

  private static String type(JsonNode value) {
    if (value.isObject()) {
      return value.isEmpty() ? "{} (empty mapping)" : "";
    }
    if (value.isArray()) {
      return value.isEmpty()
          ? "empty list"
          : "list of " + value.size() + " " + plural(value.get(0));
    }
    if (value.isNull()) {
      return "null";
    }
    if (value.isNumber()) {
      return "number";
    }
    return value.isBoolean() ? "boolean" : "string";
  }

  private static String plural(JsonNode item) {
    if (item.isObject()) {
      return "mappings, first:";
    }
    if (item.isArray()) {
      return "lists";
    }
    return type(item) + "s";
  }
}
