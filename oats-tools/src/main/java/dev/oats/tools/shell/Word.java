package dev.oats.tools.shell;

import java.util.regex.Pattern;

/**
 * One shell word after quote removal. Expansions ({@code $X}, {@code $(…)}, backticks) stay in the
 * text as written, since their values are not known before the command runs.
 *
 * @param text the word with quotes removed and expansions left as written
 * @param raw the word as it appears in the source, quotes and all
 * @param expanded whether the word holds any expansion
 * @param splittable whether an expansion is unquoted, so the shell may split it into several words
 * @param literalPrefix how many characters of {@code text} come before the first expansion
 */
record Word(String text, String raw, boolean expanded, boolean splittable, int literalPrefix) {

  private static final Pattern ASSIGNMENT =
      Pattern.compile("^[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?=.*", Pattern.DOTALL);

  /** A word made of plain text, such as one produced by a wrapper command. */
  static Word literal(String text) {
    return new Word(text, text, false, false, text.length());
  }

  /** A word whose value cannot be known, such as the arguments {@code xargs} appends. */
  static Word unknown() {
    return new Word("<input>", "<input>", true, true, 0);
  }

  boolean isLiteral() {
    return !expanded;
  }

  /**
   * Whether the shell could turn this word into something a command reads differently from its
   * text: several words, or an option. {@code "--namespace=$NS"} is not opaque (it stays one
   * option); {@code $ARGS}, {@code "$OPT"} and {@code -$FLAGS} are.
   */
  boolean isOpaque() {
    if (!expanded) {
      return false;
    }
    if (splittable || literalPrefix == 0) {
      return true;
    }
    return text.charAt(0) == '-' && !text.substring(0, literalPrefix).contains("=");
  }

  /** Whether this is a variable assignment such as {@code FOO=bar} in front of a command. */
  boolean isAssignment() {
    return ASSIGNMENT.matcher(raw).matches();
  }

  /** The part of this word from {@code index} on, such as the value of {@code --output=file}. */
  Word from(int index) {
    String rest = text.substring(index);
    int prefix = Math.max(0, literalPrefix - index);
    return new Word(rest, rest, expanded && prefix < rest.length(), splittable, prefix);
  }
}
