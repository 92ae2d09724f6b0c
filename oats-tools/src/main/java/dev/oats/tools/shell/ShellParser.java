package dev.oats.tools.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a bash command line into the simple commands it would run, the way bash splits it: words
 * with quoting and escapes, pipelines and lists ({@code | && || ; &} and newlines), subshells,
 * command and process substitutions, backticks, redirections and here-documents. Every command that
 * may run comes out in one flat list, because a classifier must judge them all, whichever branch
 * runs.
 *
 * <p>It does not evaluate anything. Constructs it does not model ({@code case}, function
 * definitions) are syntax errors here, so their side effect is unknown.
 */
final class ShellParser {

  private static final String METACHARS = " \t\n;&|<>()";
  private static final String[] REDIRECT_OPERATORS = {
    "&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", "<", ">>", ">|", ">&", ">"
  };

  private final String src;
  private final List<SimpleCommand> out;
  private final List<HereDocument> hereDocuments = new ArrayList<>();
  private final List<int[]> subshells = new ArrayList<>();
  private int pos;

  /**
   * How deep the reading is in subshells, substitutions and parameter expansions (those of the
   * enclosing backquotes included). Each level is a few frames of recursion: bounded, so that a
   * line of a few kilobytes ({@code $($($(…} ten thousand deep) is refused as unparsable instead of
   * throwing StackOverflowError out of the classifier, which ended the whole investigation.
   */
  private int nesting;

  /** Deeper than any command line a person writes. */
  static final int MAX_NESTING = 100;

  private record HereDocument(String delimiter, boolean quoted, boolean stripTabs) {}

  private ShellParser(String src, List<SimpleCommand> out, int nesting) {
    this.src = src;
    this.out = out;
    this.nesting = nesting;
  }

  /** The simple commands in {@code script}, including those inside substitutions. */
  static List<SimpleCommand> parse(String script) throws ShellSyntaxException {
    List<SimpleCommand> commands = new ArrayList<>();
    new ShellParser(script, commands, 0).parseList(false);
    return List.copyOf(commands);
  }

  /** Reads commands up to the end, or up to the ')' closing a subshell or substitution. */
  private void parseList(boolean nested) throws ShellSyntaxException {
    if (!nested) {
      parseCommands(false);
      return;
    }
    enter();
    try {
      parseCommands(true);
    } finally {
      nesting--;
    }
  }

  /** A parser of text inside this one's (backquotes, an arithmetic expression, a here-document). */
  private ShellParser child(String text) throws ShellSyntaxException {
    if (nesting + 1 > MAX_NESTING) {
      throw new ShellSyntaxException("nested more than " + MAX_NESTING + " levels deep", pos);
    }
    return new ShellParser(text, out, nesting + 1);
  }

  private void enter() throws ShellSyntaxException {
    if (++nesting > MAX_NESTING) {
      throw new ShellSyntaxException("nested more than " + MAX_NESTING + " levels deep", pos);
    }
  }

  private void parseCommands(boolean nested) throws ShellSyntaxException {
    CommandBuilder current = new CommandBuilder();
    while (true) {
      skipBlanks();
      if (pos >= src.length()) {
        if (nested) {
          throw new ShellSyntaxException("missing ')'", pos);
        }
        current.finish();
        return;
      }
      char c = src.charAt(pos);
      if (current.conditional && "&|<>()".indexOf(c) >= 0) {
        current.add(conditionalOperator());
        continue;
      }
      switch (c) {
        case '#' -> skipComment();
        case '\n' -> {
          pos++;
          current = current.finish();
          readHereDocuments();
        }
        case ';' -> {
          pos++;
          if (at(";")) {
            throw new ShellSyntaxException("';;' (a case statement) is not supported", pos);
          }
          current = current.finish();
        }
        case '&' -> {
          if (at("&>")) {
            redirect(current);
          } else {
            boolean background = !at("&&");
            pos += background ? 1 : 2;
            current = current.finish(background);
          }
        }
        case '|' -> {
          pos += at("||") || at("|&") ? 2 : 1;
          current = current.finish();
        }
        case '(' -> {
          if (!current.words.isEmpty()) {
            throw new ShellSyntaxException("'(' after a command word is not supported", pos);
          }
          pos++;
          int before = out.size();
          parseList(true);
          subshells.add(new int[] {before, out.size()});
        }
        case ')' -> {
          if (!nested) {
            throw new ShellSyntaxException("unexpected ')'", pos);
          }
          pos++;
          current.finish();
          return;
        }
        case '<', '>' -> {
          if (atProcessSubstitution()) {
            current.add(word());
          } else {
            redirect(current);
          }
        }
        default -> wordOrNumberedRedirect(current);
      }
    }
  }

