package dev.oats.tools.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An object as YAML-ish text for reading, not for applying: empty fields left out, scalar lists on
 * one line, long strings and blocks cut short.
 */
final class CompactYaml {

  private static final int MAX_LINE = 400;
  private static final int MAX_BLOCK_LINES = 30;

  private CompactYaml() {}

  static String render(JsonNode node) {
    StringBuilder out = new StringBuilder();
    if (node instanceof ObjectNode object) {
      writeFields(out, object, 0);
    } else {
      out.append(scalar(node)).append('\n');
    }
    return out.toString();
  }

  private static void writeFields(StringBuilder out, ObjectNode object, int indent) {
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      writeField(out, field.getKey(), field.getValue(), indent);
    }
  }

  private static void writeField(StringBuilder out, String key, JsonNode value, int indent) {
    if (empty(value)) {
      return;
    }
    String pad = " ".repeat(indent);
    if (value instanceof ObjectNode object) {
      out.append(pad).append(key).append(":\n");
      writeFields(out, object, indent + 2);
    } else if (value instanceof ArrayNode array && allScalars(array)) {
      List<String> items = new ArrayList<>();
      array.forEach(item -> items.add(scalar(item)));
      out.append(pad).append(key).append(": [").append(String.join(", ", items)).append("]\n");
    } else if (value instanceof ArrayNode array) {
      out.append(pad).append(key).append(":\n");
      for (JsonNode item : array) {
        writeListItem(out, item, indent + 2);
      }
    } else if (value.isTextual() && value.asText().contains("\n")) {
      writeBlock(out, key, value.asText(), indent);
    } else {
      out.append(pad).append(key).append(": ").append(scalar(value)).append('\n');
    }
  }

  private static void writeListItem(StringBuilder out, JsonNode item, int indent) {
    String pad = " ".repeat(indent);
    if (!(item instanceof ObjectNode object)) {
      out.append(pad).append("- ").append(scalar(item)).append('\n');
      return;
    }
    StringBuilder nested = new StringBuilder();
    writeFields(nested, nameFirst(object), indent + 2);
    String text = nested.toString();
    if (text.isEmpty()) {
      return;
    }
    // The first field goes on the dash line, as YAML writes list items.
    out.append(pad).append("- ").append(text.substring(indent + 2));
  }

  /** Containers, ports and env vars read best with their name on the dash line. */
  private static ObjectNode nameFirst(ObjectNode object) {
    if (!object.has("name")) {
      return object;
    }
    ObjectNode ordered = object.objectNode();
    ordered.set("name", object.get("name"));
    ordered.setAll(object);
    return ordered;
  }

  private static void writeBlock(StringBuilder out, String key, String text, int indent) {
    String pad = " ".repeat(indent);
    String[] lines = text.strip().split("\n", -1);
    out.append(pad).append(key).append(": |\n");
    for (int i = 0; i < Math.min(lines.length, MAX_BLOCK_LINES); i++) {
      out.append(pad).append("  ").append(cut(lines[i])).append('\n');
    }
    if (lines.length > MAX_BLOCK_LINES) {
      out.append(pad)
          .append("  … (")
          .append(lines.length - MAX_BLOCK_LINES)
          .append(" more lines)\n");
    }
  }

  private static boolean allScalars(ArrayNode array) {
    for (JsonNode item : array) {
      if (item.isContainerNode() || (item.isTextual() && item.asText().contains("\n"))) {
        return false;
      }
    }
    return true;
  }

  private static boolean empty(JsonNode value) {
    return value == null
        || value.isNull()
        || value.isMissingNode()
        || (value.isContainerNode() && value.isEmpty());
  }

  private static String scalar(JsonNode value) {
    return cut(value.asText());
  }

  private static String cut(String text) {
    return text.length() > MAX_LINE
        ? dev.oats.redact.SafeCut.head(text, MAX_LINE) + "… (" + text.length() + " chars)"
        : text;
  }
}
