package dev.oats.cli;

import java.io.Console;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** What the terminal OATS writes to can show, decided once from the environment. */
final class Terminal {

  private Terminal() {}

  /**
   * The terminal to ask on, or null when there is none (input or output redirected). On JDK 22 to
   * 24 {@code System.console()} exists even then, and {@code isTerminal()} tells.
   */
  static Console console() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Object terminal = Console.class.getMethod("isTerminal").invoke(console);
      return Boolean.TRUE.equals(terminal) ? console : null;
    } catch (ReflectiveOperationException e) {
      return console;
    }
  }

  /** Whether colours and cursor movement are wanted: a terminal, no NO_COLOR, TERM not dumb. */
  static boolean fancy(Map<String, String> environment) {
    String term = environment.getOrDefault("TERM", "");
    return console() != null
        && !environment.containsKey("NO_COLOR")
        && !term.isEmpty()
        && !term.equals("dumb");
  }

  /** Picocli's colours for help: on only when {@link #fancy} says so. */
  static Ansi colours(Map<String, String> environment) {
    return fancy(environment) ? Ansi.ON : Ansi.OFF;
  }
}
