package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code yaml_parser}: parses YAML given inline or read from a file, and either answers a path
 * query on every document or summarises the documents (Kubernetes objects by kind, anything else as
 * an outline of its keys). Secret values are hidden before anything is shown.
 */
final class YamlParserTool implements Tool {

  static final String NAME = "yaml_parser";

  private static final long MAX_FILE_BYTES = 5L * 1024 * 1024;

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          "Parses YAML (several documents separated by --- are fine) from a file or inline text."
              + " Without a query it summarises each document: for Kubernetes objects the kind, name"
              + " and namespace, and for workloads each container's image, ports, env var names (and"
              + " which secret or configmap key feeds them), resources, probes and mounts; services,"
              + " configmaps, secrets (keys only) and ingresses too; other YAML as an outline of its"
              + " keys. With a query it extracts that path from every document. Syntax errors come back"
              + " with line and column. Example: {\"path\": \"deploy/app.yaml\", \"query\":"
              + " \"spec.template.spec.containers[*].resources\"}",
          ToolCategory.FILES,
          ParameterSchema.object()
              .string("content", "The YAML text itself. Give this or path, not both.")
              .string(
                  "path",
                  "A YAML file to read: absolute, or relative to the first allowed root. Give this or"
                      + " content, not both.")
              .string(
                  "query",
                  "Optional path to extract from every document, such as"
                      + " spec.template.spec.containers[0].image or items[*].metadata.name; [*] takes"
                      + " every list item, [\"a.b\"] quotes a key. Without it you get a summary.")
              .required()
              .closed()
              .build());

  private final AllowedRoots configured;

  YamlParserTool(AllowedRoots configured) {
    this.configured = configured;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) throws IOException {
    Optional<String> content = Parameters.text(arguments, "content");
    Optional<String> path = Parameters.text(arguments, "path");
    if (content.isPresent() == path.isPresent()) {
      return ToolResult.error(
          (content.isPresent() ? "Give content or path, not both." : "Give content or path.")
              + " Example: {\"path\": \"deploy/app.yaml\"} or {\"content\": \"kind: Pod\\n...\"}");
    }
    Optional<YamlQuery> query;
    try {
      query = Parameters.text(arguments, "query").map(YamlQuery::parse);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    if (content.isPresent()) {
      return answer("the given content", content.get(), query);
    }
    return switch (configured.withWorkspace(context.workspace()).locate(path.get())) {
      case AllowedRoots.Location.Refused refused -> ToolResult.error(refused.reason());
      case AllowedRoots.Location.Missing missing ->
          ToolResult.error(DirectoryListing.missing(missing));
      case AllowedRoots.Location.Found found -> answerFile(found.path(), query);
    };
  }

  private ToolResult answerFile(Path file, Optional<YamlQuery> query) throws IOException {
    if (!Files.isRegularFile(file)) {
      return ToolResult.error(
          file + " is not a regular file. Give a YAML file; file_reader lists a directory.");
    }
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      return ToolResult.error(
          ("%s is %s; yaml_parser reads files up to %s. Read a part with file_reader and pass"
                  + " it as content.")
              .formatted(file, Sizes.human(size), Sizes.human(MAX_FILE_BYTES)));
    }
    Optional<String> binary = ContentSniffer.binaryKind(file);
    if (binary.isPresent()) {
      return ToolResult.error(
          "%s is a binary file (%s, %s), not YAML."
              .formatted(file, binary.get(), Sizes.human(size)));
    }
    return answer(
        file.toString(),
        new String(BoundedFiles.readAtMost(file, (int) MAX_FILE_BYTES), StandardCharsets.UTF_8),
        query);
  }

  private static ToolResult answer(String source, String yaml, Optional<YamlQuery> query) {
    YamlDocuments.Parsed parsed = YamlDocuments.parse(yaml);
    if (parsed.error().isPresent()) {
      return ToolResult.error("Invalid YAML in " + source + ": " + parsed.error().get());
    }
    List<JsonNode> documents = parsed.documents();
    if (documents.isEmpty()) {
      return ToolResult.noData(source + " holds no YAML documents (it is empty or only comments).");
    }
    documents.forEach(SecretValues::hide);
    String header =
        documents.size() == 1
            ? "1 document in " + source
            : documents.size() + " documents in " + source;
    return query.map(q -> query(header, documents, q)).orElseGet(() -> summary(header, documents));
  }

  private static ToolResult query(String header, List<JsonNode> documents, YamlQuery query) {
    StringBuilder out = new StringBuilder(header).append(", query ").append(query).append('\n');
    int found = 0;
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      YamlQuery.Result result = query.apply(document);
      out.append("\nDocument ").append(i + 1).append(label(document)).append(":\n");
      if (result.matches().isEmpty()) {
        out.append("  no match: ").append(result.miss()).append('\n');
      }
      for (YamlQuery.Match match : result.matches()) {
        found++;
        out.append("  ")
            .append(match.path().isEmpty() ? "(whole document)" : match.path())
            .append(':');
        appendValue(match.value(), out);
      }
    }
    return found == 0 ? ToolResult.noData(out.toString()) : ToolResult.success(out.toString());
  }

  private static void appendValue(JsonNode value, StringBuilder out) {
    if (value.isContainerNode() && !value.isEmpty()) {
      out.append('\n');
      YamlDocuments.dump(value)
          .lines()
          .forEach(line -> out.append("    ").append(line).append('\n'));
    } else if (value.isTextual() && value.asText().contains("\n")) {
      out.append(" |\n");
      value.asText().lines().forEach(line -> out.append("    ").append(line).append('\n'));
    } else {
      out.append(' ')
          .append(value.isContainerNode() ? value.toString() : value.asText())
          .append('\n');
    }
  }

  private static ToolResult summary(String header, List<JsonNode> documents) {
    StringBuilder out = new StringBuilder(header).append('\n');
    for (int i = 0; i < documents.size(); i++) {
      JsonNode document = documents.get(i);
      out.append("\nDocument ").append(i + 1).append(": ");
      if (!KubernetesSummary.isObject(document)) {
        out.append("not a Kubernetes object; its keys:\n").append(YamlOutline.of(document));
      } else if (document.path("items").isArray()) {
        out.append(document.path("kind").asText())
            .append(" of ")
            .append(document.path("items").size())
            .append(" items\n");
        document.path("items").forEach(item -> out.append('\n').append(describe(item)));
      } else {
        out.append(KubernetesSummary.describe(document));
      }
    }
    return ToolResult.success(out.toString());
  }

  private static String describe(JsonNode item) {
    return KubernetesSummary.isObject(item)
        ? KubernetesSummary.describe(item)
        : "not a Kubernetes object; its keys:\n" + YamlOutline.of(item);
  }

  private static String label(JsonNode document) {
    return KubernetesSummary.isObject(document)
        ? " (" + KubernetesSummary.title(document) + ")"
        : "";
  }
}
