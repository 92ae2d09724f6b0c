package dev.oats.tools.shell;

import static dev.oats.tool.SideEffect.MUTATING;
import static dev.oats.tool.SideEffect.READ_ONLY;
import static dev.oats.tool.SideEffect.UNKNOWN;

import dev.oats.tool.SideEffect;

/**
 * Walks a sed script command by command to find the ones that act outside the stream: {@code w} and
 * the {@code w} flag of {@code s} write files, {@code e} and the {@code e} flag run commands. A
 * script it cannot follow is unknown.
 */
final class SedScript {

  private static final String NO_ARGUMENT_COMMANDS = "=dDgGhHnNpPxzF";

  private final String script;
  private int pos;

  private SedScript(String script) {
    this.script = script;
  }

  static SideEffect check(String script) {
    return new SedScript(script).check();
  }

  private SideEffect check() {
    while (true) {
      skip(" \t\n;");
      if (pos >= script.length()) {
        return READ_ONLY;
      }
      if (!skipAddresses()) {
        return UNKNOWN;
      }
      skip(" \t!");
      if (pos >= script.length()) {
        return UNKNOWN;
      }
      char command = script.charAt(pos++);
      SideEffect effect = command(command);
      if (effect != READ_ONLY) {
        return effect;
      }
    }
  }

  private SideEffect command(char command) {
    if (NO_ARGUMENT_COMMANDS.indexOf(command) >= 0 || command == '{' || command == '}') {
      return READ_ONLY;
    }
    switch (command) {
      case 'w', 'W' -> {
        return MUTATING;
      }
      case 'e' -> {
        return UNKNOWN;
      }
      case '#', 'a', 'i', 'c', 'r', 'R' -> skipLine();
      case ':', 'b', 't', 'T', 'v' -> skipLabel();
      case 'l', 'L', 'q', 'Q' -> skip(" 0123456789");
      case 's' -> {
        return substitution();
      }
      case 'y' -> {
        return delimited(2) ? READ_ONLY : UNKNOWN;
      }
      default -> {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }

  private SideEffect substitution() {
    if (!delimited(2)) {
      return UNKNOWN;
    }
    while (pos < script.length() && "\n;} \t".indexOf(script.charAt(pos)) < 0) {
      char flag = script.charAt(pos++);
      if (flag == 'w') {
        return MUTATING;
      }
      if (flag == 'e') {
        return UNKNOWN;
      }
      if ("gpiImM0123456789".indexOf(flag) < 0) {
        return UNKNOWN;
      }
    }
    return READ_ONLY;
  }

  /** Reads a delimiter and {@code parts} delimited parts after it, as in {@code s/a/b/}. */
  private boolean delimited(int parts) {
    if (pos >= script.length() || script.charAt(pos) == '\n' || script.charAt(pos) == '\\') {
      return false;
    }
    char delimiter = script.charAt(pos++);
    for (int part = 0; part < parts; part++) {
      if (!skipPast(delimiter)) {
        return false;
      }
    }
    return true;
  }

  private boolean skipAddresses() {
    if (!skipAddress()) {
      return false;
    }
    skip(" \t");
    if (pos < script.length() && script.charAt(pos) == ',') {
      pos++;
      skip(" \t");
      return skipAddress();
    }
    return true;
  }

  private boolean skipAddress() {
    if (pos >= script.length()) {
      return true;
    }
    char c = script.charAt(pos);
    if (c == '/') {
      pos++;
      return skipPast('/') && skipRegexFlags();
    }
    if (c == '\\') {
      pos++;
      if (pos >= script.length()) {
        return false;
      }
      char delimiter = script.charAt(pos++);
      return skipPast(delimiter) && skipRegexFlags();
    }
    skip("0123456789$+~");
    return true;
  }

  private boolean skipRegexFlags() {
    skip("IM");
    return true;
  }

  /** Moves past the next unescaped {@code delimiter}; false when there is none. */
  private boolean skipPast(char delimiter) {
    while (pos < script.length()) {
      char c = script.charAt(pos++);
      if (c == '\\') {
        pos++;
      } else if (c == delimiter) {
        return true;
      }
    }
    return false;
  }

  private void skipLine() {
    while (pos < script.length() && script.charAt(pos) != '\n') {
      pos += script.charAt(pos) == '\\' ? 2 : 1;
    }
  }

  private void skipLabel() {
    while (pos < script.length() && "\n;".indexOf(script.charAt(pos)) < 0) {
      pos++;
    }
  }

  private void skip(String characters) {
    while (pos < script.length() && characters.indexOf(script.charAt(pos)) >= 0) {
      pos++;
    }
  }
}
