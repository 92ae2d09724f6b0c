package dev.oats.tools.custom;

import dev.oats.tool.ToolProvider.Offer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The YAML tools of a tools directory: every {@code *.yaml} and {@code *.yml} file in it. */
final class YamlTools {

  private YamlTools() {}

  /**
   * One offer per file, in file name order; a directory that does not exist offers nothing.
   *
   * @param directory the tools directory
   * @param notATool a file to leave out, the MCP configuration when it lives there; may be null
   */
  static List<Offer> load(Path directory, Path notATool) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .filter(YamlTools::isYaml)
          .filter(file -> notATool == null || !isSameFile(file, notATool))
          .sorted()
          .map(YamlToolFile::read)
          .toList();
    } catch (IOException e) {
      return List.of(
          Offer.disabled(
                  ToolNames.fromFileName(directory.getFileName().toString()),
                  "cannot list the tools directory %s: %s".formatted(directory, e.getMessage()))
              .from("yaml " + directory));
    }
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".yaml") || name.endsWith(".yml");
  }

  private static boolean isSameFile(Path file, Path other) {
    return file.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
  }
}
