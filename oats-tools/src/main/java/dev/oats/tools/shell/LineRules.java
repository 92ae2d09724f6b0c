package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

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
 *       recognise a secret once it is encoded, reversed or cut up;
 *   <li>output no one has read yet (a pod's log, an object, the environment, a journal, a fetched
 *       page) through an encoder ({@code base64}, {@code od}, {@code rev}, {@code tr a-z n-za-m}, a
 *       digest, jq's {@code @base64}, sed's {@code y///}), which hides from the redactor what it
 *       would have seen plain;
 *   <li>a file holding secrets searched, counted, compared or measured ({@code grep -q guess .env},
 *       {@code cmp}, {@code wc -c}, {@code [ "$(cat .env)" = guess ]}): the exit status, a count or
 *       whether a line is printed answers one guess at the secret a call.
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
    // Output no one has read yet (a pod's log, the environment, a fetched page) may hold a secret
    // the redactor would see plain; encoded, it would not.
    if (commands.stream().anyMatch(LineRules::encodes)
        && commands.stream().anyMatch(LineRules::revealsLiveOutput)) {
      return UNKNOWN;
    }
    // A value picked out of live output without the name that tells the redactor it is secret: a
    // container's env value or a ConfigMap's data printed bare by a kubectl template or a jq
    // program, or a log line about a password cut down to what follows '='.
    if (commands.stream().anyMatch(LineRules::selectsObjectValues)
        || (commands.stream().anyMatch(LineRules::printsClusterObjects)
            && commands.stream().anyMatch(LineRules::programSelectsObjectValues))
        || (commands.stream().anyMatch(LineRules::revealsLiveOutput)
            && commands.stream().anyMatch(LineRules::mentionsSecret)
            && commands.stream().anyMatch(c -> transforms(c) || grepsContext(c)))) {
      return UNKNOWN;
    }
    // A secret matched against a guess: the exit status, a count or whether a line is printed at
    // all tells whether the guess is in it, one guess a call ('grep -q hunter .env; echo $?').
    // A search is judged over files secret by their name (a log that quotes a password is still
    // searched at once); a comparison with what the model wrote, over files secret by content too.
    boolean compares = commands.stream().anyMatch(LineRules::compares);
    if ((compares || commands.stream().anyMatch(LineRules::searches))
        && commands.stream()
            .anyMatch(command -> namesSecrets(command, directories, policy, compares))) {
      return UNKNOWN;
    }
    return READ_ONLY;
  }

  /**
   * Commands whose output the redactor cannot read back: encodings, dumps, digests, reversals and
   * character maps. A secret in their input leaves them in a form no detector knows.
   */
  private static final Set<String> ENCODERS =
      Set.of(
          "base64",
          "base32",
          "basenc",
          "xxd",
          "od",
          "hexdump",
          "hd",
          "uuencode",
          "rev",
          "tr",
          "iconv",
          "recode",
          "fold",
          "md5sum",
          "sha1sum",
          "sha224sum",
          "sha256sum",
          "sha384sum",
          "sha512sum",
          "b2sum",
          "cksum",
          "sum",
          "shasum");

  /** jq's formats and builtins that encode the string they are given. */
  private static final Pattern JQ_ENCODING =
      Pattern.compile("@(base64|base32|uri|html|sh)\\b|\\b(explode|implode)\\b");

  /**
   * sed's character map ({@code y/abc/xyz/}), a replacement built around what matched ({@code s/./&
   * /g} spaces a secret out) and GNU sed's case conversions.
   */
  private static final Pattern SED_ENCODING =
      Pattern.compile("(^|[;{}\\s0-9$/!])y(.)|&|\\\\[ULEul1-9]");

  /**
   * awk's case maps, the formats that print a character as a number or a number as one (not after
   * {@code %%}, a percent sign; a blank flag before {@code o} or {@code c} only where no letter
   * follows: {@code "% of"} is text), and an {@code &} in a replacement ({@code gsub(/./, "& ")}
   * spaces a secret out; {@code &&} is logic) or gensub's back-references.
   */
  private static final Pattern AWK_ENCODING =
      Pattern.compile(
          "\\b(toupper|tolower|ord|chr)\\s*\\("
              + "|(?<!%)(%%)*%([-+#0-9.]*[cxXo]|[-+ #0-9.]*[xX]|[-+ #0-9.]*[co](?![a-zA-Z]))"
              + "|(?<![&\\\\])&(?!&)|\\\\[1-9]");

  /**
   * Whether the command encodes what it reads (not a decoding: {@code base64 -d}, {@code xxd -r}
   * give the redactor text to read), or a wrapper or shell runs an encoder.
   */
  private static boolean encodes(SimpleCommand command) {
    String name = name(command);
    int first = Math.min(firstWord(command) + 1, command.words().size());
    List<Word> arguments = command.words().subList(first, command.words().size());
    if (name.equals("tr")) {
      return !onlyDeletesQuotesOrControls(arguments)
          && arguments.stream()
              .anyMatch(word -> !word.text().startsWith("-") && !onlySeparators(word));
    }
    if (ENCODERS.contains(name)) {
      // each tool's own decoding flags; od, hexdump, hd, rev and iconv have none (od -d, xxd -d
      // print numbers)
      String decoding =
          switch (name) {
            case "base64", "base32", "basenc" -> "-[a-zA-Z]*d[a-zA-Z0-9]*|--decode";
            case "xxd" -> "-r|-rp|-pr|-revert|--revert";
            default -> null;
          };
      return decoding == null
          || arguments.stream().noneMatch(word -> word.text().matches(decoding));
    }
    if (name.equals("jq")) {
      return arguments.stream().anyMatch(word -> JQ_ENCODING.matcher(word.text()).find());
    }
    if (name.equals("sed")) {
      return arguments.stream().anyMatch(word -> SED_ENCODING.matcher(word.text()).find());
    }
    if (Set.of("awk", "gawk", "mawk", "nawk").contains(name)) {
      return arguments.stream().anyMatch(word -> AWK_ENCODING.matcher(word.text()).find());
    }
    if (WRAPPERS.contains(name) || SHELLS.contains(name)) {
      return arguments.stream()
          .anyMatch(
              word ->
                  word.isOpaque()
                      || Arrays.stream(word.text().split("[^A-Za-z0-9_.-]+"))
                          .anyMatch(ENCODERS::contains));
    }
    return false;
  }

  /**
   * tr deleting only quotes or control characters ({@code tr -d '"'}), or every character that is
   * not printable ({@code tr -cd '[:print:]\n'}): what is left reads as it did, a secret's name
   * beside its value.
   */
  private static boolean onlyDeletesQuotesOrControls(List<Word> arguments) {
    List<String> options =
        arguments.stream().map(Word::text).filter(text -> text.startsWith("-")).toList();
    List<Word> sets = arguments.stream().filter(word -> !word.text().startsWith("-")).toList();
    if (options.isEmpty()
        || !options.stream().allMatch(option -> option.matches("-[cCds]+"))
        || options.stream().noneMatch(option -> option.contains("d"))
        || sets.size() != 1
        || !sets.get(0).isLiteral()) {
      return false;
    }
    String set = sets.get(0).text();
    boolean complement = options.stream().anyMatch(option -> option.matches("-[ds]*[cC][ds]*"));
    if (complement) {
      return set.contains("[:print:]");
    }
    return set.replace("[:cntrl:]", "")
        .replaceAll("\\\\[ntr0]", "")
        .chars()
        .allMatch(c -> c == '"' || c == '\'' || c == '`' || c == '\r' || c == '\n');
  }

  /** A tr set that only touches blanks and separators: tr ' ' '\n', tr -d '\r', tr -s ' '. */
  private static boolean onlySeparators(Word word) {
    return word.isLiteral()
        && word.text()
            .replace("[:space:]", "")
            .replace("[:blank:]", "")
            .replaceAll("\\\\[ntr]", "")
            .chars()
            .allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == ';');
  }

  /**
   * Commands whose output comes only from the line itself (its words, the files it names, which the
   * content rule above judges, or what another command gives them): nothing live that the
   * classifier has not seen.
   */
  private static final Set<String> QUIET =
      Set.of(
          "",
          "echo",
          "printf",
          "ls",
          "date",
          "seq",
          "pwd",
          "true",
          "false",
          "test",
          "[",
          "[[",
          ":",
          "cd",
          "pushd",
          "popd",
          "dirs",
          "read",
          "sleep",
          "wc",
          "stat",
          "realpath",
          "readlink",
          "du",
          "df",
          "nproc",
          "uname",
          "whoami",
          "id",
          "groups",
          "sort",
          "uniq",
          "tee",
          "for",
          "yq",
          "file",
          "exit",
          "return",
          "shift",
          "break",
          "continue",
          "cal",
          "arch",
          "type",
          "which",
          "whereis",
          "unset",
          "find",
          "cmp",
          "diff",
          "head",
          "tail",
          "cat",
          "tac",
          "nl",
          "grep",
          "egrep",
          "fgrep",
          "zgrep",
          "zcat",
          "less",
          "more",
          "rg");

  /**
   * Whether the command brings in output that nothing has judged: a cluster's objects and logs, the
   * environment, a journal, a fetched page, another process. Every command not known to be quiet
   * does; jq's {@code env} and {@code $ENV} and awk's {@code ENVIRON} read the environment.
   */
  private static boolean revealsLiveOutput(SimpleCommand command) {
    String name = name(command);
    if (name.equals("jq")) {
      return command.words().stream()
          .anyMatch(word -> word.text().matches("(?s).*(\\$ENV|\\benv\\b).*"));
    }
    if (Set.of("awk", "gawk", "mawk", "nawk").contains(name)) {
      return command.words().stream().anyMatch(word -> word.text().contains("ENVIRON"));
    }
    if (SHELLS.contains(name)) {
      // its script's commands, as the shell runs them
      List<Word> words = command.words();
      for (int i = firstWord(command) + 1; i < words.size() - 1; i++) {
        if (words.get(i).text().matches("-[a-z]*c[a-z]*")) {
          Word script = words.get(i + 1);
          try {
            return !script.isLiteral()
                || ShellParser.parse(script.text()).stream().anyMatch(LineRules::revealsLiveOutput);
          } catch (ShellSyntaxException e) {
            return true;
          }
        }
      }
      return true;
    }
    if (WRAPPERS.contains(name) && !name.equals("find")) {
      // what the wrapper runs; env alone prints the environment
      List<Word> words = command.words();
      for (int i = firstWord(command) + 1; i < words.size(); i++) {
        Word word = words.get(i);
        String text = word.text();
        if (word.isOpaque()) {
          return true;
        }
        if (text.startsWith("-") || text.matches("[0-9.]+[smhd]?") || text.contains("=")) {
          continue;
        }
        return !QUIET.contains(baseName(text)) && !TRANSFORMERS.contains(baseName(text));
      }
      return name.equals("env");
    }
    return !QUIET.contains(name) && !TRANSFORMERS.contains(name) && !ENCODERS.contains(name);
  }

  /**
   * A field path that reaches a container's environment values or an object's data: {@code
   * .env[*].value}, {@code ..value}, {@code {{.value}}}, {@code .data.password}, {@code
   * stringData}.
   */
  private static final Pattern VALUE_FIELDS =
      Pattern.compile(
          "\\.\\.?\\s*(env|envFrom|value|data|stringData|binaryData)\\b"
              // bracket notation: ["env"], ['value']
              + "|\\[\\s*[\"'](env|envFrom|value|data|stringData|binaryData)[\"']\\s*]"
              // every field at once: jq's recursive descent (.. | strings, ..|scalars, [..]),
              // jsonpath's {..[*]} and .* wildcard, jq's tostream and getpath
              + "|(?<![.\\w])\\.\\.\\s*($|[|\\])},;?*\\[])|\\.\\*|\\b(tostream|getpath)\\b");

  /** Words that say the line is after a credential. */
  private static final Pattern SECRET_WORD =
      Pattern.compile(
          "(?i)passw|passwd|secret|token|credential|api[-_]?key|private[-_]?key|[-_.](pass|pwd)\\b");

  /** kubectl printing a field path (jsonpath, a template, custom columns) into values. */
  private static boolean selectsObjectValues(SimpleCommand command) {
    String name = name(command);
    return (name.equals("kubectl") || name.equals("oc"))
        && command.words().stream().anyMatch(word -> VALUE_FIELDS.matcher(word.text()).find());
  }

  private static boolean printsClusterObjects(SimpleCommand command) {
    return Set.of("kubectl", "oc", "helm").contains(name(command));
  }

  /** A jq or yq program that reaches into env values or data. */
  private static boolean programSelectsObjectValues(SimpleCommand command) {
    return Set.of("jq", "yq", "gojq", "jaq").contains(name(command))
        && command.words().stream().anyMatch(word -> VALUE_FIELDS.matcher(word.text()).find());
  }

  private static boolean mentionsSecret(SimpleCommand command) {
    return command.words().stream().anyMatch(word -> SECRET_WORD.matcher(word.text()).find());
  }

  /**
   * grep printing lines after a match, which another command can then drop; lines before it ({@code
   * -B}) cannot show a value that follows its name.
   */
  private static boolean grepsContext(SimpleCommand command) {
    return GREPS.contains(name(command))
        && command.words().stream()
            .anyMatch(word -> word.text().matches("-[a-zA-Z]*[AC][0-9]*|--(after-)?context.*"));
  }

  /** Commands that compare what they read with another text, or measure its length. */
  private static final Set<String> COMPARERS =
      Set.of("cmp", "diff", "sdiff", "diff3", "comm", "join");

  /** Pattern searches, and the counts and checks that tell whether lines repeat. */
  private static final Set<String> SEARCHERS =
      Set.of("grep", "egrep", "fgrep", "zgrep", "rg", "wc", "uniq", "look");

  /**
   * Whether the command compares what it reads with another text or takes its length: {@code cmp},
   * {@code diff}, {@code comm}, {@code join}, a test or {@code [[ ]]} over an expansion, bash's
   * {@code ${#var}}.
   */
  private static boolean compares(SimpleCommand command) {
    String name = name(command);
    if (command.words().stream().anyMatch(word -> word.expanded() && word.text().contains("${#"))) {
      return true;
    }
    return COMPARERS.contains(name)
        || (Set.of("test", "[", "[[").contains(name)
            && command.words().stream().anyMatch(Word::expanded));
  }

  /**
   * Whether the command matches a pattern or counts: whether a line is printed, how many, and the
   * exit status each answer a guess.
   */
  private static boolean searches(SimpleCommand command) {
    String name = name(command);
    return SEARCHERS.contains(name)
        || gitGrep(command)
        || (name.equals("sort")
            && command.words().stream()
                .anyMatch(
                    word -> word.text().matches("-[a-zA-Z]*[cCu][a-zA-Z]*|--check.*|--unique")));
  }

  /**
   * Whether the command reads a file it names that holds secrets by its name ({@code .env}, a
   * credentials file, a mounted token), or with {@code byContent} by what the redactor finds in it,
   * or a file named only when the line runs. A recursive search is not judged here: the files it
   * will read are not named.
   */
  private static boolean namesSecrets(
      SimpleCommand command, List<String> directories, ShellPolicy policy, boolean byContent) {
    String name = name(command);
    boolean reader =
        FILE_READERS.contains(name)
            || TRANSFORMERS.contains(name)
            || COMPARERS.contains(name)
            || SEARCHERS.contains(name)
            || gitGrep(command);
    if (reader) {
      for (Word word : fileOperands(command)) {
        // a process substitution's commands are judged as the line's own
        boolean substituted = word.raw().startsWith("<(") || word.raw().startsWith(">(");
        if ((word.isOpaque() && !substituted) || namesSecretFile(word, policy)) {
          return true;
        }
        if (byContent
            && word.isLiteral()
            && !word.text().startsWith("-")
            && anywhere(word.text(), directories, policy.holdsSecrets())) {
          return true;
        }
      }
    }
    for (Redirect redirect : command.redirects()) {
      Word target = redirect.target();
      boolean input = redirect.operator().startsWith("<") && !redirect.operator().startsWith("<<");
      if (input
          && (target.isOpaque()
              || SensitivePaths.namesSecretFile(target)
              || (byContent
                  && target.isLiteral()
                  && anywhere(target.text(), directories, policy.holdsSecrets())))) {
        return true;
      }
    }
    return false;
  }

  /** grep's options that take the next word as their value. */
  private static final Set<String> GREP_VALUE_OPTIONS =
      Set.of(
          "-A",
          "-B",
          "-C",
          "-m",
          "-d",
          "-D",
          "--max-count",
          "--context",
          "--after-context",
          "--before-context",
          "--label",
          "--include",
          "--exclude",
          "--exclude-dir",
          "-g",
          "--glob",
          "-t",
          "--type",
          "-T",
          "--type-not",
          "-M",
          "--max-columns",
          "--replace");

  /**
   * The words of the command that may name files it reads: past its name, and for a search past its
   * pattern ({@code grep -i token app.log} reads app.log, not a file named token) and its pattern
   * files ({@code -f .env}, {@code --file=.env}, {@code -nFxf .env}: each line a guess).
   */
  private static List<Word> fileOperands(SimpleCommand command) {
    List<Word> words = command.words();
    int first = Math.min(firstWord(command) + 1, words.size());
    List<Word> rest = words.subList(first, words.size());
    boolean search = GREPS.contains(name(command)) || name(command).equals("rg");
    if (gitGrep(command)) {
      search = true;
      int grep = 0;
      while (grep < rest.size() && !rest.get(grep).text().equals("grep")) {
        grep++;
      }
      rest = rest.subList(Math.min(grep + 1, rest.size()), rest.size());
    }
    if (!search) {
      return rest;
    }
    List<Word> files = new java.util.ArrayList<>();
    boolean patternGiven =
        rest.stream().anyMatch(word -> word.text().matches("--regexp.*|--file.*|-[a-zA-Z]*[ef].*"));
    boolean options = true;
    for (int i = 0; i < rest.size(); i++) {
      Word word = rest.get(i);
      String text = word.text();
      if (options && text.equals("--")) {
        options = false;
      } else if (options && text.startsWith("-") && text.length() > 1) {
        if (text.equals("--file") && i + 1 < rest.size()) {
          files.add(rest.get(++i));
        } else if (text.startsWith("--file=")) {
          files.add(word.from("--file=".length()));
        } else if (text.equals("--regexp") || GREP_VALUE_OPTIONS.contains(text)) {
          i++;
        } else if (!text.startsWith("--")) {
          i = shortOptions(rest, i, name(command).equals("rg"), files);
        }
      } else if (!patternGiven) {
        patternGiven = true; // the pattern
      } else {
        files.add(word);
      }
    }
    return files;
  }

  /**
   * A search's bundled short options at {@code rest[i]} ({@code -nFxf .env}, {@code -f.env}, {@code
   * -ie pattern}): a pattern file, joined or next, goes to {@code files}; the index of the last
   * word they take is returned.
   */
  private static int shortOptions(List<Word> rest, int i, boolean rg, List<Word> files) {
    Word word = rest.get(i);
    String text = word.text();
    String valued = rg ? "efABCmgtTMr" : "efABCmdD";
    for (int at = 1; at < text.length(); at++) {
      char option = text.charAt(at);
      if (valued.indexOf(option) < 0) {
        continue;
      }
      boolean joined = at + 1 < text.length();
      if (option == 'f') {
        if (joined) {
          files.add(word.from(at + 1));
        } else if (i + 1 < rest.size()) {
          files.add(rest.get(i + 1));
        }
      }
      return joined ? i : i + 1;
    }
    return i;
  }

  /**
   * Whether the word names a secret file; a glob, where the policy can list the directory, by the
   * names of the files it matches rather than by what it could match.
   */
  private static boolean namesSecretFile(Word word, ShellPolicy policy) {
    if (!SensitivePaths.namesSecretFile(word)) {
      return false;
    }
    String text = word.text();
    boolean wild = text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
    return !(wild && word.isLiteral() && policy.holdsSecrets() instanceof SecretContent content)
        || content.matchesSecretName(text);
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
  private static final Pattern REWRITING_EXPANSION =
      Pattern.compile("\\$\\{!?[A-Za-z_0-9@*]+(\\[[^]]*])?(:[^-=?+]|[/^,#%@])");

  private static boolean rewritesExpansion(Word word) {
    return word.expanded() && REWRITING_EXPANSION.matcher(word.text()).find();
  }

  /**
   * Programs that open files named inside their program text, where no word of the line names them:
   * awk's {@code getline < file}, yq's {@code load}, jq's {@code import} and {@code include}.
   */
  private static final Pattern PROGRAM_READS_FILES =
      Pattern.compile(
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
