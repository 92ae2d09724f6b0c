package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;
import java.util.List;
import java.util.Set;

/** git: the history-reading subcommands are read-only; the rest change the repository. */
final class GitRules {

  private static final Set<String> READERS =
      Set.of(
          "status",
          "log",
          "show",
          "diff",
          "blame",
          "rev-parse",
          "rev-list",
          "ls-files",
          "ls-tree",
          "cat-file",
          "describe",
          "shortlog",
          "grep",
          "version");
  private static final Set<String> WRITERS =
      Set.of(
          "push",
          "commit",
          "reset",
          "checkout",
          "switch",
          "restore",
          "clean",
          "rm",
          "mv",
          "merge",
          "rebase",
          "pull",
          "fetch",
          "clone",
          "init",
          "add",
          "stash",
          "cherry-pick",
          "revert",
          "am",
          "apply",
          "gc",
          "prune",
          "update-ref",
          "update-index",
          "filter-branch",
          "tag",
          "branch",
          "config",
          "remote",
          "worktree",
          "submodule",
          "notes",
          "replace",
          "reflog");
  private static final Set<String> GLOBAL_VALUE_FLAGS =
      Set.of("-C", "--git-dir", "--work-tree", "--namespace");

  private GitRules() {}

  static SideEffect git(List<Word> words, CommandRule.Nested nested) {
    boolean configures =
        words.stream()
            .map(Word::text)
            .anyMatch(
                text ->
                    text.equals("-c")
                        || text.startsWith("--config-env")
                        || text.startsWith("--exec-path="));
    if (configures) {
      return UNKNOWN;
    }
    List<Word> subcommand = Arguments.leadingOperands(words, GLOBAL_VALUE_FLAGS, 1);
    if (subcommand.isEmpty()) {
      return READ_ONLY;
    }
    if (subcommand.get(0).isOpaque()) {
      return UNKNOWN;
    }
    String name = subcommand.get(0).text();
    if (WRITERS.contains(name)) {
      return MUTATING;
    }
    if (!READERS.contains(name)) {
      return UNKNOWN;
    }
    return reader(words);
  }

  /** Readers still write with {@code --output} and run programs with an external diff or pager. */
  private static SideEffect reader(List<Word> words) {
    SideEffect effect = READ_ONLY;
    for (Word word : words) {
      String text = word.text();
      if (text.startsWith("--output")) {
        return MUTATING;
      }
      boolean runsPrograms =
          text.equals("--ext-diff") || text.startsWith("-O") || text.startsWith("--open-files");
      if (word.isOpaque() || runsPrograms) {
        effect = UNKNOWN;
      }
    }
    return effect;
  }
}
