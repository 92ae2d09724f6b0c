package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Text and file tools that read unless an option or their script says otherwise: sed, awk, sort,
 * uniq, tee, yq, find, rg, less, base64, file.
 */
final class TextRules {

  private static final Set<String> AWK_FLAGS =
      Set.of(
          "-b",
          "-c",
          "-P",
          "-r",
          "-S",
          "-t",
          "-N",
          "--posix",
          "--traditional",
          "--sandbox",
          "--characters-as-bytes",
          "--re-interval");

  private TextRules() {}

  static SideEffect sed(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(words, "efl", Set.of("--expression", "--file", "--line-length"));
    if (args.has("-i", "--in-place")) {
      return MUTATING;
    }
    if (args.opaque()) {
      return UNKNOWN;
    }
    if (args.has("--sandbox")) {
      return READ_ONLY;
    }
    if (args.has("-f", "--file")) {
      return UNKNOWN;
    }
    List<Word> scripts =
        args.has("-e", "--expression")
            ? args.all("-e", "--expression").stream()
                .map(Arguments.Option::value)
                .filter(Objects::nonNull)
                .toList()
            : args.operands().stream().limit(1).toList();
    return scripts.stream()
        .map(script -> script.isLiteral() ? SedScript.check(script.text()) : UNKNOWN)
        .reduce(READ_ONLY, Effects::worst);
  }

  static SideEffect awk(List<Word> words, CommandRule.Nested nested) {
    boolean sandboxed = false;
    List<String> programs = new ArrayList<>();
    int i = 0;
    for (; i < words.size(); i++) {
      Word word = words.get(i);
      String text = word.text();
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      if (!text.startsWith("-") || text.equals("-")) {
        break;
      }
      if (text.equals("--")) {
        i++;
        break;
      }
      if (text.equals("-F") || text.equals("-v") || text.equals("--assign")) {
        i++;
      } else if (text.equals("-e") || text.equals("--source")) {
        if (++i >= words.size() || !words.get(i).isLiteral()) {
          return UNKNOWN;
        }
        programs.add(words.get(i).text());
      } else if (text.equals("-S") || text.equals("--sandbox")) {
        sandboxed = true;
      } else if (!AWK_FLAGS.contains(text) && !attachedAwkValue(text)) {
        return UNKNOWN;
      }
    }
    if (programs.isEmpty() && i < words.size()) {
      Word program = words.get(i);
      if (!program.isLiteral()) {
        return UNKNOWN;
      }
      programs.add(program.text());
    }
    if (sandboxed) {
      return READ_ONLY;
    }
    return programs.stream().map(AwkProgram::check).reduce(READ_ONLY, Effects::worst);
  }

  private static boolean attachedAwkValue(String text) {
    return text.startsWith("-F")
        || text.startsWith("-v")
        || text.startsWith("--field-separator=")
        || text.startsWith("--assign=");
  }

  static SideEffect sort(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(
            words,
            "kotST",
            Set.of(
                "--key",
                "--field-separator",
                "--output",
                "--buffer-size",
                "--temporary-directory",
                "--parallel",
                "--batch-size",
                "--compress-program",
                "--files0-from",
                "--random-source",
                "--sort"));
    if (args.all("-o", "--output").stream().anyMatch(o -> !Effects.isSinkOrStdout(o.value()))) {
      return MUTATING;
    }
    return args.opaque() || args.has("--compress-program") ? UNKNOWN : READ_ONLY;
  }

  static SideEffect uniq(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(words, "fsw", Set.of("--skip-fields", "--skip-chars", "--check-chars"));
    if (args.opaque()) {
      return UNKNOWN;
    }
    List<Word> operands = args.operands();
    return operands.size() > 1 && !Effects.isSinkOrStdout(operands.get(1)) ? MUTATING : READ_ONLY;
  }

  static SideEffect tee(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "", Set.of());
    boolean onlySinks = !args.opaque() && args.operands().stream().allMatch(Effects::isSink);
    return onlySinks ? READ_ONLY : MUTATING;
  }

  static SideEffect yq(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(
            words,
            "Iops",
            Set.of("--indent", "--output-format", "--input-format", "--split-exp", "--from-file"));
    if (args.has("-i", "--inplace", "--in-place")) {
      return MUTATING;
    }
    return args.opaque() || args.has("-s", "--split-exp") ? UNKNOWN : READ_ONLY;
  }

  static SideEffect find(List<Word> words, CommandRule.Nested nested) {
    SideEffect effect = READ_ONLY;
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      if (word.isOpaque()) {
        return UNKNOWN;
      }
      switch (word.text()) {
        case "-delete", "-fprint", "-fprint0", "-fprintf", "-fls" -> {
          return MUTATING;
        }
        case "-ok", "-okdir" -> effect = Effects.worst(effect, UNKNOWN);
        case "-exec", "-execdir" -> {
          int end = endOfExec(words, i + 1);
          if (end < 0) {
            return UNKNOWN;
          }
          effect = Effects.worst(effect, nested.argv(words.subList(i + 1, end)));
          i = end;
        }
        default -> {}
      }
    }
    return effect;
  }

  private static int endOfExec(List<Word> words, int from) {
    for (int i = from; i < words.size(); i++) {
      String text = words.get(i).text();
      if (words.get(i).isLiteral() && (text.equals(";") || text.equals("+"))) {
        return i;
      }
    }
    return -1;
  }

  static SideEffect ripgrep(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(
            words,
            "efgtTmABCjMrEd",
            Set.of(
                "--regexp",
                "--file",
                "--glob",
                "--iglob",
                "--type",
                "--type-not",
                "--type-add",
                "--max-count",
                "--after-context",
                "--before-context",
                "--context",
                "--threads",
                "--max-columns",
                "--replace",
                "--encoding",
                "--max-depth",
                "--ignore-file",
                "--sort",
                "--sortr",
                "--colors",
                "--color",
                "--pre-glob"));
    return args.opaque() || args.has("--pre", "--hostname-bin") ? UNKNOWN : READ_ONLY;
  }

  static SideEffect less(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "bhjkopPtTxyz#", Set.of());
    if (args.has("-o", "-O", "--log-file", "--LOG-FILE")) {
      return MUTATING;
    }
    boolean commands = words.stream().anyMatch(word -> word.text().startsWith("+"));
    return args.opaque() || commands || args.has("-k", "--lesskey-file", "--lesskey-src")
        ? UNKNOWN
        : READ_ONLY;
  }

  static SideEffect base64(List<Word> words, CommandRule.Nested nested) {
    Arguments args = Arguments.parse(words, "wb", Set.of("--wrap"));
    if (args.has("-o", "--output")) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }

  static SideEffect file(List<Word> words, CommandRule.Nested nested) {
    Arguments args =
        Arguments.parse(
            words, "mfFeP", Set.of("--magic-file", "--files-from", "--separator", "--exclude"));
    if (args.has("-C", "--compile")) {
      return MUTATING;
    }
    return args.opaque() ? UNKNOWN : READ_ONLY;
  }
}
