package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Commands that run another command: env, sudo, xargs, timeout, nice, nohup, stdbuf, command,
 * builtin, time, watch, and the shells with {@code -c}. Each finds the command it runs and
 * classifies that.
 */
final class WrapperRules {

  private static final Set<String> ENV_FLAGS =
      Set.of("-i", "-0", "-v", "-", "--ignore-environment", "--null", "--debug");
  private static final Set<String> SUDO_LONG_VALUES =
      Set.of(
          "--user",
          "--group",
          "--host",
          "--prompt",
          "--close-from",
          "--chdir",
          "--role",
          "--type",
          "--command-timeout",
          "--other-user",
          "--chroot");
  private static final Set<String> XARGS_LONG_FLAGS =
      Set.of(
          "--null",
          "--no-run-if-empty",
          "--verbose",
          "--interactive",
          "--exit",
          "--open-tty",
          "--show-limits",
          "--max-lines",
          "--eof");
  private static final Set<String> XARGS_LONG_VALUES =
      Set.of(
          "--arg-file",
          "--delimiter",
          "--max-args",
          "--max-procs",
          "--max-chars",
          "--process-slot-var");
  private static final Set<String> WATCH_FLAGS =
      Set.of(
          "--beep",
          "--color",
          "--no-color",
          "--errexit",
          "--chgexit",
          "--no-title",
          "--no-wrap",
          "--precise",
          "--no-rerun",
          "--differences");
  private static final Pattern NICE_ADJUSTMENT = Pattern.compile("-[+-]?\\d+");

  private WrapperRules() {}