  private void wordOrNumberedRedirect(CommandBuilder current) throws ShellSyntaxException {
    Word word = word();
    boolean descriptor = !word.raw().isEmpty() && word.raw().chars().allMatch(Character::isDigit);
    if (descriptor && pos < src.length() && "<>".indexOf(src.charAt(pos)) >= 0) {
      redirect(current);
    } else {
      current.add(word);
    }
  }

  private Word conditionalOperator() {
    int length = at("&&") || at("||") ? 2 : 1;
    String operator = src.substring(pos, pos + length);
    pos += length;
    return Word.literal(operator);
  }

  private void redirect(CommandBuilder current) throws ShellSyntaxException {
    String operator = null;
    for (String candidate : REDIRECT_OPERATORS) {
      if (at(candidate)) {
        operator = candidate;
        break;
      }
    }
    if (operator == null) {
      throw new ShellSyntaxException("unknown redirection", pos);
    }
    pos += operator.length();
    skipBlanks();
    if (pos >= src.length()
        || (METACHARS.indexOf(src.charAt(pos)) >= 0 && !atProcessSubstitution())) {
      throw new ShellSyntaxException("redirection '" + operator + "' without a target", pos);
    }
    Word target = word();
    if (operator.equals("<<") || operator.equals("<<-")) {
      boolean quoted = target.raw().chars().anyMatch(ch -> ch == '\'' || ch == '"' || ch == '\\');
      hereDocuments.add(new HereDocument(target.text(), quoted, operator.equals("<<-")));
    }
    current.redirects.add(new Redirect(operator, target));
  }

