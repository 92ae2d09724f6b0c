package dev.oats.tools.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The {@code .gitignore} rules in force while walking a tree, with git's precedence: a file in a
 * deeper directory overrides the ones above it, and within a file the last matching line wins
 * (JGit's {@link IgnoreNode} applies git's pattern rules: negation, {@code dir/}, {@code **},
 * anchoring). Ignored directories are skipped whole, so, as in git, a negation cannot re-include a
 * file below an ignored directory.
 */
final class GitIgnores {

  private record Rules(Path directory, IgnoreNode node) {}

  private final Deque<Rules> inForce = new ArrayDeque<>();

  private GitIgnores() {}

  /**
   * The rules for a walk that starts at {@code start}: those of the directories above it, from the
   * top of its git repository (or from {@code boundary} when there is none below it), are in force
   * from the start.
   */
  static GitIgnores startingAt(Path start, Path boundary) throws IOException {
    GitIgnores ignores = new GitIgnores();
    if (!start.startsWith(boundary) || start.equals(boundary)) {
      return ignores;
    }
    List<Path> above = new ArrayList<>();
    for (Path dir = start.getParent();
        dir != null && dir.startsWith(boundary);
        dir = dir.getParent()) {
      above.addFirst(dir);
      // A worktree or submodule has a .git file rather than a directory.
      if (Files.exists(dir.resolve(".git"))) {
        break;
      }
    }
    for (Path dir : above) {
      ignores.enter(dir);
    }
    return ignores;
  }

  /** Called when the walk enters a directory: its {@code .gitignore}, if any, comes into force. */
  void enter(Path directory) throws IOException {
    Path file = directory.resolve(".gitignore");
    if (Files.isRegularFile(file)) {
      IgnoreNode node = new IgnoreNode();
      try (InputStream in = Files.newInputStream(file)) {
        node.parse(file.toString(), in);
      }
      inForce.push(new Rules(directory, node));
    }
  }

  /** Called when the walk leaves a directory. */
  void leave(Path directory) {
    if (!inForce.isEmpty() && inForce.peek().directory().equals(directory)) {
      inForce.pop();
    }
  }

  /** Whether git would ignore this path. */
  boolean isIgnored(Path path, boolean directory) {
    for (Rules rules : inForce) {
      if (path.startsWith(rules.directory()) && !path.equals(rules.directory())) {
        String relative = rules.directory().relativize(path).toString().replace('\\', '/');
        Boolean ignored = rules.node().checkIgnored(relative, directory);
        if (ignored != null) {
          return ignored;
        }
      }
    }
    return false;
  }
}
