package dev.oats.tools.runbooks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager writes them: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"}, {@code name!~"regex"}. Regular expressions are anchored at both ends, as
 * in Alertmanager; a label that is missing has the empty value.
 */
public record LabelMatcher(String name, Op op, String value, Pattern pattern) {

  /** How a matcher compares. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    REGEX("=~"),
    NOT_REGEX("!~");

    private final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  /**
   * A matcher of the given kind.
   *
   * @throws IllegalArgumentException when the name is not a label name or the regex does not parse
   */
  public static LabelMatcher of(String name, Op op, String value) {
    if (name == null || !LABEL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'" + name + "' is not a label name (letters, digits and _, not starting with a digit)");
    }
    Pattern pattern = null;
    if (op == Op.REGEX || op == Op.NOT_REGEX) {
      try {
        pattern = Pattern.compile("^(?:" + value + ")$");
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            "the regular expression of " + name + " does not parse: " + e.getDescription(), e);
      }
    }
    return new LabelMatcher(name, op, value, pattern);
  }

  /** Whether the labels satisfy this matcher. */
  public boolean matches(Map<String, String> labels) {
    String actual = labels.getOrDefault(name, "");
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case REGEX -> pattern.matcher(actual).matches();
      case NOT_REGEX -> !pattern.matcher(actual).matches();
    };
  }

  /** Whether every matcher is satisfied (true for none). */
  public static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
    return matchers.stream().allMatch(m -> m.matches(labels));
  }

  @Override
  public String toString() {
    return name + op.symbol() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /**
   * Parses one matcher: {@code name op value}, the value in double quotes (with {@code \"} and
   * {@code \\} escapes) or bare.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static LabelMatcher parse(String text) {
    List<LabelMatcher> parsed = parseList(text);
    if (parsed.size() != 1) {
      throw new IllegalArgumentException("expected one matcher, not " + parsed.size());
    }
    return parsed.getFirst();
  }

  /**
   * Parses matchers separated by commas, optionally in braces as Alertmanager and PromQL write
   * them: {@code {severity=~"critical|warning", namespace!="kube-system"}}. Commas inside quotes
   * belong to the value. Blank text is no matchers.
   *
   * @throws IllegalArgumentException saying which matcher is wrong and why
   */
  public static List<LabelMatcher> parseList(String text) {
    String s = text == null ? "" : text.strip();
    if (s.startsWith("{") && s.endsWith("}")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && (s.charAt(i) == ',' || Character.isWhitespace(s.charAt(i)))) {
        i++;
      }
      if (i >= s.length()) {
        break;
      }
      int nameStart = i;
      while (i < s.length() && "=!~".indexOf(s.charAt(i)) < 0 && s.charAt(i) != ',') {
        i++;
      }
      String name = s.substring(nameStart, i).strip();
      Op op;
      if (s.startsWith("=~", i)) {
        op = Op.REGEX;
      } else if (s.startsWith("!~", i)) {
        op = Op.NOT_REGEX;
      } else if (s.startsWith("!=", i)) {
        op = Op.NOT_EQUAL;
      } else if (s.startsWith("=", i)) {
        op = Op.EQUAL;
      } else {
        throw new IllegalArgumentException(
            "'"
                + s.substring(nameStart, Math.min(s.length(), i + 1)).strip()
                + "' is not a matcher: write name=\"value\", name!=\"value\", name=~\"regex\" or"
                + " name!~\"regex\"");
      }
      i += op.symbol().length();
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      StringBuilder value = new StringBuilder();
      if (i < s.length() && s.charAt(i) == '"') {
        i++;
        boolean closed = false;
        while (i < s.length()) {
          char c = s.charAt(i++);
          if (c == '\\' && i < s.length()) {
            value.append(s.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else {
            value.append(c);
          }
        }
        if (!closed) {
          throw new IllegalArgumentException("the value of " + name + " has no closing quote");
        }
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i < s.length() && s.charAt(i) != ',') {
          throw new IllegalArgumentException(
              "expected a comma after the value of " + name + ", found '" + s.charAt(i) + "'");
        }
      } else {
        int start = i;
        while (i < s.length() && s.charAt(i) != ',') {
          i++;
        }
        value.append(s.substring(start, i).strip());
      }
      matchers.add(of(name, op, value.toString()));
    }
    return List.copyOf(matchers);
  }
}
