package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Checks over a whole command line that no rule of a single command can make, because the danger is
 * in what the commands do together or in the paths they are given:
 *
 * <ul>
 *   <li>backgrounding ({@code &}): a process meant to outlive the call;
 *   <li>{@code /proc} beyond the system-wide files: another process's environment or memory (OATS's
 *       own keys among them), whichever command reads it;
 *   <li>bash's {@code /dev/tcp} and {@code /dev/udp} redirections, which open connections;
 *   <li>Secrets printed whole by kubectl ({@code -o yaml}) and passed to another command, which may
 *       drop the {@code kind: Secret} line that tells the redactor their values are secret;
 *   <li>a file holding secrets (by its name, or by its content as the redactor sees it) read by a
 *       line that also runs a command that may transform what it reads ({@code base64}, {@code
 *       rev}, {@code od}, {@code cut}, {@code tr}, {@code sed}, ...), since the redactor cannot
 *       recognise a secret once it is encoded, reversed or cut up.
 * </ul>
 *
 * Each makes the line {@link SideEffect#UNKNOWN}, so it needs an approval.
 */
final class LineRules {

  /**
   * Commands the classifier lets run unapproved that can encode, reorder or cut up what they read,
   * so their output no longer looks like the secret it holds.
   */
  private static final Set<String> TRANSFORMERS =
      Set.of(
          "base64",
          "base32",
          "basenc",
          "rev",
          "od",
          "xxd",
          "hexdump",
          "hd",
          "cut",
          "tr",
          "fold",
          "paste",
          "column",
          "expand",
          "unexpand",
          "fmt",
          "pr",
          "sed",
          "awk",
          "gawk",
          "mawk",
          "nawk",
          "strings",
          "jq",
          "yq",
          "printf",
          "numfmt",
          "join",
          "comm",
          "iconv",
          "tac",
          "shuf",
          "split",
          "look",
          "sum",
          "uuencode",
          "expr",
          // they cut a word at its last '/': basename "$(cat .env)" prints the end of a value
          // without the key that marks it secret
          "basename",
          "dirname");

  /** Commands that read the files they are given, so an unknown operand may be a secret file. */
  private static final Set<String> FILE_READERS =
      Set.of(
          "cat", "nl", "head", "tail", "grep", "egrep", "fgrep", "zgrep", "zcat", "less", "more",
          "sort", "uniq", "diff", "xargs", "find", "rg", "file", "wc");

  /** Commands that run another command given as their arguments. */
  private static final Set<String> WRAPPERS =
      Set.of(
          "xargs", "env", "timeout", "nice", "stdbuf", "nohup", "time", "command", "builtin",
          "sudo", "doas", "watch", "find");

  /** Shells that run a script given as an argument ({@code -c}). */
  private static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh");

  /** Commands whose bare operands are directories, as in {@code cd proc}. */
  private static final Set<String> DIRECTORY_TAKERS = Set.of("cd", "pushd", "find", "ls");

  /** Commands that pass what they read on whole, as the redactor must see a manifest. */
  private static final Set<String> PASS_THROUGH = Set.of("cat", "less", "more");

  private static final Set<String> GREPS = Set.of("grep", "egrep", "fgrep", "zgrep");

  /** Reserved words that only frame the command after them, as {@link CommandClassifier} skips. */
  private static final Set<String> FRAMING_WORDS =
      Set.of("!", "{", "}", "if", "then", "else", "elif", "fi", "while", "until", "do", "done");

  private LineRules() {}

  static SideEffect check(List<SimpleCommand> commands, ShellPolicy policy) {
    List<String> directories = directories(commands);
    for (SimpleCommand command : commands) {
      if (command.background()
          || reachesProcOrSocket(command)
          || leadsAway(command, directories, policy)) {
        return UNKNOWN;
      }
    }
    // A Secret's values are hidden by the manifest around them: another command may drop it.
    if (commands.stream().anyMatch(LineRules::printsSecretObjects)
        && commands.stream()
            .anyMatch(
                command ->
                    !printsSecretObjects(command)
                        && !name(command).isEmpty() // a group's closing '}'
                        && !PASS_THROUGH.contains(name(command)))) {
      return UNKNOWN;
    }
    boolean transforms = commands.stream().anyMatch(LineRules::transforms);
    if (transforms
        && commands.stream().anyMatch(command -> readsSecrets(command, directories, policy))) {
      return UNKNOWN;
    }
    return READ_ONLY;
  }

  /** Whether the command runs kubectl or helm (maybe through a wrapper) to print Secrets whole. */
  private static boolean printsSecretObjects(SimpleCommand command) {
    List<Word> words = command.words();
    for (int i = 0; i < words.size(); i++) {
      String name = baseName(words.get(i).text());
      if (name.equals("kubectl") || name.equals("oc")) {
        return KubernetesRules.printsSecretObjects(words.subList(i + 1, words.size()));
      }
      if (name.equals("helm")) {
        // a release's manifests and hooks (their Secrets whole) and values, or a rendered chart
        List<String> rest = words.subList(i + 1, words.size()).stream().map(Word::text).toList();
        return rest.contains("template")
            || (rest.contains("get")
                && (rest.contains("manifest")
                    || rest.contains("all")
                    || rest.contains("values")
                    || rest.contains("hooks")));
      }
    }
    return false;
  }

  private static boolean reachesProcOrSocket(SimpleCommand command) {
    boolean bare = DIRECTORY_TAKERS.contains(name(command));
    List<Word> words = command.words();
    for (int i = 0; i < words.size(); i++) {
      if (SensitivePaths.reachesProc(words.get(i), bare && i > 0)) {
        return true;
      }
    }
    for (Redirect redirect : command.redirects()) {
      if (SensitivePaths.reachesProc(redirect.target(), false)
          || SensitivePaths.isSocket(redirect.target())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The directories the line changes to ({@code cd config && base64 values.yaml}): a relative path
   * is looked for in each of them as well as in the working directory.
   */
  private static List<String> directories(List<SimpleCommand> commands) {
    List<String> directories = new java.util.ArrayList<>();
    for (SimpleCommand command : commands) {
      String name = name(command);
      if (name.equals("cd") || name.equals("pushd")) {
        command.words().stream()
            .skip(firstWord(command) + 1L)
            .filter(word -> word.isLiteral() && !word.text().startsWith("-"))
            .forEach(word -> directories.add(word.text()));
      }
    }
    return directories;
  }

  /** Whether {@code test} holds for the path, taken as it is or inside one of the directories. */
  private static boolean anywhere(
      String path, List<String> directories, java.util.function.Predicate<String> test) {
    if (test.test(path)) {
      return true;
    }
    if (path.startsWith("/") || path.startsWith("~")) {
      return false;
    }
    for (String directory : directories) {
      if (test.test(directory + "/" + path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a literal word of the command (an operand, an option's value, a redirection's target)
   * leads through a symbolic link into {@code /proc} or to what OATS hides from its tools.
   */
  private static boolean leadsAway(
      SimpleCommand command, List<String> directories, ShellPolicy policy) {
    for (Word word : command.words()) {
      if (!word.isLiteral() || word.text().isEmpty()) {
        continue;
      }
      String text = word.text();
      int equals = text.indexOf('=');
      String path = text.startsWith("-") ? (equals > 0 ? text.substring(equals + 1) : "") : text;
      if (!path.isEmpty() && anywhere(path, directories, policy.leadsAway())) {
        return true;
      }
    }
    for (Redirect redirect : command.redirects()) {
      Word target = redirect.target();
      if (target.isLiteral() && anywhere(target.text(), directories, policy.leadsAway())) {
        return true;
      }
    }
    return false;
  }

  /** Whether the command may read a file that holds secrets, by what the words name. */
  private static boolean readsSecrets(
      SimpleCommand command, List<String> directories, ShellPolicy policy) {
    String name = name(command);
    boolean reader = FILE_READERS.contains(name) || TRANSFORMERS.contains(name);
    if (name.equals("rg")
        || name.equals("xargs")
        || gitGrep(command)
        || recursiveGrep(command)
        || findRuns(command)
        || programReadsFiles(command)) {
      return true;
    }
    for (Word word : command.words()) {
      if ((reader && word.isOpaque()) || SensitivePaths.namesSecretFile(word)) {
        return true;
      }
      if (word.isLiteral()
          && !word.text().startsWith("-")
          && anywhere(word.text(), directories, policy.holdsSecrets())) {
        return true;
      }
    }
    for (Redirect redirect : command.redirects()) {
      Word target = redirect.target();
      boolean input = redirect.operator().startsWith("<") && !redirect.operator().startsWith("<<");
      if (input
          && (target.isOpaque()
              || SensitivePaths.namesSecretFile(target)
              || (target.isLiteral()
                  && anywhere(target.text(), directories, policy.holdsSecrets())))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the command may encode or cut up what it reads: a transformer, {@code head -c}, {@code
   * grep -o}, or a wrapper running one ({@code xargs base64}).
   */
  private static boolean transforms(SimpleCommand command) {
    String name = name(command);
    int first = Math.min(firstWord(command) + 1, command.words().size());
    List<Word> arguments = command.words().subList(first, command.words().size());
    if (TRANSFORMERS.contains(name)) {
      return true;
    }
    if (WRAPPERS.contains(name)) {
      return arguments.stream()
          .anyMatch(word -> TRANSFORMERS.contains(baseName(word.text())) || word.isOpaque());
    }
    // A shell's script reads the shell's input: in 'sh -c base64 < .env' the script alone shows
    // no secret and the line alone no transform.
    if (SHELLS.contains(name)) {
      return arguments.stream()
          .anyMatch(
              word ->
                  word.isOpaque()
                      || Arrays.stream(word.text().split("[^A-Za-z0-9_.-]+"))
                          .anyMatch(part -> TRANSFORMERS.contains(part)));
    }
    // bash's own cutting and rewriting: ${l:3}, ${l//a/b}, ${l^^}, ${l#*=}, ${l@Q}
    if (command.words().stream().anyMatch(LineRules::rewritesExpansion)
        || command.redirects().stream().anyMatch(r -> rewritesExpansion(r.target()))) {
      return true;
    }
    return switch (name) {
      case "cmp" ->
          arguments.stream()
              .anyMatch(word -> word.text().matches("-[a-zA-Z]*[lb][a-zA-Z]*|--verbose|--print.*"));
      case "head", "tail" ->
          arguments.stream()
              .anyMatch(word -> word.text().matches("-[a-zA-Z]*c.*|--bytes.*|-[0-9]+c"));
      case "grep", "egrep", "fgrep", "zgrep", "rg" ->
          arguments.stream()
              .anyMatch(
                  word ->
                      word.text().matches("-[a-zA-Z]*[ob][a-zA-Z]*|--only.*|--byte.*|--replace.*")
                          || (name.equals("rg") && word.text().matches("-[a-zA-Z]*r.*")));
      default -> false;
    };
  }

  /** A parameter expansion that cuts or rewrites the value, not one that only reads it. */
  private static final java.util.regex.Pattern REWRITING_EXPANSION =
      java.util.regex.Pattern.compile("\\$\\{!?[A-Za-z_0-9@*]+(\\[[^]]*])?(:[^-=?+]|[/^,#%@])");

  private static boolean rewritesExpansion(Word word) {
    return word.expanded() && REWRITING_EXPANSION.matcher(word.text()).find();
  }

  /**
   * Programs that open files named inside their program text, where no word of the line names them:
   * awk's {@code getline < file}, yq's {@code load}, jq's {@code import} and {@code include}.
   */
  private static final java.util.regex.Pattern PROGRAM_READS_FILES =
      java.util.regex.Pattern.compile(
          "getline[^;{}|]*<|\\bload(_str|_xml|_props|_base64|_yaml|_json)?\\s*\\("
              + "|\\bimport\\s*\"|\\binclude\\s*\"");

  private static boolean programReadsFiles(SimpleCommand command) {
    return Set.of("awk", "gawk", "mawk", "nawk", "jq", "yq").contains(name(command))
        && command.words().stream()
            .anyMatch(word -> PROGRAM_READS_FILES.matcher(word.text()).find());
  }

  /**
   * {@code git grep}: it searches every tracked file of the repository (with {@code --no-index} or
   * {@code --untracked}, every file under the directory), as {@code grep -r} does, so a {@code
   * .env} it matches is read whatever the line names.
   */
  private static boolean gitGrep(SimpleCommand command) {
    return name(command).equals("git")
        && command.words().stream()
            .skip(firstWord(command) + 1L)
            .anyMatch(word -> word.isLiteral() && word.text().equals("grep"));
  }

  private static boolean findRuns(SimpleCommand command) {
    return name(command).equals("find")
        && command.words().stream()
            .anyMatch(word -> word.text().matches("-exec(dir)?|-ok(dir)?|-fprint.*|-printf"));
  }

  private static boolean recursiveGrep(SimpleCommand command) {
    return GREPS.contains(name(command))
        && command.words().stream()
            .anyMatch(
                word ->
                    word.text()
                        .matches("-[a-zA-Z]*[rR][a-zA-Z]*|--recursive|--dereference-recursive"));
  }

  /** The command's name without its directory, or "" when there is none. */
  private static String name(SimpleCommand command) {
    int first = firstWord(command);
    return first >= command.words().size() ? "" : baseName(command.words().get(first).text());
  }

  private static String baseName(String text) {
    return text.substring(text.lastIndexOf('/') + 1);
  }

  /**
   * The command's name word: past its assignments and the reserved words that only frame it ({@code
   * { base64 .env; }}, {@code ! rev .env}, {@code then}, {@code do}), which bash runs as the
   * command after them.
   */
  private static int firstWord(SimpleCommand command) {
    List<Word> words = command.words();
    int first = 0;
    while (first < words.size()
        && (words.get(first).isAssignment()
            || (words.get(first).isLiteral() && FRAMING_WORDS.contains(words.get(first).text())))) {
      first++;
    }
    return first;
  }
}
