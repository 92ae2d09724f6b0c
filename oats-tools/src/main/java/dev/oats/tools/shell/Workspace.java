package dev.oats.tools.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Where shell tools run: inside the investigation's workspace, and with which programs. */
final class Workspace {

  private Workspace() {}

  /**
   * The working directory for a call: the workspace itself (created when missing), or a directory
   * inside it. Paths are resolved with symlinks followed, so a link pointing out does not escape.
   *
   * @param requested a path relative to the workspace, or an absolute path inside it; null or blank
   *     for the workspace itself
   * @throws IllegalArgumentException when the path is outside the workspace or not a directory, in
   *     words that say what to give instead
   */
  static Path workingDirectory(Path workspace, String requested) throws IOException {
    Files.createDirectories(workspace);
    Path root = workspace.toRealPath();
    if (requested == null || requested.isBlank()) {
      return root;
    }
    Path candidate;
    try {
      candidate = root.resolve(requested).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "working_directory '%s' is not a valid path.".formatted(requested), e);
    }
    if (!candidate.startsWith(root)) {
      throw outside(requested, root);
    }
    if (!Files.isDirectory(candidate)) {
      throw new IllegalArgumentException(
          ("working_directory '%s' is not a directory in the workspace %s. Give an existing"
                  + " directory relative to the workspace, or leave working_directory out.")
              .formatted(requested, root));
    }
    Path real = candidate.toRealPath();
    if (!real.startsWith(root)) {
      throw outside(requested, root);
    }
    return real;
  }

  private static IllegalArgumentException outside(String requested, Path root) {
    return new IllegalArgumentException(
        ("working_directory '%s' is outside the workspace %s. Commands run inside the workspace:"
                + " give a directory relative to it, or leave working_directory out and use"
                + " absolute paths in the command itself to read files elsewhere.")
            .formatted(requested, root));
  }

  /** The first executable named {@code name} on the PATH of {@code environment}. */
  static Optional<Path> findExecutable(String name, Map<String, String> environment) {
    String path = environment.getOrDefault("PATH", "");
    for (String directory : path.split(":")) {
      if (directory.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(directory, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
