package dev.oats.tools.custom;

import java.util.Locale;
import java.util.regex.Pattern;

/** Tool names as the registry accepts them: {@code [a-z][a-z0-9_]{0,63}}. */
final class ToolNames {

  static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private static final int MAX_LENGTH = 64;

  private ToolNames() {}

  static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /**
   * A valid name made from any text: {@code getPodLogs} and {@code get-pod-logs} both become {@code
   * get_pod_logs}; a name that does not start with a letter gets {@code tool_} in front.
   */
  static String sanitise(String raw) {
    if (isValid(raw)) {
      return raw;
    }
    String snake =
        raw.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "_")
            .replaceAll("^_+|_+$", "");
    String name = snake.isEmpty() || !Character.isLetter(snake.charAt(0)) ? "tool_" + snake : snake;
    return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
  }

  /** The base name of a file, without its extension, as a tool name. */
  static String fromFileName(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return sanitise(dot > 0 ? fileName.substring(0, dot) : fileName);
  }
}
