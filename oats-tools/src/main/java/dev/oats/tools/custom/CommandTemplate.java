package dev.oats.tools.custom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML tool's command: an argv whose elements may hold {@code {{parameter}}} placeholders. Each
 * placeholder is replaced inside its own element, so a value never becomes more than one argument
 * and never meets a shell: {@code "; rm -rf /"} stays one literal argument.
 *
 * <p>A placeholder whose parameter is absent and has no default drops its whole element, whether
 * the element is just the placeholder or has text around it ({@code --since={{since}}} goes away
 * rather than becoming {@code --since=}).
 *
 * @param elements the argv as written, placeholders and all
 */
record CommandTemplate(List<String> elements) {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  CommandTemplate {
    elements = List.copyOf(elements);
  }

  /** The parameters named by placeholders, in order of first use. */
  Set<String> placeholders() {
    Set<String> names = new LinkedHashSet<>();
    elements.forEach(element -> names.addAll(placeholdersIn(element)));
    return names;
  }

  /** The parameters named by placeholders in one element. */
  static Set<String> placeholdersIn(String element) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(element);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * The argv for one call.
   *
   * @param arguments the call's arguments
   * @param properties the schema's {@code properties}, for defaults
   * @throws IllegalArgumentException when a value is a list or an object, in words for the model
   */
  List<String> render(ObjectNode arguments, JsonNode properties) {
    List<String> argv = new ArrayList<>();
    for (String element : elements) {
      String rendered = renderElement(element, arguments, properties);
      if (rendered != null) {
        argv.add(rendered);
      }
    }
    return argv;
  }

  /** The element with its placeholders filled, or null when one of them has no value. */
  private static String renderElement(String element, ObjectNode arguments, JsonNode properties) {
    Matcher matcher = PLACEHOLDER.matcher(element);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      JsonNode value = valueOf(name, arguments, properties);
      if (value == null) {
        return null;
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(text(name, value)));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static JsonNode valueOf(String name, ObjectNode arguments, JsonNode properties) {
    JsonNode given = arguments.get(name);
    if (given != null && !given.isNull()) {
      return given;
    }
    JsonNode fallback = properties.path(name).get("default");
    return fallback == null || fallback.isNull() ? null : fallback;
  }

  private static String text(String name, JsonNode value) {
    if (value.isContainerNode()) {
      throw new IllegalArgumentException(
          ("parameter '%s' is %s, but only a single string, number or boolean can be placed in the"
                  + " command; give one value")
              .formatted(name, value.isArray() ? "a list" : "an object"));
    }
    return value.isTextual() ? value.textValue() : value.toString();
  }
}
