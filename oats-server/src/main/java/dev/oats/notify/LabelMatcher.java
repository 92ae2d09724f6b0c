package dev.oats.notify;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on an investigation's labels, written as Alertmanager writes them: {@code
 * namespace=shop}, {@code status!=cancelled}, {@code severity=~"critical|page"}, {@code
 * alertname!~"Watchdog|InfoInhibitor"}. Regular expressions match the whole value; a label that is
 * not there reads as the empty string, so {@code team!=db} holds for an investigation with no team.
 *
 * @param label the label's name
 * @param op how the value is compared
 * @param value the value, or the regular expression, as written
 */
public record LabelMatcher(String label, Op op, String value) {

  /** The comparisons. */
  public enum Op {
    EQUAL("="),
    NOT_EQUAL("!="),
    MATCHES("=~"),
    NOT_MATCHES("!~");

    final String symbol;

    Op(String symbol) {
      this.symbol = symbol;
    }
  }

  private static final Pattern SYNTAX =
      Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~|!=|=)\\s*(.*?)\\s*");

  public LabelMatcher {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
    if (op == Op.MATCHES || op == Op.NOT_MATCHES) {
      anchored(value); // fails now, not on the first notification
    }
  }

  /**
   * Reads {@code label op value}; the value may be in double quotes.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static LabelMatcher parse(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a matcher; write label=value, label!=value, label=~regex or"
              + " label!~regex");
    }
    String value = m.group(3);
    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
      value = value.substring(1, value.length() - 1);
    }
    Op op =
        switch (m.group(2)) {
          case "=" -> Op.EQUAL;
          case "!=" -> Op.NOT_EQUAL;
          case "=~" -> Op.MATCHES;
          default -> Op.NOT_MATCHES;
        };
    return new LabelMatcher(m.group(1), op, value);
  }

  private static Pattern anchored(String regex) {
    try {
      return Pattern.compile("^(?:" + regex + ")$");
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "'" + regex + "' is not a valid regular expression: " + e.getDescription());
    }
  }

  /** Whether the labels satisfy this condition. */
  public boolean test(Map<String, String> labels) {
    String actual = labels.getOrDefault(label, "");
    return switch (op) {
      case EQUAL -> actual.equals(value);
      case NOT_EQUAL -> !actual.equals(value);
      case MATCHES -> anchored(value).matcher(actual).matches();
      case NOT_MATCHES -> !anchored(value).matcher(actual).matches();
    };
  }

  @Override
  public String toString() {
    return label + op.symbol + "\"" + value + "\"";
  }
}
