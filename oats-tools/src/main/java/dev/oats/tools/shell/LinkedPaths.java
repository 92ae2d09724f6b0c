package dev.oats.tools.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Whether a path word leads, once the file system has its say, where no tool may read without an
 * approval though the word does not say so: a symbolic link (planted in the workspace by a cloned
 * repository, an earlier approved call, an archive) pointing into {@code /proc} (another process's
 * {@code environ}, OATS's own among them when there is no sandbox), into {@code /run/secrets}, or
 * to a file OATS hides from its tools (its key files, data directory, configuration). A word that
 * names such a place itself is judged by {@link SensitivePaths}; this one looks at the files.
 *
 * <p>Relative words are taken from the working directory; a glob in the last segment is matched
 * against its directory (at most {@link #MAX_MATCHES} entries). The hidden files count whether
 * reached through a link or named directly, since without bubblewrap nothing else hides them.
 */
final class LinkedPaths implements Predicate<String> {

  /** The most directory entries a glob is matched against before the word is judged unknown. */
  static final int MAX_MATCHES = 4096;

  private static final List<Path> SYSTEM_SECRETS =
      List.of(Path.of("/proc"), Path.of("/run/secrets"), Path.of("/var/run/secrets"));

  private final Path base;
  private final Path workspace;
  private final List<Path> hidden;

  /**
   * @param base the directory relative words are taken from: the call's working directory
   * @param workspace the workspace, which the sandbox shows even inside a hidden directory (its
   *     bind comes after the hidden mounts): a workspace under the data directory stays readable
   * @param hidden the files and directories OATS hides from its tools, as real paths
   */
  LinkedPaths(Path base, Path workspace, List<Path> hidden) {
    this.base = base;
    this.workspace = realOrAsGiven(workspace);
    this.hidden = List.copyOf(hidden);
  }

  @Override
  public boolean test(String word) {
    Optional<List<Path>> paths = candidates(base, word);
    // too many to look at: judged as if one led away
    return paths.isEmpty() || paths.get().stream().anyMatch(this::leadsAway);
  }

  /**
   * The paths a word may name, absolute and normalized: itself, or for a glob in its last segment
   * the entries of its directory it matches; empty when there are more than {@link #MAX_MATCHES}
   * entries to match against.
   */
  static Optional<List<Path>> candidates(Path base, String word) {
    if (word.isEmpty() || word.indexOf('\0') >= 0) {
      return Optional.of(List.of());
    }
    Path path;
    try {
      String name =
          word.startsWith("~/") ? System.getProperty("user.home") + word.substring(1) : word;
      path = base.resolve(name).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      return Optional.of(List.of());
    }
    String last = path.getFileName() == null ? "" : path.getFileName().toString();
    if (last.indexOf('*') < 0 && last.indexOf('?') < 0 && last.indexOf('[') < 0) {
      return Optional.of(List.of(path));
    }
    Path directory = path.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      return Optional.of(List.of());
    }
    PathMatcher matcher;
    try {
      matcher = directory.getFileSystem().getPathMatcher("glob:" + last);
    } catch (IllegalArgumentException e) {
      return Optional.of(List.of());
    }
    List<Path> matches = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      int seen = 0;
      for (Path entry : entries) {
        if (++seen > MAX_MATCHES) {
          return Optional.empty();
        }
        if (matcher.matches(entry.getFileName())) {
          matches.add(entry);
        }
      }
    } catch (IOException | SecurityException e) {
      return Optional.of(List.of());
    }
    return Optional.of(matches);
  }

  private boolean leadsAway(Path written) {
    if (!Files.exists(written, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Path real;
    try {
      real = written.toRealPath();
    } catch (IOException | SecurityException e) {
      // a link into /proc that cannot be followed from here is still a link into /proc
      return linkTarget(written).map(this::sensitive).orElse(false);
    }
    if (hidden(real)) {
      return true;
    }
    // what the word names as written ('/proc/cpuinfo', '/dev/stdin') is SensitivePaths' to judge
    return !real.equals(written)
        && SYSTEM_SECRETS.stream().noneMatch(written::startsWith)
        && !written.startsWith("/dev")
        && sensitive(real);
  }

  private boolean sensitive(Path real) {
    return SYSTEM_SECRETS.stream().anyMatch(real::startsWith) || hidden(real);
  }

  /**
   * Whether the sandbox hides {@code real}: it lies under a hidden path, and not in a workspace
   * that lies under that hidden path (the workspace is bound over it). A hidden file inside the
   * workspace stays hidden here, though the bind shows it: the safe side.
   */
  private boolean hidden(Path real) {
    return hidden.stream()
        .anyMatch(
            h -> real.startsWith(h) && !(workspace.startsWith(h) && real.startsWith(workspace)));
  }

  private static Path realOrAsGiven(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    try {
      return absolute.toRealPath();
    } catch (IOException | SecurityException e) {
      return absolute;
    }
  }

  private static Optional<Path> linkTarget(Path written) {
    try {
      if (!Files.isSymbolicLink(written)) {
        return Optional.empty();
      }
      Path target = Files.readSymbolicLink(written);
      return Optional.of(written.resolveSibling(target).normalize());
    } catch (IOException | SecurityException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }
}
