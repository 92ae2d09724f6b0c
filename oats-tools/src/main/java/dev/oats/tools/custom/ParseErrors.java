package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.stream.Collectors;

/** Parse errors of YAML and JSON files, said with where they are. */
final class ParseErrors {

  private ParseErrors() {}

  /** {@code " at line 3, column 7: mapping values are not allowed here"}, to follow a verb. */
  static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 1
            ? ": "
            : " at line %d, column %d: ".formatted(at.getLineNr(), at.getColumnNr());
    return where + problem(e.getOriginalMessage());
  }

  /**
   * The parser's own words without its excerpts: SnakeYAML indents the quoted source lines, the
   * caret under them and their positions, which the line and column already say.
   */
  private static String problem(String message) {
    return message
        .lines()
        .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
        .map(String::strip)
        .collect(Collectors.joining("; "));
  }
}
