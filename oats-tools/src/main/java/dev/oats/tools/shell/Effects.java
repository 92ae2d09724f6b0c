package dev.oats.tools.shell;

import dev.oats.tool.SideEffect;
import java.util.Set;

/** Combining side effects, and the files that writing to changes nothing. */
final class Effects {

  private static final Set<String> SINKS =
      Set.of("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/fd/1", "/dev/fd/2");

  private Effects() {}

  /** The more dangerous of two effects: mutating, then unknown, then read-only. */
  static SideEffect worst(SideEffect a, SideEffect b) {
    return rank(a) >= rank(b) ? a : b;
  }

  /** Whether writing to this target leaves no file behind. */
  static boolean isSink(Word target) {
    return target != null && target.isLiteral() && SINKS.contains(target.text());
  }

  /** Like {@link #isSink}, also allowing {@code -}, which many tools take for standard output. */
  static boolean isSinkOrStdout(Word target) {
    return isSink(target) || (target != null && target.isLiteral() && target.text().equals("-"));
  }

  private static int rank(SideEffect effect) {
    return switch (effect) {
      case READ_ONLY -> 0;
      case UNKNOWN -> 1;
      case MUTATING -> 2;
    };
  }
}
