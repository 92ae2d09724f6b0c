package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A path into a YAML document: {@code spec.template.spec.containers[0].image}, {@code
 * metadata.labels["app.kubernetes.io/name"]}, {@code items[*].metadata.name}. {@code [*]} takes
 * every item of a list, {@code *} every value of a mapping, and {@code [-1]} the last item.
 */
final class YamlQuery {

  /** One step of a path. */
  private sealed interface Step {}

  private record Key(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record AnyItem() implements Step {}

  private record AnyKey() implements Step {}

  /**
   * A value the path reached.
   *
   * @param path where it is, with concrete indexes in place of wildcards
   * @param value what is there
   */
  record Match(String path, JsonNode value) {}

  /**
   * What a path found in a document.
   *
   * @param matches the values reached, empty when none
   * @param miss why nothing was reached, for the first branch that failed
   */
  record Result(List<Match> matches, String miss) {}

  private final String text;
  private final List<Step> steps;

  private YamlQuery(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException saying where the path is malformed
   */
  static YamlQuery parse(String text) {
    String path = text.strip();
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    List<Step> steps = new ArrayList<>();
    int at = 0;
    while (at < path.length()) {
      char c = path.charAt(at);
      if (c == '[') {
        at = bracket(text, path, at, steps);
      } else if (c == '.') {
        if (at + 1 >= path.length() || path.charAt(at + 1) == '.') {
          throw malformed(text, "an empty key after '.'");
        }
        at++;
      } else {
        int end = at;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
          end++;
        }
        String key = path.substring(at, end);
        steps.add(key.equals("*") ? new AnyKey() : new Key(key));
        at = end;
      }
    }
    return new YamlQuery(text, steps);
  }

  private static int bracket(String text, String path, int open, List<Step> steps) {
    int close = path.indexOf(']', open);
    if (close < 0) {
      throw malformed(text, "'[' without a closing ']'");
    }
    String inside = path.substring(open + 1, close).strip();
    if (inside.equals("*")) {
      steps.add(new AnyItem());
    } else if (inside.length() >= 2
        && (inside.startsWith("\"") && inside.endsWith("\"")
            || inside.startsWith("'") && inside.endsWith("'"))) {
      steps.add(new Key(inside.substring(1, inside.length() - 1)));
    } else {
      try {
        steps.add(new Index(Integer.parseInt(inside)));
      } catch (NumberFormatException e) {
        throw malformed(
            text, "'[" + inside + "]': use a number, [*], or a quoted key such as [\"a.b\"]");
      }
    }
    return close + 1;
  }

  private static IllegalArgumentException malformed(String text, String problem) {
    return new IllegalArgumentException(
        "Cannot read the query '%s': %s. Example: spec.template.spec.containers[0].image"
            .formatted(text, problem));
  }

  @Override
  public String toString() {
    return text;
  }

  /** Follows the path through one document. */
  Result apply(JsonNode document) {
    List<Match> current = List.of(new Match("", document));
    String miss = null;
    for (Step step : steps) {
      List<Match> next = new ArrayList<>();
      for (Match match : current) {
        String failed = follow(step, match, next);
        if (miss == null) {
          miss = failed;
        }
      }
      current = next;
    }
    return new Result(current, current.isEmpty() ? miss : null);
  }

  private static String follow(Step step, Match from, List<Match> into) {
    JsonNode node = from.value();
    String where = from.path().isEmpty() ? "the document" : from.path();
    return switch (step) {
      case Key key -> {
        if (!node.isObject()) {
          yield "%s is %s, not a mapping with key '%s'".formatted(where, kind(node), key.name());
        }
        if (!node.has(key.name())) {
          yield "%s has no key '%s' (its keys: %s)".formatted(where, key.name(), keys(node));
        }
        into.add(new Match(join(from.path(), key.name()), node.get(key.name())));
        yield null;
      }
      case Index index -> {
        if (!node.isArray()) {
          yield "%s is %s, not a list".formatted(where, kind(node));
        }
        int position = index.index() < 0 ? node.size() + index.index() : index.index();
        if (position < 0 || position >= node.size()) {
          yield "%s has %d items; [%d] is out of range"
              .formatted(where, node.size(), index.index());
        }
        into.add(new Match(from.path() + "[" + position + "]", node.get(position)));
        yield null;
      }
      case AnyItem any -> {
        if (!node.isArray()) {
          yield "%s is %s, not a list, so [*] does not apply".formatted(where, kind(node));
        }
        for (int i = 0; i < node.size(); i++) {
          into.add(new Match(from.path() + "[" + i + "]", node.get(i)));
        }
        yield node.isEmpty() ? where + " is an empty list" : null;
      }
      case AnyKey any -> {
        if (!node.isObject()) {
          yield "%s is %s, not a mapping, so * does not apply".formatted(where, kind(node));
        }
        node.properties()
            .forEach(
                entry -> into.add(new Match(join(from.path(), entry.getKey()), entry.getValue())));
        yield node.isEmpty() ? where + " is an empty mapping" : null;
      }
    };
  }

  private static String join(String path, String key) {
    boolean plain = key.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_' || c == '-');
    if (!plain || key.isEmpty()) {
      return path + "[\"" + key + "\"]";
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String keys(JsonNode node) {
    return node.isEmpty()
        ? "none"
        : node.propertyStream().map(Map.Entry::getKey).limit(30).collect(Collectors.joining(", "));
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "a list";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isNull()) {
      return "null";
    }
    String value = node.asText();
    String shown = value.length() > 40 ? dev.oats.redact.SafeCut.head(value, 40) + "…" : value;
    return node.isNumber() ? "a number (" + shown + ")" : "the value '" + shown + "'";
  }
}
