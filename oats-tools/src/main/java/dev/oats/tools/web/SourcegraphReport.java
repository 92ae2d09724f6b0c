package dev.oats.tools.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tool.ToolResult;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sourcegraph's search results grouped by repository, then file, with 1-based line numbers. */
final class SourcegraphReport {

  /** Matching lines shown per file; the rest are counted. */
  static final int LINES_PER_FILE = 5;

  private static final int PREVIEW_CHARS = 200;

  private SourcegraphReport() {}

  private record FileHit(String path, String url, List<JsonNode> lines) {}

  /** The files and repositories to show, and how many other results were left out. */
  private record Grouped(
      Map<String, List<FileHit>> byRepository, List<String> repositories, int shown, int other) {}

  static ToolResult render(JsonNode body, String query, int maxResults, URI base) {
    JsonNode results = body.path("data").path("search").path("results");
    Grouped grouped = group(results.path("results"), maxResults, base);
    String notes = notes(body, results, grouped.other());
    if (grouped.shown() == 0) {
      return nothing(results, query, notes);
    }
    StringBuilder out =
        new StringBuilder(heading(results, query, grouped.byRepository(), grouped.repositories()));
    grouped
        .byRepository()
        .forEach((repository, files) -> out.append('\n').append(repository(repository, files)));
    if (!grouped.repositories().isEmpty()) {
      out.append("\nRepositories matched by name: ")
          .append(String.join(", ", grouped.repositories()))
          .append('\n');
    }
    return ToolResult.success(out.toString().stripTrailing() + notes);
  }

  private static Grouped group(JsonNode results, int maxResults, URI base) {
    Map<String, List<FileHit>> byRepository = new LinkedHashMap<>();
    List<String> repositories = new ArrayList<>();
    int shown = 0;
    int other = 0;
    for (JsonNode result : results) {
      String type = result.path("__typename").asText();
      if (!type.equals("FileMatch") && !type.equals("Repository")) {
        other++;
      } else if (shown < maxResults) {
        shown++;
        if (type.equals("Repository")) {
          repositories.add(result.path("name").asText());
        } else {
          byRepository
              .computeIfAbsent(
                  result.path("repository").path("name").asText(), name -> new ArrayList<>())
              .add(fileHit(result, base));
        }
      }
    }
    return new Grouped(byRepository, repositories, shown, other);
  }

  private static FileHit fileHit(JsonNode match, URI base) {
    List<JsonNode> lines = new ArrayList<>();
    match.path("lineMatches").forEach(lines::add);
    return new FileHit(
        match.path("file").path("path").asText(),
        absolute(base, match.path("file").path("url").asText("")),
        lines);
  }

  private static String heading(
      JsonNode results,
      String query,
      Map<String, List<FileHit>> byRepository,
      List<String> repositories) {
    int files = byRepository.values().stream().mapToInt(List::size).sum();
    StringBuilder heading =
        new StringBuilder(
            "Sourcegraph `%s`: %d matches (about %s results); showing %s in %s"
                .formatted(
                    query,
                    results.path("matchCount").asInt(),
                    results.path("approximateResultCount").asText("?"),
                    plural(files, "file", "files"),
                    plural(byRepository.size(), "repository", "repositories")));
    if (!repositories.isEmpty()) {
      heading.append(" and ").append(plural(repositories.size(), "repository", "repositories"));
    }
    if (results.path("limitHit").asBoolean()) {
      heading.append(
          ". The result limit was hit: narrow the query with repo: or file:, or raise max_results");
    }
    return heading.append(".\n").toString();
  }

  private static String repository(String name, List<FileHit> files) {
    StringBuilder out = new StringBuilder(name).append('\n');
    for (FileHit file : files) {
      out.append("  ").append(file.path());
      if (!file.url().isEmpty()) {
        out.append("  ").append(file.url());
      }
      out.append('\n');
      for (JsonNode line : file.lines().subList(0, Math.min(LINES_PER_FILE, file.lines().size()))) {
        // Sourcegraph numbers lines from 0; editors and engineers count from 1.
        out.append("    %d: %s\n".formatted(line.path("lineNumber").asInt() + 1, preview(line)));
      }
      if (file.lines().size() > LINES_PER_FILE) {
        out.append(
            "    … %d more matching lines in this file\n"
                .formatted(file.lines().size() - LINES_PER_FILE));
      }
    }
    return out.toString();
  }

  private static String preview(JsonNode line) {
    String text = line.path("preview").asText("").strip();
    return text.length() <= PREVIEW_CHARS
        ? text
        : dev.oats.redact.SafeCut.head(text, PREVIEW_CHARS) + "…";
  }

  private static ToolResult nothing(JsonNode results, String query, String notes) {
    JsonNode alert = results.path("alert");
    if (alert.isObject()) {
      return ToolResult.error(
          "Sourcegraph did not search: " + alert(alert) + notes.replace("\n", " "));
    }
    return ToolResult.noData(
        "No code matched `%s`. Loosen the query: fewer words, a broader repo: or file: filter, or a regexp.%s"
            .formatted(query, notes));
  }

  private static String notes(JsonNode body, JsonNode results, int other) {
    StringBuilder notes = new StringBuilder();
    JsonNode alert = results.path("alert");
    if (alert.isObject() && results.path("results").size() > 0) {
      notes.append("\nAlert: ").append(alert(alert));
    }
    names(results.path("timedout"))
        .ifPresent(
            names ->
                notes
                    .append("\nTimed out in: ")
                    .append(names)
                    .append(". Retry, or narrow with repo:."));
    names(results.path("cloning"))
        .ifPresent(
            names -> notes.append("\nStill cloning, not searched: ").append(names).append('.'));
    if (other > 0) {
      notes.append(
          "\n%d commit or diff results are not shown; add type:file to search code only."
              .formatted(other));
    }
    List<String> errors = new ArrayList<>();
    body.path("errors").forEach(error -> errors.add(error.path("message").asText()));
    if (!errors.isEmpty()) {
      notes.append("\nSourcegraph also reported: ").append(String.join("; ", errors));
    }
    return notes.toString();
  }

  private static String alert(JsonNode alert) {
    StringBuilder text = new StringBuilder(alert.path("title").asText("alert"));
    String description = alert.path("description").asText("");
    if (!description.isBlank()) {
      text.append(" — ").append(description.strip());
    }
    List<String> proposed = new ArrayList<>();
    alert.path("proposedQueries").forEach(q -> proposed.add(q.path("query").asText()));
    if (!proposed.isEmpty()) {
      text.append(" Try: ").append(String.join(" | ", proposed));
    }
    return text.toString();
  }

  private static Optional<String> names(JsonNode repositories) {
    List<String> names = new ArrayList<>();
    repositories.forEach(repository -> names.add(repository.path("name").asText()));
    return names.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", names));
  }

  private static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  /** Sourcegraph gives file URLs relative to the instance. */
  private static String absolute(URI base, String url) {
    return url.startsWith("/") ? base + url : url;
  }
}
