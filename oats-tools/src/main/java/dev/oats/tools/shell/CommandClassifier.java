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

  /**
   * Commands that talk over the network, or show the machine's network state: a call that runs none
   * of them gets no network in the sandbox.
   */
  private static final Set<String> NETWORK_COMMANDS =
      Set.of(
          "curl",
          "wget",
          "dig",
          "nslookup",
          "host",
          "ping",
          "ping6",
          "openssl",
          "kubectl",
          "helm",
          "git",
          "ss",
          "ip",
          "netstat",
          "ifconfig",
          "route",
          "arp",
          "getent",
          "traceroute",
          "tracepath",
          "mtr",
          "nc",
          "ncat",
          "netcat",
          "socat",
          "telnet",
          "ssh",
          "scp",
          "sftp",
          "rsync",
          "ftp",
          "nmap",
          "tcpdump",
          "conntrack",
          "iptables",
          "nft",
          "lsof");

  /** Commands that list the machine's processes, which a PID namespace would hide. */
  private static final Set<String> PROCESS_VIEWERS =
      Set.of("ps", "top", "pgrep", "pidof", "pstree", "lsof", "htop", "w", "who", "uptime");

  private CommandClassifier() {}

  /**
   * What a command line needs and does, beyond its side effect.
   *
   * @param effect what running it would do to the world
   * @param network whether it runs a command that uses the network or shows its state
   * @param hostProcesses whether it runs a command that lists the machine's processes
   * @param reasons the parts of the line that make it need an approval, innermost first and in
   *     order ({@code kubectl delete}, {@code a redirect to out.txt}, ...); empty when it only
   *     reads
   */
  public record Verdict(
      SideEffect effect, boolean network, boolean hostProcesses, List<String> reasons) {

    public Verdict {
      reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }
  }

  /** The side effect of running {@code commandLine} with {@code bash -c}. */
  public static SideEffect classify(String commandLine) {
    return judge(commandLine, ShellPolicy.DEFAULT).effect();
  }

  /** The verdict on running {@code commandLine} with {@code bash -c} under a policy. */
  static Verdict judge(String commandLine, ShellPolicy policy) {
    Findings findings = new Findings();
    SideEffect effect = new Classification(0, policy, findings).script(commandLine);
    return findings.verdict(effect);
  }

  /**
   * The side effect of running a program directly with these arguments, no shell involved: each
   * element is one literal word, so nothing in it is expanded or split.
   */
  public static SideEffect classify(List<String> argv) {
    return judge(argv, ShellPolicy.DEFAULT).effect();
  }

  /** The verdict on running a program directly with these arguments, under a policy. */
  static Verdict judge(List<String> argv, ShellPolicy policy) {
    Findings findings = new Findings();
    List<Word> words = argv.stream().map(Word::literal).toList();
    SideEffect line = LineRules.check(List.of(new SimpleCommand(words, List.of(), false)), policy);
    if (line != READ_ONLY) {
      findings.reasons.add(LINE_REASON);
    }
    SideEffect effect = Effects.worst(line, new Classification(0, policy, findings).argv(words));
    return findings.verdict(effect);
  }

  private static final String LINE_REASON =
      "the line as a whole (backgrounding, /proc, /dev/tcp, or a secret file read through a"
          + " transform)";

  /** What the commands of one line turned out to need, gathered across nesting levels. */
  private static final class Findings {
    boolean network;
    boolean hostProcesses;
    final List<String> reasons = new java.util.ArrayList<>();

    Verdict verdict(SideEffect effect) {
      return new Verdict(
          effect,
          network,
          hostProcesses,
          effect == READ_ONLY ? List.of() : reasons.stream().distinct().toList());
    }
  }

  /** Options of kubectl, helm and git that take the next word as their value. */
  private static final Set<String> OPTIONS_WITH_VALUE =
      Set.of(
          "-n",
          "--namespace",
          "--context",
          "--cluster",
          "--kubeconfig",
          "--user",
          "-s",
          "--server",
          "-C",
          "-c",
          "--kube-context");

  /** Subcommands whose meaning is in the word after them: {@code kubectl rollout restart}. */
  private static final Set<String> TWO_WORD_SUBCOMMANDS =
      Set.of("rollout", "set", "config", "auth", "certificate", "create", "apply", "plugin");

  /**
   * How a reason names a command: {@code kubectl delete}, {@code kubectl rollout restart}, {@code
   * rm}; the subcommand is taken after skipping options.
   */
  private static String label(String name, List<Word> arguments) {
    StringBuilder label = new StringBuilder(name);
    if (!Set.of("kubectl", "helm", "git", "systemctl", "docker", "crictl", "oc").contains(name)) {
      return label.toString();
    }
    int taken = 0;
    for (int i = 0; i < arguments.size() && taken < 2; i++) {
      Word word = arguments.get(i);
      if (!word.isLiteral()) {
        break;
      }
      String text = word.text();
      if (text.startsWith("-")) {
        if (OPTIONS_WITH_VALUE.contains(text)) {
          i++;
        }
        continue;
      }
      if (taken == 1
          && !TWO_WORD_SUBCOMMANDS.contains(label.substring(label.lastIndexOf(" ") + 1))) {
        break;
      }
      label.append(' ').append(text);
      taken++;
    }
    return label.toString();
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

  private static String baseName(String word) {
    return word.substring(word.lastIndexOf('/') + 1);
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
  private record Classification(int depth, ShellPolicy policy, Findings findings)
      implements CommandRule.Nested {

    @Override
    public AllowedHosts hosts() {
      return policy.hosts();
    }

    @Override
    public SideEffect script(String text) {
      if (depth > MAX_DEPTH) {
        findings.reasons.add("commands nested too deep to judge");
        return UNKNOWN;
      }
      List<SimpleCommand> commands;
      try {
        commands = ShellParser.parse(text);
      } catch (ShellSyntaxException e) {
        findings.reasons.add("shell syntax OATS cannot parse");
        return UNKNOWN;
      }
      SideEffect line = LineRules.check(commands, policy);
      if (line != READ_ONLY) {
        findings.reasons.add(LINE_REASON);
      }
      return commands.stream().map(this::command).reduce(line, Effects::worst);
    }

    private SideEffect command(SimpleCommand command) {
      SideEffect effect = READ_ONLY;
      List<Word> words = command.words();
      int first = 0;
      for (; first < words.size() && words.get(first).isAssignment(); first++) {
        String raw = words.get(first).raw();
        if (Variables.isRisky(raw.substring(0, raw.indexOf('=')))) {
          findings.reasons.add("setting " + raw.substring(0, raw.indexOf('=')));
          effect = Effects.worst(effect, UNKNOWN);
        }
      }
      effect = Effects.worst(effect, argv(words.subList(first, words.size())));
      effect = Effects.worst(effect, evaluatedData(command));
      // Redirects are named after the command they belong to, as the line reads.
      for (Redirect redirect : command.redirects()) {
        SideEffect written = CommandClassifier.redirect(redirect);
        if (written != READ_ONLY) {
          findings.reasons.add(
              "a redirect (" + redirect.operator() + " " + redirect.target().raw() + ")");
        }
        effect = Effects.worst(effect, written);
      }
      return effect;
    }

    /** Arithmetic bash would do over values known only when it runs (see EvaluatedText). */
    private SideEffect evaluatedData(SimpleCommand command) {
      List<Word> words = new java.util.ArrayList<>(command.words());
      command.redirects().forEach(redirect -> words.add(redirect.target()));
      for (Word word : words) {
        String reason = EvaluatedText.evaluatesData(word);
        if (reason != null) {
          findings.reasons.add(reason);
          return UNKNOWN;
        }
      }
      return READ_ONLY;
    }

    @Override
    public SideEffect argv(List<Word> words) {
      if (depth > MAX_DEPTH) {
        findings.reasons.add("commands nested too deep to judge");
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
        findings.reasons.add("a command whose name is computed (" + head.raw() + ")");
        return UNKNOWN;
      }
      String hidden =
          EvaluatedText.hiddenCode(baseName(head.text()), words.subList(first + 1, words.size()));
      if (hidden != null) {
        findings.reasons.add(hidden);
        return UNKNOWN;
      }
      if (head.text().equals("for") || head.text().equals("[[")) {
        return READ_ONLY;
      }
      String name = commandName(head.text());
      if (name == null) {
        findings.reasons.add(head.text() + " (a program outside the standard directories)");
        return UNKNOWN;
      }
      findings.network |= NETWORK_COMMANDS.contains(name);
      findings.hostProcesses |= PROCESS_VIEWERS.contains(name);
      List<Word> arguments = words.subList(first + 1, words.size());
      int before = findings.reasons.size();
      SideEffect effect =
          CommandRules.forCommand(name)
              .classify(arguments, new Classification(depth + 1, policy, findings));
      // The innermost command that writes is the reason: xargs is named only for what it runs.
      if (effect != READ_ONLY && findings.reasons.size() == before) {
        String label = label(name, arguments);
        findings.reasons.add(effect == MUTATING ? label : label + " (not known to only read)");
      }
      return effect;
    }
  }
}
