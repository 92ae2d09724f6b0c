package dev.oats.tools.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.TimedText;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code code_search}: finds lines matching a literal or a regular expression in a directory tree,
 * the way {@code git grep} would (respecting {@code .gitignore}, skipping binaries), and shows them
 * grouped by file with line numbers and context.
 */
final class CodeSearchTool implements Tool {

  static final String NAME = "code_search";

  private static final int DEFAULT_CONTEXT = 2;
  private static final int MAX_CONTEXT = 10;
  private static final int DEFAULT_RESULTS = 50;
  private static final int MAX_RESULTS = 500;

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          "Searches source code and configuration files under a directory for a literal text or"
              + " a regular expression, like git grep: respects .gitignore, skips .git, binary files and"
              + " files over 2 MB. Results are grouped by file with line numbers and context lines. Use"
              + " it to find where an error message is raised, where a setting or environment variable"
              + " is read, or which manifest sets an image; then read around a hit with file_reader."
              + " Example: {\"pattern\": \"connection refused\", \"glob\": \"*.java\"} or {\"pattern\":"
              + " \"DB_(HOST|PORT)\", \"regex\": true, \"path\": \"deploy\"}",
          ToolCategory.CODE,
          ParameterSchema.object()
              .string("pattern", "The text to find; a Java regular expression when regex is true.")
              .string(
                  "path",
                  "A directory or file to search: absolute, or relative to the first allowed root."
                      + " Default: the first allowed root.")
              .string(
                  "glob",
                  "Only files whose name matches, such as *.java or *.{yaml,yml}; with a / it matches"
                      + " the path from the search directory, such as src/**/*.kt.")
              .bool("regex", "Treat pattern as a regular expression. Default false (literal text).")
              .bool("case_sensitive", "Match case exactly. Default false.")
              .integer(
                  "context_lines",
                  p ->
                      p.description(
                              "Lines shown before and after each match. Default "
                                  + DEFAULT_CONTEXT
                                  + ".")
                          .minimum(0)
                          .maximum(MAX_CONTEXT))
              .integer(
                  "max_results",
                  p ->
                      p.description(
                              "Most matching lines shown (all are counted). Default "
                                  + DEFAULT_RESULTS
                                  + ".")
                          .minimum(1)
                          .maximum(MAX_RESULTS))
              .required("pattern")
              .closed()
              .build());

  private final AllowedRoots configured;

  CodeSearchTool(AllowedRoots configured) {
    this.configured = configured;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) throws IOException {
    String text = arguments.path("pattern").asText();
    if (text.isEmpty()) {
      return ToolResult.error("Give a pattern, for example {\"pattern\": \"OutOfMemoryError\"}.");
    }
    boolean regex = Parameters.bool(arguments, "regex", false);
    boolean caseSensitive = Parameters.bool(arguments, "case_sensitive", false);
    Pattern pattern;
    try {
      pattern = compile(text, regex, caseSensitive);
    } catch (PatternSyntaxException e) {
      return ToolResult.error(
          ("Invalid regular expression: %s\nFix the expression, escape special characters"
                  + " with \\, or pass regex=false to search for the text literally.")
              .formatted(e.getMessage()));
    }
    Optional<String> glob = Parameters.text(arguments, "glob");
    PathMatcher matcher;
    try {
      matcher = glob.map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).orElse(null);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(
          "Invalid glob '%s': %s. Examples: *.java, *.{yaml,yml}, src/**/*.go"
              .formatted(glob.get(), e.getMessage()));
    }
    TreeSearch.Query query =
        new TreeSearch.Query(
            pattern,
            matcher,
            glob.map(g -> g.contains("/")).orElse(false),
            Parameters.integer(arguments, "context_lines", DEFAULT_CONTEXT, 0, MAX_CONTEXT),
            Parameters.integer(arguments, "max_results", DEFAULT_RESULTS, 1, MAX_RESULTS));
    AllowedRoots roots = configured.withWorkspace(context.workspace());
    // Without a path the search starts at the first allowed root (a relative path, "." included,
    // is looked for in the workspace first).
    return switch (roots.locate(
        Parameters.text(arguments, "path")
            .orElse(roots.isEmpty() ? "." : roots.primary().toString()))) {
      case AllowedRoots.Location.Refused refused -> ToolResult.error(refused.reason());
      case AllowedRoots.Location.Missing missing ->
          ToolResult.error(DirectoryListing.missing(missing));
      case AllowedRoots.Location.Found found ->
          search(found.path(), roots, query, describe(arguments, regex, caseSensitive), context);
    };
  }

  private static Pattern compile(String text, boolean regex, boolean caseSensitive) {
    int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    return regex ? TimedText.compile(text, flags) : Pattern.compile(Pattern.quote(text), flags);
  }

  private static ToolResult search(
      Path start, AllowedRoots roots, TreeSearch.Query query, String what, ToolContext context)
      throws IOException {
    if (!Files.isDirectory(start) && !Files.isRegularFile(start)) {
      return ToolResult.error(
          start
              + " is not a regular file or a directory (a device, FIFO or socket): code_search"
              + " reads only regular files. Search the directory holding it instead.");
    }
    if (Files.isRegularFile(start)) {
      Optional<String> binary = ContentSniffer.binaryKind(start);
      if (binary.isPresent()) {
        return ToolResult.error(
            start + " is a binary file (" + binary.get() + "); code_search reads text.");
      }
    }
    Path root = roots.roots().stream().filter(start::startsWith).findFirst().orElse(start);
    TreeSearch.Outcome outcome =
        TreeSearch.run(
            query, start, root, StopWatch.before(context.deadline()), context.cancelled());
    String header = "Searched " + start + " for " + what + "\n";
    if (outcome.totalMatches() == 0) {
      return ToolResult.noData(header + "No matches. " + footer(outcome));
    }
    StringBuilder out = new StringBuilder(header);
    List<TreeSearch.FileMatches> files = new ArrayList<>(outcome.files());
    files.sort(Comparator.comparing(TreeSearch.FileMatches::path));
    for (TreeSearch.FileMatches file : files) {
      out.append('\n')
          .append(file.path())
          .append(" (")
          .append(file.matches())
          .append(file.matches() == 1 ? " match)\n" : " matches)\n")
          .append(file.printed());
    }
    out.append('\n').append(footer(outcome));
    return ToolResult.success(out.toString());
  }

  private static String describe(ObjectNode arguments, boolean regex, boolean caseSensitive) {
    String glob = Parameters.text(arguments, "glob").map(g -> ", files matching " + g).orElse("");
    return "\"%s\" (%s, %s)%s"
        .formatted(
            arguments.path("pattern").asText(),
            regex ? "regular expression" : "literal",
            caseSensitive ? "case-sensitive" : "case-insensitive",
            glob);
  }

  private static String footer(TreeSearch.Outcome outcome) {
    StringBuilder out = new StringBuilder();
    String counts =
        String.format(
            Locale.ROOT,
            "%,d %s in %,d %s",
            outcome.totalMatches(),
            outcome.totalMatches() == 1 ? "match" : "matches",
            outcome.filesWithMatches(),
            outcome.filesWithMatches() == 1 ? "file" : "files");
    if (outcome.shown() < outcome.totalMatches()) {
      out.append(counts)
          .append(" (showing ")
          .append(outcome.shown())
          .append("); narrow with glob or path");
    } else if (outcome.totalMatches() > 0) {
      out.append(counts);
    }
    out.append(out.isEmpty() ? "" : ". ")
        .append("Searched ")
        .append(outcome.filesSearched())
        .append(" text files");
    List<String> skipped = new ArrayList<>();
    if (outcome.binarySkipped() > 0) {
      skipped.add(outcome.binarySkipped() + " binary");
    }
    if (outcome.largeSkipped() > 0) {
      skipped.add(outcome.largeSkipped() + " over 2 MB");
    }
    if (outcome.ignoredSkipped() > 0) {
      skipped.add(outcome.ignoredSkipped() + " ignored by .gitignore");
    }
    if (outcome.unreadable() > 0) {
      skipped.add(outcome.unreadable() + " unreadable");
    }
    if (!skipped.isEmpty()) {
      out.append("; skipped ").append(String.join(", ", skipped));
    }
    out.append('.');
    if (outcome.partial()) {
      out.append(
          "\nPARTIAL RESULTS: the search stopped at its time limit before covering every file."
              + " Narrow it with path or glob to search the rest.");
    }
    return out.toString();
  }
}
