package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.List;
import java.util.Set;

/**
 * Commands that show the state of the machine and can also change it: date, hostname, journalctl,
 * systemctl, top, dmesg, sysctl, and the shell's own declarations ({@code export} and kin).
 */
final class SystemRules {

  private static final Set<String> SYSTEMCTL_READERS =
      Set.of(
          "status",
          "show",
          "cat",
          "list-units",
          "list-unit-files",
          "list-sockets",
          "list-timers",
          "list-jobs",
          "list-dependencies",
          "list-machines",
          "is-active",
          "is-enabled",
          "is-failed",
          "is-system-running",
          "get-default",
          "show-environment");
  private static final Set<String> SYSTEMCTL_WRITERS =
      Set.of(
          "start",
          "stop",
          "restart",
          "reload",
          "try-restart",
          "reload-or-restart",
          "try-reload-or-restart",
          "enable",
          "disable",
          "reenable",
          "mask",
          "unmask",
          "kill",
          "daemon-reload",
          "daemon-reexec",
          "set-default",
          "isolate",
          "reboot",
          "poweroff",
          "halt",
          "suspend",
          "hibernate",
          "edit",
          "set-property",
          "reset-failed",
          "preset",
          "link",
          "revert",
          "clean",
          "freeze",
          "thaw",
          "set-environment",
          "unset-environment",
          "import-environment",
          "rescue",
          "emergency",
          "default",
          "exit",
          "soft-reboot",
          "kexec",
          "switch-root");
  private static final Set<String> SYSTEMCTL_LONG_VALUES =
      Set.of(
          "--type",
          "--property",
          "--host",
          "--machine",
          "--lines",
          "--output",
          "--signal",
          "--state",
          "--root",
          "--kill-whom",
          "--job-mode");
  private static final List<String> JOURNALCTL_WRITERS =
      List.of(
          "--vacuum-size",
          "--vacuum-time",
          "--vacuum-files",
          "--rotate",
          "--flush",
          "--sync",
          "--relinquish-var",
          "--smart-relinquish-var",
          "--setup-keys",
          "--update-catalog",
          "--cursor-file");

  private SystemRules() {}

  static SideEffect date(List<Word> words, CommandRule.Nested nested) {
    // -I takes its value attached (-Iseconds): its letters are not options.
    List<Word> withoutIso =
        words.stream().filter(word -> !(word.isLiteral() && word.text().startsWith("-I"))).toList();
    Arguments args =
        Arguments.parse(withoutIso, "dfrs", Set.of("--date", "--file", "--reference", "--set"));
    boolean sets =
        args.has("-s", "--set")
            || args.operands().stream().anyMatch(word -> !word.text().startsWith("+"));
    if (sets) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  static SideEffect hostname(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "F", Set.of("--file"));
    if (args.has("-F", "--file", "-b", "--boot") || !args.operands().isEmpty()) {
      return MUTATING;
    }
    return READ_ONLY;
  }

