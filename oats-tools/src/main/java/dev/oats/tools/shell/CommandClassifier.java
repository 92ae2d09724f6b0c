package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.List;
import java.util.Set;

/**
 * Decides what a bash command line would do to the world before it runs, so that only commands that
 * merely read run without an approval.
 *
 * <p>The line is parsed the way bash would split it (pipelines, lists, subshells, substitutions,
 * quoting, redirections, here-documents), and every simple command in it is judged, including those
 * inside {@code $( … )}, backticks and {@code sh -c '…'}, and those that wrappers such as {@code
 * env}, {@code timeout}, {@code xargs} and {@code sudo} run. The line is {@link
 * SideEffect#READ_ONLY} only when every one of them is known to only read; it is {@link
 * SideEffect#MUTATING} when any is a known writer (or writes a file through a redirection), and
 * {@link SideEffect#UNKNOWN} otherwise, including when it cannot be parsed.
 */
public final class CommandClassifier {

  /** Deep enough for {@code sudo timeout 5 sh -c 'xargs …'}; deeper is treated as unknown. */
  private static final int MAX_DEPTH = 10;

  private static final Set<String> STANDARD_DIRECTORIES =
      Set.of("/bin", "/usr/bin", "/usr/local/bin", "/sbin", "/usr/sbin", "/usr/local/sbin");

  /** Reserved words that only frame the command after them. */
  private static final Set<String> FRAMING_WORDS =
      Set.of("!", "{", "}", "if", "then", "else", "elif", "fi", "while", "until", "do", "done");

  private CommandClassifier() {}

  /** The side effect of running {@code commandLine} with {@code bash -c}. */
  public static SideEffect classify(String commandLine) {
    return new Classification(0).script(commandLine);
  }

  /**
   * The side effect of running a program directly with these arguments, no shell involved: each
   * element is one literal word, so nothing in it is expanded or split.
   */
  public static SideEffect classify(List<String> argv) {
    return new Classification(0).argv(argv.stream().map(Word::literal).toList());
  }

  private static SideEffect redirect(Redirect redirect) {
    Word target = redirect.target();
    return switch (redirect.operator()) {
      case "<", "<<", "<<-", "<<<" -> READ_ONLY;
      case "<&" -> isDescriptor(target) ? READ_ONLY : UNKNOWN;
      case ">&" -> isDescriptor(target) || Effects.isSink(target) ? READ_ONLY : MUTATING;
      default -> Effects.isSink(target) ? READ_ONLY : MUTATING;
    };
  }

  private static boolean isDescriptor(Word target) {
    return target.isLiteral() && target.text().matches("\\d+-?|-");
  }

  /** The command's name without its directory, or null when it lives somewhere unexpected. */
  private static String commandName(String word) {
    int slash = word.lastIndexOf('/');
    if (slash < 0) {
      return word;
    }
    String directory = slash == 0 ? "/" : word.substring(0, slash);
    return STANDARD_DIRECTORIES.contains(directory) ? word.substring(slash + 1) : null;
  }

  /** One level of nesting: the commands a wrapper runs are judged one level deeper. */
  private record Classification(int depth) implements CommandRule.Nested {

    @Override
    public SideEffect script(String text) {
      if (depth > MAX_DEPTH) {
        return UNKNOWN;
      }
      List<SimpleCommand> commands;
      try {
        commands = ShellParser.parse(text);
      } catch (ShellSyntaxException e) {
        return UNKNOWN;
      }
      return commands.stream().map(this::command).reduce(READ_ONLY, Effects::worst);
    }

    private SideEffect command(SimpleCommand command) {
      SideEffect effect =
          command.redirects().stream()
              .map(CommandClassifier::redirect)
              .reduce(READ_ONLY, Effects::worst);
      List<Word> words = command.words();
      int first = 0;
      for (; first < words.size() && words.get(first).isAssignment(); first++) {
        String raw = words.get(first).raw();
        if (Variables.isRisky(raw.substring(0, raw.indexOf('=')))) {
          effect = Effects.worst(effect, UNKNOWN);
        }
      }
      return Effects.worst(effect, argv(words.subList(first, words.size())));
    }

    @Override
    public SideEffect argv(List<Word> words) {
      if (depth > MAX_DEPTH) {
        return UNKNOWN;
      }
      int first = 0;
      while (first < words.size()
          && words.get(first).isLiteral()
          && FRAMING_WORDS.contains(words.get(first).text())) {
        first++;
      }
      if (first == words.size()) {
        return READ_ONLY;
      }
      Word head = words.get(first);
      if (!head.isLiteral()) {
        return UNKNOWN;
      }
      if (head.text().equals("for") || head.text().equals("[[")) {
        return READ_ONLY;
      }
      String name = commandName(head.text());
      if (name == null) {
        return UNKNOWN;
      }
      return CommandRules.forCommand(name)
          .classify(words.subList(first + 1, words.size()), new Classification(depth + 1));
    }
  }
}
