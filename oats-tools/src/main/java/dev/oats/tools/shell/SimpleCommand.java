package dev.oats.tools.shell;

import java.util.List;

/**
 * One command with its arguments and redirections, the unit the classifier judges. Pipelines,
 * lists, subshells and substitutions are flattened into these, since every one of them may run.
 *
 * @param words the command name and arguments, including leading assignments and reserved words
 * @param redirects the redirections attached to it
 * @param background whether it is sent to the background ({@code cmd &}), to outlive what follows
 */
record SimpleCommand(List<Word> words, List<Redirect> redirects, boolean background) {

  SimpleCommand {
    words = List.copyOf(words);
    redirects = List.copyOf(redirects);
  }
}
