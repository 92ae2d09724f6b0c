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
    if (runsConfiguredPrograms(name, words)) {
      return UNKNOWN;
    }
    return reader(words);
  }

  /** Options of {@code git log} that make it compute diffs, which textconv filters convert. */
  private static final Set<String> LOG_DIFF_OPTIONS =
      Set.of(
          "-p",
          "-u",
          "--patch",
          "--stat",
          "--numstat",
          "--shortstat",
          "--dirstat",
          "--summary",
          "--cc",
          "-c",
          "-m",
          "--raw",
          "--word-diff",
          "--color-words",
          "--check",
          "--full-diff",
          "--patch-with-stat",
          "--patch-with-raw",
          "--compact-summary",
          "--name-only",
          "--name-status",
          "--find-object",
          "--follow");

  /**
   * Whether this reader may run a program the repository names: a diff driver's textconv filter
   * (for {@code diff}, {@code show}, {@code blame}, {@code log} with diffs or a pickaxe search), an
   * external diff ({@code diff} runs {@code diff.external} and drivers' commands unless told not
   * to), or a signature verifier ({@code --show-signature}). A repository's {@code .git/config} and
   * {@code .gitattributes} are not OATS's: a repository dropped in the workspace, or named with
   * {@code -C}, chooses them. {@code --no-textconv} and {@code --no-ext-diff} turn them off; the
   * verifier, the pager, the fsmonitor hook and hooks are turned off in the child environment.
   */
  private static boolean runsConfiguredPrograms(String subcommand, List<Word> words) {
    Set<String> texts = new java.util.HashSet<>();
    for (Word word : words) {
      String text = word.text();
      int equals = text.indexOf('=');
      texts.add(text.startsWith("--") && equals > 0 ? text.substring(0, equals) : text);
    }
    boolean noTextconv = texts.contains("--no-textconv");
    if (texts.contains("--textconv")
        || texts.contains("--filters")
        || texts.contains("--show-signature")) {
      return true;
    }
    return switch (subcommand) {
      case "diff" -> !noTextconv || !texts.contains("--no-ext-diff");
      case "show", "blame" -> !noTextconv;
      case "log" ->
          !noTextconv
              && texts.stream()
                  .anyMatch(
                      text ->
                          LOG_DIFF_OPTIONS.contains(text)
                              || text.startsWith("-S")
                              || text.startsWith("-G")
                              || text.startsWith("--stat")
                              || text.startsWith("--dirstat")
                              || text.startsWith("--word-diff")
                              || text.startsWith("-U")
                              || text.startsWith("--unified"));
      default -> false;
    };
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
