package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks through an awk program, with its strings, regular expressions and comments set aside, for
 * what reaches outside awk: {@code system()}, pipes to and from commands, and output redirection in
 * {@code print} and {@code printf}. A {@code >} elsewhere is a comparison.
 */
final class AwkProgram {

  private static final Pattern SYSTEM = Pattern.compile("\\bsystem\\s*\\(");
  private static final Pattern PRINT = Pattern.compile("\\bprintf?\\b");
  private static final Pattern KEYWORD_BEFORE_REGEX = Pattern.compile("\\b(print|printf|return)$");

  /** After these a {@code /} cannot be division, so it opens a regular expression. */
  private static final String OPERATORS = "(,~!{};&|\n=<>?:*%^[";

  private AwkProgram() {}

  static SideEffect check(String program) {
    String code = withoutLiterals(program);
    if (code.replace("||", "").contains("|") || code.contains("@")) {
      return UNKNOWN;
    }
    // Searched in the whole program as well, in case a literal was not read as awk reads it.
    if (SYSTEM.matcher(program).find()) {
      return UNKNOWN;
    }
    Matcher print = PRINT.matcher(code);
    while (print.find()) {
      int end = print.end();
      while (end < code.length() && ";}\n".indexOf(code.charAt(end)) < 0) {
        end++;
      }
      if (code.substring(print.end(), end).contains(">")) {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }

  /** The program with each string replaced by {@code S}, each regex by {@code R}, comments cut. */
  private static String withoutLiterals(String program) {
    StringBuilder code = new StringBuilder();
    int i = 0;
    while (i < program.length()) {
      char c = program.charAt(i);
      if (c == '"') {
        i = skipPast(program, i + 1, '"');
        code.append('S');
      } else if (c == '/' && regexMayStart(code)) {
        i = skipPast(program, i + 1, '/');
        code.append('R');
      } else if (c == '#') {
        while (i < program.length() && program.charAt(i) != '\n') {
          i++;
        }
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }

  /**
   * Whether a {@code /} here opens a regular expression rather than dividing, the way awk's lexer
   * decides: after an operator or {@code print}, not after an operand or {@code ++}/{@code --}.
   */
  private static boolean regexMayStart(StringBuilder code) {
    int end = code.length();
    while (end > 0 && (code.charAt(end - 1) == ' ' || code.charAt(end - 1) == '\t')) {
      end--;
    }
    if (end == 0) {
      return true;
    }
    char last = code.charAt(end - 1);
    if (last == '+' || last == '-') {
      return end < 2 || code.charAt(end - 2) != last;
    }
    return OPERATORS.indexOf(last) >= 0
        || KEYWORD_BEFORE_REGEX.matcher(code.subSequence(0, end)).find();
  }

  private static int skipPast(String text, int from, char end) {
    int i = from;
    while (i < text.length()) {
      char c = text.charAt(i++);
      if (c == '\\') {
        i++;
      } else if (c == end) {
        return i;
      }
    }
    return i;
  }
}
