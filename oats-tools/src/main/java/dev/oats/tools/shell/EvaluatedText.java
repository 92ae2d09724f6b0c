package dev.oats.tools.shell;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Text that bash evaluates as code although the parser sees it as data: an array subscript is
 * evaluated as arithmetic, and arithmetic runs the command substitutions in the subscripts it meets
 * ({@code a[$(rm -rf ~)]}), in a name given to a builtin ({@code test -v 'a[$(…)]'}, {@code printf
 * -v}, {@code declare}, {@code read}, {@code unset}), in an operand of {@code [[ … -eq … ]]}, and
 * in the value of any variable arithmetic reads ({@code $((x))}, {@code ${!x}}, {@code ${s:x}}).
 * The value of a variable can come from anything a command printed, so arithmetic over variables
 * and names computed at run time are judged unknown, not only the literal cases.
 */
final class EvaluatedText {

  /** A subscript holding a command or process substitution. */
  private static final Pattern COMMAND_IN_SUBSCRIPT =
      Pattern.compile("\\[[^]]*(?:\\$\\(|`|[<>]\\()", Pattern.DOTALL);

  /** Builtins that take variable names, and so evaluate the subscripts in them. */
  private static final Set<String> NAME_TAKERS =
      Set.of(
          "test",
          "[",
          "[[",
          "declare",
          "typeset",
          "local",
          "export",
          "readonly",
          "read",
          "printf",
          "unset",
          "wait",
          "getopts");

  /** The operators of {@code [[ … ]]} whose operands are arithmetic expressions. */
  private static final Set<String> ARITHMETIC_OPERATORS =
      Set.of("-eq", "-ne", "-lt", "-le", "-gt", "-ge");

  /** The operators of {@code test} and {@code [[ … ]]} whose operand is a variable name. */
  private static final Set<String> NAME_OPERATORS = Set.of("-v", "-R");

  private EvaluatedText() {}

  /**
   * Why bash would run code hidden in the arguments of this command, or null when it would not.
   *
   * @param name the command's name
   * @param arguments the words after it
   */
  static String hiddenCode(String name, List<Word> arguments) {
    if (!NAME_TAKERS.contains(name)) {
      return null;
    }
    for (int i = 0; i < arguments.size(); i++) {
      Word word = arguments.get(i);
      if (COMMAND_IN_SUBSCRIPT.matcher(word.text()).find()) {
        return "a command in an array subscript (" + word.raw() + ")";
      }
      String previous = i > 0 ? arguments.get(i - 1).text() : "";
      boolean nameOperand =
          NAME_OPERATORS.contains(previous) || (name.equals("printf") && previous.equals("-v"));
      if (!word.isLiteral() && nameOperand) {
        return "a variable name computed at run time (" + word.raw() + ")";
      }
      if (!word.isLiteral() && name.equals("[[") && arithmeticOperand(arguments, i)) {
        return "arithmetic over a value computed at run time (" + word.raw() + ")";
      }
      if (!word.isLiteral() && takesNames(name) && namePart(word).contains("$")) {
        return "a variable name computed at run time (" + word.raw() + ")";
      }
      if (!word.isLiteral() && takesNames(name) && namesReference(arguments)) {
        return "a reference to a variable named at run time (" + word.raw() + ")";
      }
    }
    return null;
  }

  /** Builtins all of whose operands are names (or {@code name=value}). */
  private static boolean takesNames(String name) {
    return Set.of("declare", "typeset", "local", "export", "readonly", "read", "unset", "getopts")
        .contains(name);
  }

  /** Whether the options include {@code -n}: the values are names of other variables. */
  private static boolean namesReference(List<Word> arguments) {
    return arguments.stream()
        .map(Word::text)
        .anyMatch(text -> text.matches("[-+][a-zA-Z]*n[a-zA-Z]*") && text.startsWith("-"));
  }

  /** The part of a {@code name=value} word before the {@code =}, or the whole word. */
  private static String namePart(Word word) {
    String text = word.text();
    int equals = text.indexOf('=');
    return equals < 0 ? text : text.substring(0, equals);
  }

  private static boolean arithmeticOperand(List<Word> words, int i) {
    return (i > 0 && ARITHMETIC_OPERATORS.contains(words.get(i - 1).text()))
        || (i + 1 < words.size() && ARITHMETIC_OPERATORS.contains(words.get(i + 1).text()));
  }

  /**
   * Why an expansion in this word makes bash evaluate a value as arithmetic, or null: {@code
   * $((…))} or {@code $[…]} over anything but digits and operators, a subscript that is not digits,
   * {@code @} or {@code *}, a substring offset that is not digits, or indirection ({@code ${!x}}).
   */
  static String evaluatesData(Word word) {
    if (word.isLiteral()) {
      return null;
    }
    String text = word.text();
    for (int at = text.indexOf('$'); at >= 0 && at + 1 < text.length(); ) {
      int end;
      boolean risky;
      if (text.startsWith("$((", at)) {
        end = closing(text, at + 1, '(', ')');
        risky = !text.substring(at + 3, end).matches("[0-9\\s+*/%<>=!&|^~?:()-]*");
      } else if (text.startsWith("$[", at)) {
        end = closing(text, at + 1, '[', ']');
        risky = !text.substring(at + 2, end).matches("[0-9\\s+*/%<>=!&|^~?:()-]*");
      } else if (text.startsWith("${", at)) {
        end = closing(text, at + 1, '{', '}');
        risky = parameterEvaluates(text.substring(at + 2, end));
      } else {
        at = text.indexOf('$', at + 1);
        continue;
      }
      if (risky) {
        return "arithmetic over a value computed at run time (" + word.raw() + ")";
      }
      at = text.indexOf('$', end);
    }
    return null;
  }

  /** Whether the body of {@code ${…}} evaluates a subscript, an offset or an indirect name. */
  private static boolean parameterEvaluates(String body) {
    if (body.startsWith("!")) {
      return true;
    }
    String rest = body.startsWith("#") && body.length() > 1 ? body.substring(1) : body;
    int i = 0;
    while (i < rest.length()
        && (Character.isLetterOrDigit(rest.charAt(i)) || rest.charAt(i) == '_')) {
      i++;
    }
    if (i < rest.length() && rest.charAt(i) == '[') {
      int close = rest.indexOf(']', i);
      if (close < 0 || !rest.substring(i + 1, close).matches("[0-9]+|@|\\*")) {
        return true;
      }
      i = close + 1;
    }
    if (i + 1 < rest.length() && rest.charAt(i) == ':' && "-=?+".indexOf(rest.charAt(i + 1)) < 0) {
      return !rest.substring(i + 1).matches("[0-9\\s:-]*");
    }
    return false;
  }

  /** The index of the bracket closing the one at {@code open}, or the text's length. */
  private static int closing(String text, int open, char opening, char closingChar) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == opening) {
        depth++;
      } else if (c == closingChar && --depth == 0) {
        return i;
      }
    }
    return text.length();
  }
}
