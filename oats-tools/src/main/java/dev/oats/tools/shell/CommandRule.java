package dev.oats.tools.shell;

import dev.oats.tool.SideEffect;
import java.util.List;

/** How one command's arguments decide its side effect. */
@FunctionalInterface
interface CommandRule {

  /**
   * @param arguments the words after the command name
   * @param nested classifies commands this one runs, such as the one after {@code xargs}
   */
  SideEffect classify(List<Word> arguments, Nested nested);

  /** Classifies commands that another command runs. */
  interface Nested {

    /** A command given as words, such as {@code sudo rm x} or {@code find -exec grep …}. */
    SideEffect argv(List<Word> words);

    /** A command given as shell text, such as {@code sh -c '…'} or {@code watch '…'}. */
    SideEffect script(String text);

    /** The hosts a command may connect to without an approval. */
    AllowedHosts hosts();
  }
}
