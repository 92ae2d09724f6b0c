package dev.oats.tools.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Real directories and calls for the file tool tests. */
final class Fixtures {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** Arguments from name, value pairs. */
  static ObjectNode args(Object... pairs) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i < pairs.length; i += 2) {
      node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
    }
    return node;
  }

  static ToolContext context(Path workspace) {
    return context(workspace, Duration.ofSeconds(30));
  }

  static ToolContext context(Path workspace, Duration timeLeft) {
    return new ToolContext("inv-1", workspace, Map.of(), Instant.now().plus(timeLeft), () -> false);
  }

  static ToolResult call(Tool tool, Path workspace, Object... pairs) throws Exception {
    return tool.execute(args(pairs), context(workspace));
  }

  static AllowedRoots roots(Path... roots) {
    return AllowedRoots.of(List.of(roots));
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }

  /** A text of {@code count} lines: {@code line 1}, {@code line 2} and so on. */
  static String numberedLines(int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      out.append("line ").append(i).append('\n');
    }
    return out.toString();
  }
}
