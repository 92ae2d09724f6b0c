package dev.oats.tools.files;

import dev.oats.tool.TimedText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

/**
 * One recursive search: walks the tree, skipping what git ignores, {@code .git} itself, binary
 * files and files over {@value #MAX_FILE_BYTES} bytes, and collects matching lines with context
 * until it has shown enough, while still counting the rest. Stops early when time runs out.
 */
final class TreeSearch extends SimpleFileVisitor<Path> {

  static final long MAX_FILE_BYTES = 2L * 1024 * 1024;
  private static final int LONGEST_LINE = 300;

  /**
   * What to look for and how much to show.
   *
   * @param pattern the compiled pattern, literal patterns quoted
   * @param glob which files to read, or null for all
   * @param globOnPath whether the glob matches the path from the start rather than the file name
   * @param contextLines lines shown before and after each match
   * @param maxResults matching lines shown; the rest are only counted
   */
  record Query(
      Pattern pattern, PathMatcher glob, boolean globOnPath, int contextLines, int maxResults) {}

  /**
   * Matches in one file, already printed.
   *
   * @param path the file, relative to the start of the search
   * @param matches how many lines matched
   * @param printed the lines shown, with numbers and context
   */
  record FileMatches(String path, int matches, String printed) {}

  /** What the search found and what it left out. */
  record Outcome(
      List<FileMatches> files,
      int totalMatches,
      int filesWithMatches,
      int shown,
      int filesSearched,
      int binarySkipped,
      int largeSkipped,
      int ignoredSkipped,
      int unreadable,
      boolean partial) {}

  private final Query query;
  private final Path start;
  private final GitIgnores ignores;
  private final StopWatch stopWatch;
  private final BooleanSupplier cancelled;

  private final List<FileMatches> files = new ArrayList<>();
  private int totalMatches;
  private int filesWithMatches;
  private int shown;
  private int filesSearched;
  private int binarySkipped;
  private int largeSkipped;
  private int ignoredSkipped;
  private int unreadable;
  private boolean partial;

  private TreeSearch(
      Query query, Path start, GitIgnores ignores, StopWatch stopWatch, BooleanSupplier cancelled) {
    this.query = query;
    this.start = start;
    this.ignores = ignores;
    this.stopWatch = stopWatch;
    this.cancelled = cancelled;
  }

  /**
   * Searches a directory tree, or a single file.
   *
   * @param start where to search, a real path inside the allowed roots
   * @param root the allowed root holding it, above which no {@code .gitignore} is read
   */
  static Outcome run(
      Query query, Path start, Path root, StopWatch stopWatch, BooleanSupplier cancelled)
      throws IOException {
    Path base = Files.isDirectory(start) ? start : start.getParent();
    TreeSearch search =
        new TreeSearch(query, base, GitIgnores.startingAt(base, root), stopWatch, cancelled);
    if (Files.isDirectory(start)) {
      Files.walkFileTree(start, search);
    } else if (BoundedFiles.requireRegularFile(start).size() > MAX_FILE_BYTES) {
      search.largeSkipped++;
    } else {
      search.search(start);
    }
    return search.outcome();
  }

  private Outcome outcome() {
    return new Outcome(
        List.copyOf(files),
        totalMatches,
        filesWithMatches,
        shown,
        filesSearched,
        binarySkipped,
        largeSkipped,
        ignoredSkipped,
        unreadable,
        partial);
  }

  private boolean timeToStop() {
    if (stopWatch.expired() || cancelled.getAsBoolean()) {
      partial = true;
    }
    return partial;
  }

  @Override
  public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes)
      throws IOException {
    if (timeToStop()) {
      return FileVisitResult.TERMINATE;
    }
    if (!dir.equals(start)) {
      if (dir.getFileName().toString().equals(".git")) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      if (ignores.isIgnored(dir, true)) {
        ignoredSkipped++;
        return FileVisitResult.SKIP_SUBTREE;
      }
    }
    ignores.enter(dir);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException failure) {
    ignores.leave(dir);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
    if (timeToStop()) {
      return FileVisitResult.TERMINATE;
    }
    if (!attributes.isRegularFile() || file.getFileName().toString().equals(".git")) {
      return FileVisitResult.CONTINUE;
    }
    if (ignores.isIgnored(file, false)) {
      ignoredSkipped++;
      return FileVisitResult.CONTINUE;
    }
    if (globAccepts(file)) {
      if (attributes.size() > MAX_FILE_BYTES) {
        largeSkipped++;
      } else {
        search(file);
      }
    }
    return partial ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException failure) {
    unreadable++;
    return FileVisitResult.CONTINUE;
  }

  private boolean globAccepts(Path file) {
    if (query.glob() == null) {
      return true;
    }
    return query.glob().matches(query.globOnPath() ? start.relativize(file) : file.getFileName());
  }

  private void search(Path file) throws IOException {
    byte[] bytes = BoundedFiles.readAtMost(file, (int) MAX_FILE_BYTES);
    if (ContentSniffer.binaryKind(bytes, Math.min(bytes.length, ContentSniffer.HEAD_BYTES))
        .isPresent()) {
      binarySkipped++;
      return;
    }
    filesSearched++;
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    List<Integer> hits = new ArrayList<>();
    long deadline = stopWatch.nanoDeadline();
    try {
      for (int i = 0; i < lines.size(); i++) {
        if (TimedText.find(query.pattern(), lines.get(i), deadline)) {
          hits.add(i);
        }
      }
    } catch (TimedText.TimeUp e) {
      partial = true;
      return;
    }
    if (hits.isEmpty()) {
      return;
    }
    totalMatches += hits.size();
    filesWithMatches++;
    int room = query.maxResults() - shown;
    if (room > 0) {
      List<Integer> printed = hits.subList(0, Math.min(room, hits.size()));
      shown += printed.size();
      files.add(
          new FileMatches(
              start.relativize(file).toString().replace('\\', '/'),
              hits.size(),
              print(lines, printed, new HashSet<>(hits))));
    }
  }

  private String print(List<String> lines, List<Integer> hits, Set<Integer> allHits) {
    int width = String.valueOf(hits.getLast() + 1 + query.contextLines()).length();
    StringBuilder out = new StringBuilder();
    int printedUpTo = -1;
    for (int hit : hits) {
      int from = Math.max(hit - query.contextLines(), printedUpTo + 1);
      if (printedUpTo >= 0 && from > printedUpTo + 1) {
        out.append("  --\n");
      }
      int to = Math.min(hit + query.contextLines(), lines.size() - 1);
      for (int i = from; i <= to; i++) {
        boolean match = allHits.contains(i);
        out.append(String.format("  %" + width + "d%s ", i + 1, match ? ":" : "-"))
            .append(clip(lines.get(i)))
            .append('\n');
      }
      printedUpTo = Math.max(printedUpTo, to);
    }
    return out.toString();
  }

  private String clip(String line) {
    if (line.length() <= LONGEST_LINE) {
      return line;
    }
    int at;
    try {
      at = Math.max(0, TimedText.indexOf(query.pattern(), line, stopWatch.nanoDeadline()));
    } catch (TimedText.TimeUp e) {
      at = 0; // the line is shown from its start: the search itself already ended as partial
    }
    int from = Math.max(0, Math.min(at - LONGEST_LINE / 3, line.length() - LONGEST_LINE));
    return (from > 0 ? "…" : "")
        + dev.oats.redact.SafeCut.window(line, from, from + LONGEST_LINE)
        + (from + LONGEST_LINE < line.length() ? "…" : "");
  }
}