  static SideEffect journalctl(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "", Set.of());
    if (args.has(JOURNALCTL_WRITERS.toArray(String[]::new))) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  static SideEffect systemctl(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "tpHMnos", SYSTEMCTL_LONG_VALUES);
    if (args.operands().isEmpty()) {
      return args.opaque() ? UNKNOWN : READ_ONLY;
    }
    Word verb = args.operands().get(0);
    if (verb.isOpaque()) {
      return UNKNOWN;
    }
    if (SYSTEMCTL_READERS.contains(verb.text())) {
      return READ_ONLY;
    }
    return SYSTEMCTL_WRITERS.contains(verb.text()) ? MUTATING : UNKNOWN;
  }

  /** {@code top} is read-only in batch mode; without {@code -b} it waits for keystrokes. */
  static SideEffect top(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "dEenopuU", Set.of());
    return args.has("-b") && !args.opaque() ? READ_ONLY : UNKNOWN;
  }

  static SideEffect dmesg(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "flnsF", Set.of("--facility", "--level", "--file"));
    boolean changes =
        args.has("-c", "--read-clear", "-C", "--clear", "-D", "--console-off", "-E")
            || args.has("--console-on", "-n", "--console-level");
    if (changes) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  static SideEffect sysctl(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "", Set.of());
    boolean writes =
        args.has("-w", "--write", "-p", "--load", "--system")
            || args.operands().stream().anyMatch(word -> word.text().contains("="));
    if (writes) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  /**
   * {@code export}, {@code declare} and kin only set shell variables, harmless unless they change
   * how later commands on the line are found or run ({@code export PATH=…}).
   */
  static SideEffect declaration(List<Word> words, CommandRule.Nested nested) {
    for (Word word : words) {
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      int equals = word.text().indexOf('=');
      if (equals > 0 && Variables.isRisky(word.text().substring(0, equals))) {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }

  /** {@code read NAME} sets a variable from input, as risky as an assignment for some names. */
  static SideEffect read(List<Word> words, CommandRule.Nested nested) {
    boolean risky = words.stream().anyMatch(word -> Variables.isRisky(word.text()));
    return risky ? UNKNOWN : READ_ONLY;
  }

  /** {@code printf -v NAME} sets a variable instead of printing. */
  static SideEffect printf(List<Word> words, CommandRule.Nested nested) {
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).text().equals("-v") && Variables.isRisky(words.get(i + 1).text())) {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }

  /**
   * {@code jobs} lists jobs, but {@code jobs -x COMMAND …} runs COMMAND (with job specs replaced by
   * process ids), which is judged as if it stood alone.
   */
  static SideEffect jobs(List<Word> words, CommandRule.Nested nested) {
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      String text = word.text();
      if (text.equals("--") || !text.startsWith("-")) {
        return READ_ONLY;
      }
      if (text.contains("x")) {
        List<Word> command = words.subList(i + 1, words.size());
        if (!command.isEmpty() && command.get(0).text().equals("--")) {
          command = command.subList(1, command.size());
        }
        return command.isEmpty() ? READ_ONLY : nested.argv(command);
      }
    }
    return READ_ONLY;
  }

  /**
   * {@code set} changes only the shell's options, but {@code set -k} ({@code -o keyword}) makes
   * every {@code NAME=value} argument of later commands part of their environment, where the rules
   * that judge assignments in front of a command do not look ({@code git status
   * GIT_CONFIG_VALUE_0=…}).
   */
  static SideEffect set(List<Word> words, CommandRule.Nested nested) {
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (text.equals("--")
          || text.equals("-")
          || !(text.startsWith("-") || text.startsWith("+"))) {
        return READ_ONLY;
      }
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.startsWith("-") && text.contains("k")) {
        return UNKNOWN;
      }
      // -o (alone or last in a cluster, as in -euo) takes the option's name as the next word.
      if (text.indexOf('o') > 0) {
        if (i + 1 < words.size()
            && (words.get(i + 1).isOpaque() || words.get(i + 1).text().equals("keyword"))) {
          return UNKNOWN;
        }
        i++;
      }
    }
    return READ_ONLY;
  }

  /** Short options of ps whose value is the next word ({@code -o pid,etime}, {@code -C nginx}). */
  private static final String PS_VALUE_LETTERS = "oOpqsuUgGtCkN";

  /**
   * {@code ps} lists processes; the BSD option {@code e} (a word without a dash: {@code ps auxe},
   * {@code ps eww}) adds each one's environment, read from {@code /proc/<pid>/environ}: OATS's own
   * keys among them.
   */
  static SideEffect ps(List<Word> words, CommandRule.Nested nested) {
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      String previous = i > 0 ? words.get(i - 1).text() : "";
      boolean value =
          previous.matches("-[a-zA-Z]*")
              && previous.length() > 1
              && PS_VALUE_LETTERS.indexOf(previous.charAt(previous.length() - 1)) >= 0;
      if (!value && text.matches("[a-zA-Z]+") && text.contains("e")) {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }
}
