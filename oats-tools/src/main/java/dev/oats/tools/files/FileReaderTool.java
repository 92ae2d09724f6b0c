package dev.oats.tools.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code file_reader}: shows a text file with line numbers, a range at a time, or lists a
 * directory. Reads only below the allowed roots.
 */
final class FileReaderTool implements Tool {

  static final String NAME = "file_reader";

  private static final int DEFAULT_MAX_BYTES = 10_000;
  private static final int LONGEST_LINE = 1_000;

  /** The most of one line read, so a file without line breaks cannot fill memory. */
  private static final int MAX_LINE_READ = 1024 * 1024;

  private static final int LISTED_ENTRIES = 200;

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          "Reads a text file with line numbers (configuration, source code, manifests, local"
              + " logs), a range of lines at a time; on a directory it lists the entries with type and"
              + " size. Paths are confined to the allowed roots ("
              + AllowedRoots.SETTING
              + " and the workspace); a relative path is looked for first in the workspace, where"
              + " bash_executor runs, then under the other roots. The header says how many lines the file has and what to pass"
              + " to see more. Binary files are refused with their type. Use code_search to find where"
              + " something is, then file_reader to read around it. Example: {\"path\":"
              + " \"deploy/values.yaml\", \"start_line\": 40, \"end_line\": 90}",
          ToolCategory.FILES,
          ParameterSchema.object()
              .string(
                  "path",
                  "The file or directory: absolute, or relative to the first allowed root (the"
                      + " repository OATS runs in).")
              .integer(
                  "start_line",
                  p ->
                      p.description("First line to show, counting from 1. Default 1.")
                          .minimum(1)
                          .maximum(1 << 30))
              .integer(
                  "end_line",
                  p ->
                      p.description(
                              "Last line to show (inclusive). Default: as many as fit in max_bytes.")
                          .minimum(1)
                          .maximum(1 << 30))
              .integer(
                  "max_bytes",
                  p ->
                      p.description(
                              "Most bytes of text to show. Default " + DEFAULT_MAX_BYTES + ".")
                          .minimum(100)
                          .maximum(1_000_000))
              .required("path")
              .closed()
              .build());

  private final AllowedRoots configured;

  FileReaderTool(AllowedRoots configured) {
    this.configured = configured;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) throws IOException {
    Optional<String> path = Parameters.text(arguments, "path");
    if (path.isEmpty()) {
      return ToolResult.error("Give a path, for example {\"path\": \"README.md\"}.");
    }
    AllowedRoots roots = configured.withWorkspace(context.workspace());
    return switch (roots.locate(path.get())) {
      case AllowedRoots.Location.Refused refused -> ToolResult.error(refused.reason());
      case AllowedRoots.Location.Missing missing ->
          ToolResult.error(DirectoryListing.missing(missing));
      case AllowedRoots.Location.Found found -> read(found.path(), arguments, context);
    };
  }

  private ToolResult read(Path path, ObjectNode arguments, ToolContext context) throws IOException {
    if (Files.isDirectory(path)) {
      return list(path);
    }
    if (!Files.isRegularFile(path)) {
      return ToolResult.error(
          path + " is not a regular file (a device, socket or pipe); file_reader reads files.");
    }
    long size = Files.size(path);
    Optional<String> binary = ContentSniffer.binaryKind(path);
    if (binary.isPresent()) {
      return ToolResult.error(
          "%s is a binary file (%s, %s); file_reader shows text only."
              .formatted(path, binary.get(), Sizes.human(size)));
    }
    if (size == 0) {
      return ToolResult.noData(path + " is empty (0 bytes).");
    }
    Range range = Range.of(arguments);
    if (range.end().isPresent() && range.end().get() < range.start()) {
      return ToolResult.error(
          "end_line (%d) is before start_line (%d).".formatted(range.end().get(), range.start()));
    }
    return show(path, size, range, StopWatch.before(context.deadline()));
  }

  private ToolResult show(Path path, long size, Range range, StopWatch stopWatch)
      throws IOException {
    Page page = Page.read(path, range, stopWatch);
    if (page.firstShown() == 0 && !page.counted()) {
      return ToolResult.error(
          ("Time ran out at line %,d, before start_line %d was reached. Use code_search to find"
                  + " the place, or read a smaller file.")
              .formatted(page.totalLines(), range.start()));
    }
    if (page.firstShown() == 0) {
      return ToolResult.error(
          "start_line %d is past the end: %s has %s lines."
              .formatted(range.start(), path, page.totalDescription()));
    }
    StringBuilder out = new StringBuilder();
    out.append(path)
        .append(" — ")
        .append(page.totalDescription())
        .append(" lines, ")
        .append(Sizes.human(size))
        .append('\n');
    out.append("Showing lines ").append(page.firstShown()).append('-').append(page.lastShown());
    if (page.cutByBudget()) {
      out.append(" (stopped at max_bytes=").append(range.maxBytes()).append(')');
    }
    if (page.lastShown() < page.totalLines() || !page.counted()) {
      out.append(". To see more: {\"path\": \"")
          .append(path)
          .append("\", \"start_line\": ")
          .append(page.lastShown() + 1)
          .append('}');
    } else if (page.firstShown() == 1) {
      out.append(" (the whole file)");
    }
    out.append("\n\n").append(page.text());
    return ToolResult.success(out.toString());
  }

  private static ToolResult list(Path directory) throws IOException {
    List<DirectoryListing.Entry> entries = DirectoryListing.entries(directory);
    if (entries.isEmpty()) {
      return ToolResult.noData(directory + " is an empty directory.");
    }
    return ToolResult.success(
        "%s is a directory with %d entries (pass a file's path to read it):\n%s"
            .formatted(directory, entries.size(), DirectoryListing.table(entries, LISTED_ENTRIES)));
  }

  /** The lines asked for: from, to (when given) and the byte budget. */
  private record Range(int start, Optional<Integer> end, int maxBytes) {
    static Range of(ObjectNode arguments) {
      return new Range(
          Parameters.integer(arguments, "start_line", 1, 1, Integer.MAX_VALUE),
          Parameters.optionalInteger(arguments, "end_line", 1, Integer.MAX_VALUE),
          Parameters.integer(arguments, "max_bytes", DEFAULT_MAX_BYTES, 100, 1_000_000));
    }

    boolean includes(int line) {
      return line >= start && (end.isEmpty() || line <= end.get());
    }
  }

  /**
   * The numbered lines shown and what is known about the rest.
   *
   * @param counted false when counting the lines ran out of time
   */
  private record Page(
      String text,
      int firstShown,
      int lastShown,
      int totalLines,
      boolean counted,
      boolean cutByBudget) {

    String totalDescription() {
      return counted
          ? String.format(Locale.ROOT, "%,d", totalLines)
          : String.format(Locale.ROOT, "at least %,d", totalLines);
    }

    static Page read(Path path, Range range, StopWatch stopWatch) throws IOException {
      List<String> shown = new ArrayList<>();
      int line = 0;
      int bytes = 0;
      boolean cut = false;
      boolean counted = true;
      try (BufferedReader reader = BoundedFiles.lines(path, MAX_LINE_READ)) {
        String text;
        while ((text = reader.readLine()) != null) {
          line++;
          if (!cut && range.includes(line)) {
            String clipped = clip(text);
            int cost = clipped.getBytes(StandardCharsets.UTF_8).length + 1;
            if (!shown.isEmpty() && bytes + cost > range.maxBytes()) {
              cut = true;
            } else {
              shown.add(clipped);
              bytes += cost;
            }
          }
          if (line % 10_000 == 0 && stopWatch.expired()) {
            counted = false;
            break;
          }
        }
      }
      int first = shown.isEmpty() ? 0 : range.start();
      int last = shown.isEmpty() ? 0 : first + shown.size() - 1;
      return new Page(number(shown, first), first, last, line, counted, cut);
    }

    /**
     * The line, or its head cut where no token is shown in part (see {@link
     * dev.oats.redact.SafeCut}).
     */
    private static String clip(String line) {
      if (line.length() <= LONGEST_LINE) {
        return line;
      }
      String head = dev.oats.redact.SafeCut.head(line, LONGEST_LINE);
      return head + " … [line cut: " + (line.length() - head.length()) + " more characters]";
    }

    private static String number(List<String> lines, int first) {
      int width = Math.max(4, String.valueOf(first + lines.size()).length());
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        out.append(String.format(Locale.ROOT, "%" + width + "d | ", first + i))
            .append(lines.get(i))
            .append('\n');
      }
      return out.toString();
    }
  }
}
