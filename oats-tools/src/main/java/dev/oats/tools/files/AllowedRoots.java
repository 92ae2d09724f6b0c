package dev.oats.tools.files;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The directories the file tools may read below, and the check that keeps them there.
 *
 * <p>A requested path is resolved the way the operating system would open it (symbolic links
 * followed, {@code ..} applied to the real directory) before it is compared with the roots, so
 * neither {@code ../../etc/passwd} nor a link pointing out of a root gets through.
 */
public final class AllowedRoots {

  /** The setting that lists extra roots, separated by the path separator or commas. */
  public static final String SETTING = "OATS_FILE_ROOTS";

  private final List<Path> roots;

  /** Where relative paths are looked for first: the workspace commands run in, or null. */
  private final Path workingDirectory;

  private AllowedRoots(List<Path> roots, Path workingDirectory) {
    this.roots = List.copyOf(roots);
    this.workingDirectory = workingDirectory;
  }

  /**
   * The roots named by {@value #SETTING} in the settings, or the process's working directory when
   * the setting is absent or blank. Roots that do not exist are left out.
   */
  public static AllowedRoots fromSettings(Map<String, String> settings) {
    String listed = settings.getOrDefault(SETTING, "");
    List<Path> named = new ArrayList<>();
    for (String part : listed.split("[,\\" + File.pathSeparator + "]")) {
      if (!part.isBlank()) {
        named.add(Path.of(part.strip()));
      }
    }
    if (named.isEmpty()) {
      named.add(Path.of(""));
    }
    return of(named);
  }

  /** Exactly these roots (those that exist), in this order. */
  public static AllowedRoots of(List<Path> candidates) {
    Set<Path> real = new LinkedHashSet<>();
    for (Path candidate : candidates) {
      realDirectory(candidate).ifPresent(real::add);
    }
    return new AllowedRoots(new ArrayList<>(real), null);
  }

  /**
   * These roots plus the investigation's workspace, which comes last among the roots but is where
   * relative paths are looked for first: it is the directory shell commands run in, so a file a
   * command wrote as {@code out.log} is read back as {@code out.log}.
   */
  public AllowedRoots withWorkspace(Path workspace) {
    if (workspace == null) {
      return this;
    }
    List<Path> all = new ArrayList<>(roots);
    all.add(workspace);
    AllowedRoots withIt = of(all);
    return new AllowedRoots(withIt.roots, realDirectory(workspace).orElse(null));
  }

  /** The roots as real absolute paths, in order of preference. */
  public List<Path> roots() {
    return roots;
  }

  /** The first root: where relative paths and searches without a path start. */
  public Path primary() {
    return roots.getFirst();
  }

  /** Whether no root exists at all, so nothing can be read. */
  public boolean isEmpty() {
    return roots.isEmpty();
  }

  /** Whether an already real path lies in one of the roots. */
  public boolean contains(Path realPath) {
    return roots.stream().anyMatch(realPath::startsWith);
  }

  /** The roots for messages: {@code /repo, /tmp/workspace}. */
  public String describe() {
    return roots.stream().map(Path::toString).collect(Collectors.joining(", "));
  }

  /**
   * Where a requested path leads. A relative path is tried first against the working directory (the
   * workspace, where commands run), then against each root in turn, and the first one under which
   * it exists wins; when it exists under none, it is reported missing under the first root.
   * Whichever directory it is resolved against, the result must lie inside a root.
   */
  public Location locate(String requested) {
    if (roots.isEmpty()) {
      return new Location.Refused(
          "No allowed root exists, so no file can be read. Set "
              + SETTING
              + " to directories that exist.");
    }
    Path asked;
    try {
      asked = Path.of(requested.strip());
    } catch (InvalidPathException e) {
      return new Location.Refused(
          "'%s' is not a valid path: %s".formatted(requested, e.getReason()));
    }
    if (asked.isAbsolute()) {
      return check(requested, asked);
    }
    List<Path> bases = new ArrayList<>();
    if (workingDirectory != null) {
      bases.add(workingDirectory);
    }
    bases.addAll(roots);
    for (Path root : bases) {
      Path candidate = root.resolve(asked);
      if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
        return check(requested, candidate);
      }
    }
    return check(requested, primary().resolve(asked));
  }

  private Location check(String requested, Path path) {
    try {
      if (Files.exists(path)) {
        Path real = path.toRealPath();
        return contains(real) ? new Location.Found(real) : outside(requested, real);
      }
      if (Files.isSymbolicLink(path)) {
        return new Location.Refused(
            "'%s' is a symbolic link whose target does not exist.".formatted(requested));
      }
      return missing(requested, path);
    } catch (IOException e) {
      return new Location.Refused("Cannot resolve '%s': %s".formatted(requested, e.getMessage()));
    }
  }

  private Location missing(String requested, Path path) throws IOException {
    Path parent = path.getParent();
    while (parent != null && !Files.isDirectory(parent)) {
      parent = parent.getParent();
    }
    if (parent == null) {
      return new Location.Missing(path.normalize(), null);
    }
    Path realParent = parent.toRealPath();
    Path wanted = realParent.resolve(parent.relativize(path)).normalize();
    if (!contains(wanted)) {
      return outside(requested, wanted);
    }
    return new Location.Missing(wanted, contains(realParent) ? realParent : null);
  }

  private Location outside(String requested, Path real) {
    String via = real.toString().equals(requested) ? "" : " (it resolves to " + real + ")";
    return new Location.Refused(
        ("'%s' is outside the allowed roots%s. Readable roots: %s. Use a path under one of them,"
                + " or add a directory to %s.")
            .formatted(requested, via, describe(), SETTING));
  }

  private static Optional<Path> realDirectory(Path candidate) {
    try {
      Path real = candidate.toAbsolutePath().toRealPath();
      return Files.isDirectory(real) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Where a requested path led. */
  public sealed interface Location {

    /**
     * The path exists inside a root.
     *
     * @param path its real path
     */
    record Found(Path path) implements Location {}

    /**
     * The path would be inside a root but does not exist.
     *
     * @param path the absolute path that was looked for
     * @param nearestParent the closest directory above it that exists inside a root, or null
     */
    record Missing(Path path, Path nearestParent) implements Location {}

    /**
     * The path may not be read.
     *
     * @param reason why, and what to do instead
     */
    record Refused(String reason) implements Location {}
  }
}
