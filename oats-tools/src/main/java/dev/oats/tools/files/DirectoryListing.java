package dev.oats.tools.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** The entries of a directory, for showing instead of a file and for "did you mean" hints. */
final class DirectoryListing {

  /**
   * One entry.
   *
   * @param name the file name
   * @param type {@code dir}, {@code file}, {@code link} or {@code other}
   * @param size the size in bytes of a regular file, else -1
   * @param linkTarget where a symbolic link points, else null
   */
  record Entry(String name, String type, long size, String linkTarget) {
    boolean isDirectory() {
      return type.equals("dir");
    }

    String displayName() {
      return isDirectory() ? name + "/" : name;
    }
  }

  private static final Comparator<Entry> DIRECTORIES_FIRST =
      Comparator.comparing((Entry entry) -> !entry.isDirectory()).thenComparing(Entry::name);

  private static final int HINTED_NAMES = 50;

  private DirectoryListing() {}

  /** All entries, directories first, each group by name. */
  static List<Entry> entries(Path directory) throws IOException {
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
      for (Path child : stream) {
        entries.add(entry(child));
      }
    }
    entries.sort(DIRECTORIES_FIRST);
    return entries;
  }

  /** A table of up to {@code limit} entries with type and size, and a count of the rest. */
  static String table(List<Entry> entries, int limit) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("  %-5s %10s  %s\n", "TYPE", "SIZE", "NAME"));
    for (Entry entry : entries.subList(0, Math.min(limit, entries.size()))) {
      String size = entry.size() < 0 ? "-" : Sizes.human(entry.size());
      String name =
          entry.linkTarget() == null
              ? entry.displayName()
              : entry.name() + " -> " + entry.linkTarget();
      out.append(String.format("  %-5s %10s  %s\n", entry.type(), size, name));
    }
    if (entries.size() > limit) {
      out.append("  … and ").append(entries.size() - limit).append(" more entries\n");
    }
    return out.toString();
  }

  /** Up to {@code limit} names on one line, directories marked with a slash. */
  static String names(List<Entry> entries, int limit) {
    StringBuilder out =
        new StringBuilder(
            entries.stream()
                .limit(limit)
                .map(Entry::displayName)
                .collect(Collectors.joining(", ")));
    if (entries.size() > limit) {
      out.append(", … (").append(entries.size() - limit).append(" more)");
    }
    return out.toString();
  }

  /** Says the path does not exist and lists what its nearest existing parent holds. */
  static String missing(AllowedRoots.Location.Missing missing) throws IOException {
    StringBuilder message = new StringBuilder("No such file or directory: ").append(missing.path());
    Path parent = missing.nearestParent();
    if (parent != null) {
      List<Entry> entries = entries(parent);
      message.append(". The nearest existing directory is ").append(parent);
      message.append(
          entries.isEmpty()
              ? ", which is empty."
              : ", which holds: " + names(entries, HINTED_NAMES));
    }
    return message.toString();
  }

  private static Entry entry(Path child) {
    String name = child.getFileName().toString();
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (attributes.isSymbolicLink()) {
        return new Entry(name, "link", -1, Files.readSymbolicLink(child).toString());
      }
      if (attributes.isDirectory()) {
        return new Entry(name, "dir", -1, null);
      }
      return attributes.isRegularFile()
          ? new Entry(name, "file", attributes.size(), null)
          : new Entry(name, "other", -1, null);
    } catch (IOException e) {
      return new Entry(name, "?", -1, null);
    }
  }
}
