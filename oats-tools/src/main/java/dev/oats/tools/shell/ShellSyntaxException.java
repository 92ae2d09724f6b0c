package dev.oats.tools.shell;

/** A command line the shell parser cannot read; its side effect is then unknown. */
final class ShellSyntaxException extends Exception {

  ShellSyntaxException(String message, int position) {
    super(message + " at character " + position);
  }
}
