package dev.oats.tools.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.logs.AnalyzerOptions;
import dev.oats.logs.LogAnalyzer;
import dev.oats.logs.LogLevel;
import dev.oats.logs.LogSummary;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.files.AllowedRoots;
import dev.oats.tools.files.BoundedFiles;
import dev.oats.tools.kube.PodLogs;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code log_analyzer}: turns a log too big for a model's context into what matters — templates
 * ranked by severity then by how anomalous they are (failure words, slow durations, bursts, new),
 * with counts, first and last time, the range of their numbers and an example where it adds
 * information, error and warning totals, errors over time, stack traces folded into exception, top
 * frames and repeated frame, and what the filters left out and why. The log is a pod's (through the
 * Kubernetes API), a file (within the allowed roots) or text.
 */
final class LogAnalyzerTool implements Tool {

  static final String NAME = "log_analyzer";
  private static final int DEFAULT_TAIL = 20_000;
  private static final int MAX_TAIL = 500_000;

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Summarises a log that is too long to read: groups lines into templates (variables masked \
              as <*>), ranks them by severity then anomaly (failure words, slow, burst, NEW = first seen \
              late), and gives counts, first/last time, min/median/max of numeric variables, examples \
              where they add information, error and warning totals, errors per time bucket, stack \
              traces folded to exception, top frames and repeated frame; a log without levels is ranked \
              by anomaly and says so, and what since/until/min_level left out is stated. Give exactly \
              one source: a pod (namespace, \
              pod, optionally container and previous=true for the crashed run), a file path, or text. \
              Narrow with since (15m, 2h, or an ISO time), until, and min_level. Use it before reading \
              raw logs. Example: {"namespace": "shop", "pod": "checkout-api-7d9f8-x2x9q", \
              "previous": true, "min_level": "warn"}""",
          ToolCategory.LOGS,
          ParameterSchema.object()
              .string("namespace", "The pod's namespace; default: the investigation's namespace.")
              .string("pod", "A pod name.")
              .string("container", "The container, when the pod has several.")
              .bool("previous", "The previous (crashed) run of the container.")
              .integer(
                  "tail_lines",
                  p ->
                      p.minimum(1)
                          .maximum(MAX_TAIL)
                          .description(
                              "How many of the newest pod log lines to read; default "
                                  + DEFAULT_TAIL
                                  + "."))
              .string(
                  "path",
                  "A log file, within the allowed roots; a relative path is looked for first in the"
                      + " workspace, where bash_executor runs.")
              .string("text", "The log itself.")
              .string("since", "Leave out older lines: 15m, 2h, 1d or an ISO-8601 time.")
              .string("until", "Leave out lines from this time on.")
              .string(
                  "min_level",
                  p ->
                      p.description("Leave out lines below this level.")
                          .oneOf(List.of("trace", "debug", "info", "warn", "error")))
              .integer(
                  "budget",
                  p ->
                      p.minimum(500)
                          .maximum(16_000)
                          .description(
                              "Characters the summary may take; default "
                                  + AnalyzerOptions.DEFAULT_BUDGET
                                  + "."))
              .closed()
              .build());

  private final Optional<PodLogs> pods;
  private final AllowedRoots roots;
  private final String defaultNamespace;
  private final Clock clock;

  LogAnalyzerTool(
      Optional<PodLogs> pods, AllowedRoots roots, String defaultNamespace, Clock clock) {
    this.pods = pods;
    this.roots = roots;
    this.defaultNamespace = defaultNamespace;
    this.clock = clock;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public Duration timeout() {
    return Duration.ofSeconds(120);
  }

  @Override
  public ToolResult execute(ObjectNode args, ToolContext context) throws IOException {
    int sources =
        (args.hasNonNull("pod") ? 1 : 0)
            + (args.hasNonNull("path") ? 1 : 0)
            + (args.hasNonNull("text") ? 1 : 0);
    if (sources != 1) {
      return ToolResult.error(
          "Give exactly one source: \"pod\" (with \"namespace\"), \"path\" or \"text\"; this call gave "
              + sources
              + ".");
    }
    AnalyzerOptions options;
    try {
      options = options(args);
    } catch (IllegalArgumentException e) {
      return ToolResult.error(e.getMessage());
    }
    if (args.hasNonNull("text")) {
      return render(
          LogAnalyzer.analyze(args.get("text").asText().lines(), options),
          options,
          "the given text");
    }
    if (args.hasNonNull("path")) {
      return fromFile(args.get("path").asText(), context, options);
    }
    return fromPod(args, options, context);
  }

  private AnalyzerOptions options(ObjectNode args) {
    AnalyzerOptions options = AnalyzerOptions.defaults();
    if (args.hasNonNull("since")) {
      options = options.withSince(AnalyzerOptions.parseInstant(args.get("since").asText(), clock));
    }
    if (args.hasNonNull("until")) {
      options = options.withUntil(AnalyzerOptions.parseInstant(args.get("until").asText(), clock));
    }
    if (args.hasNonNull("min_level")) {
      options =
          options.withMinLevel(
              LogLevel.valueOf(args.get("min_level").asText().toUpperCase(Locale.ROOT)));
    }
    if (args.hasNonNull("budget")) {
      options = options.withBudget(args.get("budget").asInt());
    }
    return options;
  }

  /** The most of a log file read: its last 64 MB, however large it claims to be. */
  private static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

  /** The most of one line kept; a file without line breaks cannot fill memory. */
  private static final int MAX_LINE_CHARS = 64 * 1024;

  private ToolResult fromFile(String path, ToolContext context, AnalyzerOptions options)
      throws IOException {
    AllowedRoots allowed = roots.withWorkspace(context.workspace());
    Optional<Path> file = resolve(allowed, path);
    if (file.isEmpty()) {
      return ToolResult.error(
          "'%s' is not a file within the allowed roots (%s).".formatted(path, allowed.describe()));
    }
    try (Reader reader = BoundedFiles.tail(file.get(), MAX_FILE_BYTES, MAX_LINE_CHARS)) {
      return render(LogAnalyzer.analyze(reader, options), options, file.get().toString());
    }
  }

  /** The file the same way the file tools find it: relative to the workspace first. */
  private static Optional<Path> resolve(AllowedRoots allowed, String path) {
    return allowed.locate(path) instanceof AllowedRoots.Location.Found found
            && Files.isRegularFile(found.path())
        ? Optional.of(found.path())
        : Optional.empty();
  }

  private ToolResult fromPod(ObjectNode args, AnalyzerOptions options, ToolContext context) {
    if (pods.isEmpty()) {
      return ToolResult.error(
          "No Kubernetes configuration was found (KUBECONFIG, ~/.kube/config or in-cluster), so pod"
              + " logs cannot be read; pass a file \"path\" or the \"text\" instead.");
    }
    String namespace =
        args.hasNonNull("namespace")
            ? args.get("namespace").asText()
            : context.namespaceOr(pods.get().namespaceOr(defaultNamespace));
    String pod = args.get("pod").asText();
    String container = args.hasNonNull("container") ? args.get("container").asText() : null;
    boolean previous = args.path("previous").asBoolean(false);
    int tail = args.path("tail_lines").asInt(DEFAULT_TAIL);
    Duration since =
        options.since() == null
            ? null
            : Duration.between(options.since(), clock.instant()).plusSeconds(1);
    String log;
    try {
      log = pods.get().read(namespace, pod, container, previous, tail, since);
    } catch (PodLogs.Unavailable e) {
      return ToolResult.error(e.getMessage());
    }
    String source =
        "pod %s/%s%s%s (last %,d lines)"
            .formatted(
                namespace,
                pod,
                container == null ? "" : " container " + container,
                previous ? ", previous run" : "",
                tail);
    return render(LogAnalyzer.analyze(log.lines(), options), options, source);
  }

  private static ToolResult render(LogSummary summary, AnalyzerOptions options, String source) {
    String text = "Log summary of " + source + "\n" + summary.render(options.budget());
    return summary.templates().isEmpty() ? ToolResult.noData(text) : ToolResult.success(text);
  }
}
