package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * YAML text in and out. Parsing resolves anchors and aliases, refuses duplicate keys (kubectl does
 * too) and turns every document into a Jackson tree; a syntax error becomes a message with the line
 * and column.
 */
final class YamlDocuments {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private YamlDocuments() {}

  /**
   * The outcome of parsing a stream of documents.
   *
   * @param documents the documents, empty ones left out
   * @param error what was wrong, with line and column, when parsing stopped early
   */
  record Parsed(List<JsonNode> documents, Optional<String> error) {}

  static Parsed parse(String content) {
    Load load = new Load(LoadSettings.builder().setLabel("yaml").build());
    List<JsonNode> documents = new ArrayList<>();
    int seen = 0;
    try {
      for (Object document : load.loadAllFromString(content)) {
        seen++;
        if (document != null) {
          documents.add(tree(document));
        }
      }
      return new Parsed(documents, Optional.empty());
    } catch (MarkedYamlEngineException e) {
      return new Parsed(documents, Optional.of(describe(e, seen)));
    } catch (YamlEngineException e) {
      return new Parsed(documents, Optional.of(e.getMessage()));
    }
  }

  /** A tree as block-style YAML. */
  static String dump(JsonNode node) {
    Dump dump = new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build());
    return dump.dumpToString(plain(node));
  }

  private static String describe(MarkedYamlEngineException e, int documentsRead) {
    StringBuilder message = new StringBuilder();
    e.getProblemMark().ifPresent(mark -> message.append(position(mark)).append(": "));
    message.append(e.getProblem());
    String context = e.getContext();
    if (context != null && !context.isBlank()) {
      message.append(" (").append(context);
      e.getContextMark().ifPresent(mark -> message.append(" started at ").append(position(mark)));
      message.append(')');
    }
    e.getProblemMark().ifPresent(mark -> message.append('\n').append(mark.createSnippet()));
    message.append("\nThe error is in document ").append(documentsRead + 1).append('.');
    return message.toString();
  }

  private static String position(Mark mark) {
    return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static JsonNode tree(Object value) {
    return switch (value) {
      case null -> NODES.nullNode();
      case Map<?, ?> map -> {
        ObjectNode object = NODES.objectNode();
        map.forEach((key, child) -> object.set(String.valueOf(key), tree(child)));
        yield object;
      }
      case Collection<?> items -> {
        ArrayNode array = NODES.arrayNode();
        items.forEach(item -> array.add(tree(item)));
        yield array;
      }
      case String text -> NODES.textNode(text);
      case Boolean flag -> NODES.booleanNode(flag);
      case Integer number -> NODES.numberNode(number);
      case Long number -> NODES.numberNode(number);
      case BigInteger number -> NODES.numberNode(number);
      case Double number -> NODES.numberNode(number);
      case Float number -> NODES.numberNode(number);
      case BigDecimal number -> NODES.numberNode(number);
      case byte[] bytes -> NODES.textNode(Base64.getEncoder().encodeToString(bytes));
      default -> NODES.textNode(value.toString());
    };
  }

  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(plain(item)));
      return list;
    }
    if (node.isNumber()) {
      return node.numberValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return node.isNull() ? null : node.asText();
  }
}