  static SideEffect env(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (Set.of("-u", "--unset", "-C", "--chdir").contains(text)) {
        i++;
      } else if (!ENV_FLAGS.contains(text) && !text.matches("-[uC].+|--(unset|chdir)=.*")) {
        return UNKNOWN;
      }
    }
    for (; i < words.size() && words.get(i).text().contains("="); i++) {
      Word assignment = words.get(i);
      String name = assignment.text().substring(0, assignment.text().indexOf('='));
      if (assignment.isOpaque() || Variables.isRisky(name)) {
        return UNKNOWN;
      }
    }
    return rest(words, i, nested);
  }

  /** Whatever runs as root needs a person to agree, so the best it can be is unknown. */
  static SideEffect sudo(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (text.equals("-e") || text.equals("--edit")) {
        return MUTATING;
      }
      if (SUDO_LONG_VALUES.contains(text) || shortValueFollows(text, "ugphCDrtTUR")) {
        i++;
      }
    }
    while (i < words.size() && words.get(i).isAssignment()) {
      i++;
    }
    if (i >= words.size()) {
      return UNKNOWN;
    }
    return nested.argv(words.subList(i, words.size())) == MUTATING ? MUTATING : UNKNOWN;
  }

  /** The arguments xargs reads from its input are unknown, so the rules see an opaque word. */
  static SideEffect xargs(List<Word> words, CommandRule.Nested nested) {
    String replace = null;
    int i = 0;
    options:
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-") || text.equals("-")) {
        break;
      }
      if (text.startsWith("--")) {
        String name = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
        if (name.equals("--replace")) {
          replace = text.contains("=") ? text.substring(text.indexOf('=') + 1) : "{}";
        } else if (XARGS_LONG_VALUES.contains(name)) {
          i += text.contains("=") ? 0 : 1;
        } else if (!XARGS_LONG_FLAGS.contains(name)) {
          return UNKNOWN;
        }
        continue;
      }
      for (int j = 1; j < text.length(); j++) {
        char letter = text.charAt(j);
        String attached = text.substring(j + 1);
        if ("0rtpxo".indexOf(letter) >= 0) {
          continue;
        }
        if (letter == 'i') {
          replace = attached.isEmpty() ? "{}" : attached;
        } else if ("adEILnPs".indexOf(letter) >= 0) {
          if (attached.isEmpty() && ++i >= words.size()) {
            return READ_ONLY;
          }
          if (letter == 'I') {
            replace = attached.isEmpty() ? words.get(i).text() : attached;
          }
        } else if (letter != 'e' && letter != 'l') {
          return UNKNOWN;
        }
        continue options;
      }
    }
    List<Word> command = new ArrayList<>(words.subList(Math.min(i, words.size()), words.size()));
    if (command.isEmpty()) {
      return READ_ONLY;
    }
    if (replace == null) {
      command.add(Word.unknown());
    } else {
      String placeholder = replace;
      command.replaceAll(word -> word.text().contains(placeholder) ? Word.unknown() : word);
    }
    return nested.argv(command);
  }

  static SideEffect timeout(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (Set.of("-s", "--signal", "-k", "--kill-after").contains(text)) {
        i++;
      } else if (!Set.of("--preserve-status", "--foreground", "-v", "--verbose").contains(text)
          && !text.matches("-[sk].+|--(signal|kill-after)=.*")) {
        return UNKNOWN;
      }
    }
    return afterFirst(words, i, nested);
  }

  static SideEffect nice(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (text.equals("-n") || text.equals("--adjustment")) {
        i++;
      } else if (!text.matches("-n.+|--adjustment=.*")
          && !NICE_ADJUSTMENT.matcher(text).matches()) {
        return UNKNOWN;
      }
    }
    return rest(words, i, nested);
  }

  /**
   * nohup exists to make a process outlive its caller, so it needs an approval whatever it runs.
   */
  static SideEffect nohup(List<Word> words, CommandRule.Nested nested) {
    SideEffect inner =
        rest(words, !words.isEmpty() && words.get(0).text().equals("--") ? 1 : 0, nested);
    return Effects.worst(inner, UNKNOWN);
  }

  static SideEffect stdbuf(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (Set.of("-i", "-o", "-e").contains(text)) {
        i++;
      } else if (!text.matches("-[ioe].+|--(input|output|error)=.*")) {
        return UNKNOWN;
      }
    }
    return rest(words, i, nested);
  }

  /** {@code command -v name} only looks the name up; {@code command name} runs it. */
  static SideEffect command(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size() && words.get(i).text().startsWith("-"); i++) {
      String text = words.get(i).text();
      if (text.contains("v") || text.contains("V")) {
        return READ_ONLY;
      }
    }
    return rest(words, i, nested);
  }

  static SideEffect builtin(List<Word> words, CommandRule.Nested nested) {
    return rest(words, 0, nested);
  }

  static SideEffect time(List<Word> words, CommandRule.Nested nested) {
    int i = 0;
    for (; i < words.size() && words.get(i).text().startsWith("-"); i++) {
      String text = words.get(i).text();
      if (text.matches("-[oa].*|--(o|ap).*")) {
        return MUTATING;
      }
      if (text.equals("-f") || text.equals("--format")) {
        i++;
      }
    }
    return rest(words, i, nested);
  }

  /** watch joins its arguments with spaces and runs them with {@code sh -c}, unless {@code -x}. */
  static SideEffect watch(List<Word> words, CommandRule.Nested nested) {
    boolean exec = false;
    int i = 0;
    options:
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (!text.startsWith("-")) {
        break;
      }
      if (text.equals("--exec")) {
        exec = true;
      } else if (text.equals("--interval") || text.equals("--equexit")) {
        i++;
      } else if (text.startsWith("--")) {
        String name = text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
        if (!WATCH_FLAGS.contains(name) && !name.equals("--interval")) {
          return UNKNOWN;
        }
      } else {
        for (int j = 1; j < text.length(); j++) {
          char letter = text.charAt(j);
          if (letter == 'x') {
            exec = true;
          } else if (letter == 'n' || letter == 'q') {
            i += j + 1 < text.length() ? 0 : 1;
            continue options;
          } else if ("bcCdegtwpr".indexOf(letter) < 0) {
            return UNKNOWN;
          }
        }
      }
    }
    List<Word> command = words.subList(Math.min(i, words.size()), words.size());
    if (command.isEmpty()) {
      return READ_ONLY;
    }
    if (exec) {
      return nested.argv(command);
    }
    if (command.stream().anyMatch(word -> !word.isLiteral())) {
      return UNKNOWN;
    }
    return nested.script(String.join(" ", command.stream().map(Word::text).toList()));
  }

  /** {@code sh -c 'script'}: the script is classified; a script file or standard input is not. */
  static SideEffect shell(List<Word> words, CommandRule.Nested nested) {
    boolean command = false;
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (text.equals("--") || text.equals("-")) {
        i++;
        break;
      }
      if (Set.of("-o", "+o", "-O", "+O", "--rcfile", "--init-file").contains(text)) {
        i++;
      } else if (text.startsWith("-") || text.startsWith("+")) {
        if (text.startsWith("--")) {
          continue;
        }
        if (text.indexOf('s', 1) > 0) {
          return UNKNOWN;
        }
        command |= text.indexOf('c', 1) > 0;
      } else {
        break;
      }
    }
    if (!command || i >= words.size() || !words.get(i).isLiteral()) {
      return UNKNOWN;
    }
    return nested.script(words.get(i).text());
  }

  /** Whether a cluster such as {@code -nu} ends in an option whose value is the next word. */
  private static boolean shortValueFollows(String text, String valueLetters) {
    if (text.startsWith("--")) {
      return false;
    }
    for (int j = 1; j < text.length(); j++) {
      if (valueLetters.indexOf(text.charAt(j)) >= 0) {
        return j == text.length() - 1;
      }
    }
    return false;
  }

  private static SideEffect afterFirst(List<Word> words, int first, CommandRule.Nested nested) {
    if (first >= words.size()) {
      return READ_ONLY;
    }
    return words.get(first).isOpaque() ? UNKNOWN : rest(words, first + 1, nested);
  }

  private static SideEffect rest(List<Word> words, int from, CommandRule.Nested nested) {
    return from >= words.size() ? READ_ONLY : nested.argv(words.subList(from, words.size()));
  }
}