  private Word word() throws ShellSyntaxException {
    int start = pos;
    WordBuilder word = new WordBuilder();
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (word.text.isEmpty() && !word.expanded && atProcessSubstitution()) {
        pos += 2;
        parseList(true);
        word.expansion(src.substring(start, pos), true);
        continue;
      }
      if (METACHARS.indexOf(c) >= 0) {
        break;
      }
      switch (c) {
        case '\\' -> backslash(word);
        case '\'' -> singleQuoted(word);
        case '"' -> {
          pos++;
          doubleQuoted(word, '"');
        }
        case '$' -> dollar(word, false);
        case '`' -> backticks(word, false);
        default -> {
          word.unquoted(c);
          pos++;
        }
      }
    }
    return word.build(src.substring(start, pos));
  }

  private void backslash(WordBuilder word) {
    if (pos + 1 >= src.length()) {
      word.text.append('\\');
      pos++;
    } else {
      char next = src.charAt(pos + 1);
      if (next != '\n') {
        word.text.append(next);
      }
      pos += 2;
    }
  }

  private void singleQuoted(WordBuilder word) throws ShellSyntaxException {
    int end = src.indexOf('\'', pos + 1);
    if (end < 0) {
      throw new ShellSyntaxException("unterminated single quote", pos);
    }
    word.text.append(src, pos + 1, end);
    pos = end + 1;
  }

  /**
   * Reads the inside of double quotes up to {@code terminator}, or to the end of the source when
   * the terminator is NUL (the body of a here-document, which expands the same way).
   */
  private void doubleQuoted(WordBuilder word, char terminator) throws ShellSyntaxException {
    while (true) {
      if (pos >= src.length()) {
        if (terminator == '"') {
          throw new ShellSyntaxException("unterminated double quote", pos);
        }
        return;
      }
      char c = src.charAt(pos);
      if (c == terminator) {
        pos++;
        return;
      }
      switch (c) {
        case '\\' -> {
          char next = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
          if ("$`\"\\\n".indexOf(next) >= 0 && next != 0) {
            if (next != '\n') {
              word.text.append(next);
            }
            pos += 2;
          } else {
            word.text.append('\\');
            pos++;
          }
        }
        case '$' -> dollar(word, true);
        case '`' -> backticks(word, true);
        default -> {
          word.text.append(c);
          pos++;
        }
      }
    }
  }

  private void dollar(WordBuilder word, boolean quoted) throws ShellSyntaxException {
    int start = pos;
    pos++;
    char c = pos < src.length() ? src.charAt(pos) : 0;
    if (c == '\'' && !quoted) {
      ansiCQuoted(word);
      return;
    }
    if (c == '"' && !quoted) {
      pos++;
      doubleQuoted(word, '"');
      return;
    }
    if (c == '(' && pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
      arithmetic();
    } else if (c == '(') {
      pos++;
      parseList(true);
    } else if (c == '{') {
      parameterExpansion(quoted);
    } else if (Character.isLetter(c) || c == '_') {
      while (pos < src.length() && isNameChar(src.charAt(pos))) {
        pos++;
      }
    } else if (c != 0 && (Character.isDigit(c) || "@*#?$!-".indexOf(c) >= 0)) {
      pos++;
    } else {
      word.text.append('$');
      return;
    }
    word.expansion(src.substring(start, pos), quoted);
  }

  /** {@code $'…'}: taken as written unless it holds escapes, which could spell anything. */
  private void ansiCQuoted(WordBuilder word) throws ShellSyntaxException {
    int start = pos - 1;
    StringBuilder content = new StringBuilder();
    boolean escapes = false;
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new ShellSyntaxException("unterminated $'' string", start);
      }
      char c = src.charAt(pos);
      if (c == '\'') {
        pos++;
        break;
      }
      if (c == '\\' && pos + 1 < src.length()) {
        escapes = true;
        content.append(c).append(src.charAt(pos + 1));
        pos += 2;
      } else {
        content.append(c);
        pos++;
      }
    }
    if (escapes) {
      word.expansion(src.substring(start, pos), true);
    } else {
      word.text.append(content);
    }
  }

  private void arithmetic() throws ShellSyntaxException {
    int start = pos;
    int depth = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos++);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        String expression = src.substring(start + 2, pos - 2);
        child(expression).doubleQuoted(new WordBuilder(), (char) 0);
        return;
      }
    }
    throw new ShellSyntaxException("unterminated $((", start);
  }

  private void parameterExpansion(boolean quoted) throws ShellSyntaxException {
    enter();
    try {
      readParameterExpansion(quoted);
    } finally {
      nesting--;
    }
  }

  private void readParameterExpansion(boolean quoted) throws ShellSyntaxException {
    int start = pos;
    WordBuilder scratch = new WordBuilder();
    int depth = 0;
    while (pos < src.length()) {
      char c = src.charAt(pos);
      switch (c) {
        case '{' -> {
          depth++;
          pos++;
        }
        case '}' -> {
          pos++;
          if (--depth == 0) {
            return;
          }
        }
        case '\\' -> pos += 2;
        case '\'' -> {
          if (quoted) {
            pos++;
          } else {
            singleQuoted(scratch);
          }
        }
        case '"' -> {
          pos++;
          doubleQuoted(scratch, '"');
        }
        case '$' -> dollar(scratch, true);
        case '`' -> backticks(scratch, true);
        default -> pos++;
      }
    }
    throw new ShellSyntaxException("unterminated ${", start);
  }

  private void backticks(WordBuilder word, boolean quoted) throws ShellSyntaxException {
    int start = pos;
    StringBuilder inner = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= src.length()) {
        throw new ShellSyntaxException("unterminated backquote", start);
      }
      char c = src.charAt(pos);
      if (c == '`') {
        pos++;
        break;
      }
      char next = pos + 1 < src.length() ? src.charAt(pos + 1) : 0;
      if (c == '\\' && (next == '$' || next == '`' || next == '\\' || (quoted && next == '"'))) {
        inner.append(next);
        pos += 2;
      } else {
        inner.append(c);
        pos++;
      }
    }
    child(inner.toString()).parseList(false);
    word.expansion(src.substring(start, pos), quoted);
  }

  private void readHereDocuments() throws ShellSyntaxException {
    for (HereDocument document : hereDocuments) {
      StringBuilder body = new StringBuilder();
      while (pos < src.length()) {
        int newline = src.indexOf('\n', pos);
        int end = newline < 0 ? src.length() : newline;
        String line = src.substring(pos, end);
        pos = newline < 0 ? src.length() : newline + 1;
        String candidate = document.stripTabs() ? line.replaceFirst("^\t+", "") : line;
        if (candidate.equals(document.delimiter())) {
          break;
        }
        body.append(line).append('\n');
      }
      if (!document.quoted()) {
        child(body.toString()).doubleQuoted(new WordBuilder(), (char) 0);
      }
    }
    hereDocuments.clear();
  }

  private void skipBlanks() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ' ' || c == '\t') {
        pos++;
      } else if (at("\\\n")) {
        pos += 2;
      } else {
        return;
      }
    }
  }

  private void skipComment() {
    int newline = src.indexOf('\n', pos);
    pos = newline < 0 ? src.length() : newline;
  }

  private boolean at(String text) {
    return src.startsWith(text, pos);
  }

  private boolean atProcessSubstitution() {
    return at("<(") || at(">(");
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private final class CommandBuilder {
    private final List<Word> words = new ArrayList<>();
    private final List<Redirect> redirects = new ArrayList<>();

    /** Inside {@code [[ … ]]}, where {@code && < > ( )} are operands, not shell syntax. */
    private boolean conditional;

    void add(Word word) {
      words.add(word);
      if (word.raw().equals("[[")) {
        conditional = true;
      } else if (word.raw().equals("]]")) {
        conditional = false;
      }
    }

    CommandBuilder finish() {
      return finish(false);
    }

    /**
     * Ends the command. {@code ( … ) &} sends the whole subshell to the background, so every
     * command in the subshell just closed is marked.
     */
    CommandBuilder finish(boolean background) {
      if (!words.isEmpty() || !redirects.isEmpty()) {
        out.add(new SimpleCommand(words, redirects, background));
      } else if (background && !subshells.isEmpty()) {
        int[] last = subshells.getLast();
        for (int i = last[0]; i < last[1]; i++) {
          SimpleCommand inside = out.get(i);
          out.set(i, new SimpleCommand(inside.words(), inside.redirects(), true));
        }
      } else if (background) {
        out.add(new SimpleCommand(List.of(Word.literal("&")), List.of(), true));
      }
      return new CommandBuilder();
    }
  }

  private static final class WordBuilder {
    private final StringBuilder text = new StringBuilder();
    private boolean expanded;
    private boolean splittable;
    private int literalPrefix;
    private int openBrace = -1;
    private boolean braceSeparator;

    /**
     * An unquoted character. {@code {a,b}} and {@code {1..3}} are brace expansions, which turn one
     * word into several: {@code sort {-o,out}} is {@code sort -o out}.
     */
    void unquoted(char c) {
      if (c == '{') {
        openBrace = text.length();
        braceSeparator = false;
      } else if (openBrace >= 0 && (c == ',' || c == '.')) {
        braceSeparator = true;
      } else if (c == '}' && openBrace >= 0 && braceSeparator) {
        if (!expanded) {
          literalPrefix = openBrace;
        }
        expanded = true;
        splittable = true;
      }
      text.append(c);
    }

    void expansion(String source, boolean quoted) {
      if (!expanded) {
        literalPrefix = text.length();
      }
      expanded = true;
      splittable |= !quoted;
      text.append(source);
    }

    Word build(String raw) {
      return new Word(
          text.toString(), raw, expanded, splittable, expanded ? literalPrefix : text.length());
    }
  }
}
