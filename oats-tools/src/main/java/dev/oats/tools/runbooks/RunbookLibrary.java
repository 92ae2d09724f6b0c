package dev.oats.tools.runbooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The runbooks of one folder ({@code OATS_RUNBOOKS_DIR}), and the files that could not be read as
 * runbooks, each with its reason: a broken runbook is reported, never skipped silently.
 *
 * <p>A runbook file:
 *
 * <pre>
 * ---
 * description: Pods of the shop crash-looping after a deploy
 * match:
 *   alertname: KubePodCrashLooping
 *   namespace: shop
 * ---
 * 1. Look at the previous container's log first ...
 * </pre>
 *
 * {@code match} is a map of label to exact value, or a list of Alertmanager matchers ({@code
 * severity=~"critical|warning"}); {@code match_re} is a map of label to regular expression.
 *
 * @param dir the folder, or null when none is configured
 */
public record RunbookLibrary(Path dir, List<Runbook> runbooks, List<Problem> problems) {

  /** A file that is not a usable runbook, and why. */
  public record Problem(Path file, String reason) {
    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  /** The largest runbook read; a runbook is a page of steps, not a manual. */
  static final long MAX_BYTES = 64 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> FIELDS = Set.of("description", "match", "match_re");

  public RunbookLibrary {
    runbooks = List.copyOf(runbooks);
    problems = List.copyOf(problems);
  }

  /** No folder configured: no runbooks. */
  public static RunbookLibrary none() {
    return new RunbookLibrary(null, List.of(), List.of());
  }

  /** The folder of the setting {@code OATS_RUNBOOKS_DIR}, or none when it is not set. */
  public static RunbookLibrary fromSettings(Map<String, String> settings) {
    String dir = settings.get("OATS_RUNBOOKS_DIR");
    return dir == null || dir.isBlank() ? none() : load(Path.of(dir));
  }

  /**
   * Reads every {@code *.md} file of the folder (not its subfolders; Kubernetes' {@code ..data}
   * links of a mounted ConfigMap are followed, not listed). A folder that does not exist is one
   * problem.
   */
  public static RunbookLibrary load(Path dir) {
    List<Runbook> runbooks = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      problems.add(new Problem(dir, "no such folder (check OATS_RUNBOOKS_DIR)"));
      return new RunbookLibrary(dir, runbooks, problems);
    }
    List<Path> files;
    try (Stream<Path> listed = Files.list(dir)) {
      files =
          listed
              .filter(p -> !p.getFileName().toString().startsWith("."))
              .filter(Files::isRegularFile)
              .sorted(Comparator.comparing(p -> p.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      problems.add(new Problem(dir, "cannot list the folder: " + e.getMessage()));
      return new RunbookLibrary(dir, runbooks, problems);
    }
    for (Path file : files) {
      if (!file.getFileName().toString().endsWith(".md")) {
        problems.add(new Problem(file, "not a runbook: runbook files end in .md"));
        continue;
      }
      try {
        runbooks.add(read(file));
      } catch (IllegalArgumentException e) {
        problems.add(new Problem(file, e.getMessage()));
      }
    }
    return new RunbookLibrary(dir, runbooks, problems);
  }

  /**
   * One runbook file.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static Runbook read(Path file) {
    String text;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new IllegalArgumentException(
            "over %d KiB; a runbook is a page of steps".formatted(MAX_BYTES / 1024));
      }
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (MalformedInputException e) {
      throw new IllegalArgumentException("not UTF-8 text");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read it: " + e.getMessage());
    }
    String name = file.getFileName().toString().replaceFirst("\\.md$", "");
    text = text.replace("\r\n", "\n");
    if (!text.startsWith("---\n")) {
      throw new IllegalArgumentException(
          "no front matter: the file must start with a line '---', the YAML (description:,"
              + " match:), and another '---'");
    }
    int end = text.indexOf("\n---", 3);
    while (end >= 0 && !(end + 4 == text.length() || text.charAt(end + 4) == '\n')) {
      end = text.indexOf("\n---", end + 4);
    }
    if (end < 0) {
      throw new IllegalArgumentException("the front matter has no closing '---' line");
    }
    String front = text.substring(4, end + 1);
    String body = end + 4 >= text.length() ? "" : text.substring(end + 5).strip();
    JsonNode yaml;
    try {
      yaml = YAML.readTree(front);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "the front matter is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (yaml == null || !yaml.isObject()) {
      throw new IllegalArgumentException(
          "the front matter must be a YAML map with description: and match:");
    }
    for (Iterator<String> it = yaml.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(
            "unknown front matter field '" + field + "' (known: description, match, match_re)");
      }
    }
    JsonNode description = yaml.path("description");
    if (!description.isTextual() || description.asText().isBlank()) {
      throw new IllegalArgumentException(
          "missing description: say in one line what the runbook is for (description: ...)");
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException(
          "no steps: the runbook has nothing after its front matter");
    }
    List<LabelMatcher> matchers = new ArrayList<>();
    matchers.addAll(matchers(yaml.path("match"), LabelMatcher.Op.EQUAL, "match"));
    matchers.addAll(matchers(yaml.path("match_re"), LabelMatcher.Op.REGEX, "match_re"));
    return new Runbook(name, description.asText().strip(), matchers, body, file);
  }

  private static List<LabelMatcher> matchers(JsonNode node, LabelMatcher.Op op, String field) {
    List<LabelMatcher> matchers = new ArrayList<>();
    try {
      if (node.isMissingNode() || node.isNull()) {
        return matchers;
      }
      if (node.isObject()) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            throw new IllegalArgumentException(
                "the value of " + e.getKey() + " must be a single value");
          }
          matchers.add(LabelMatcher.of(e.getKey(), op, e.getValue().asText()));
        }
      } else if (node.isArray() && op == LabelMatcher.Op.EQUAL) {
        for (JsonNode item : node) {
          if (!item.isTextual()) {
            throw new IllegalArgumentException(
                "each item must be a matcher such as severity=~\"critical|warning\"");
          }
          matchers.addAll(LabelMatcher.parseList(item.asText()));
        }
      } else {
        throw new IllegalArgumentException(
            op == LabelMatcher.Op.EQUAL
                ? "must be a map of label: value, or a list of matchers"
                : "must be a map of label: regular expression");
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
    return matchers;
  }

  /**
   * The runbook for an alert with these labels: of those that match, the one with the most matchers
   * (the most specific), the first by name on a tie.
   */
  public Optional<Runbook> forAlert(Map<String, String> labels) {
    return runbooks.stream()
        .filter(r -> r.matches(labels))
        .min(
            Comparator.comparingInt((Runbook r) -> -r.matchers().size())
                .thenComparing(Runbook::name));
  }

  /** The runbook with that name. */
  public Optional<Runbook> named(String name) {
    return runbooks.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
