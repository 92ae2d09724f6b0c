package dev.oats.tools.runbooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * {@code runbooks}: the team's runbooks, listed by what they are for, or one read in full. Read
 * only. The folder is read again on each call, so a runbook edited in its ConfigMap is seen at
 * once.
 */
public final class RunbooksTool implements Tool {

  public static final String NAME = "runbooks";

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          "The team's runbooks: their own procedures for known problems. Without arguments it"
              + " lists each runbook's name, what it is for and which alerts it applies to; with"
              + " {\"name\": \"...\"} it returns that runbook's steps. Check the list early when the goal"
              + " looks like a problem the team may have a procedure for, and follow a matching one."
              + " Example: {\"name\": \"shop-crashloop\"}",
          ToolCategory.OTHER,
          ParameterSchema.object()
              .closed()
              .string(
                  "name",
                  "The runbook to read in full, as the list names it; leave out to list them all.")
              .build());

  private final Supplier<RunbookLibrary> library;

  public RunbooksTool(Path dir) {
    this(() -> RunbookLibrary.load(dir));
  }

  RunbooksTool(Supplier<RunbookLibrary> library) {
    this.library = library;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) {
    RunbookLibrary runbooks = library.get();
    String wanted = arguments.path("name").asText("").strip();
    if (!wanted.isEmpty()) {
      return runbooks
          .named(wanted)
          .map(
              r ->
                  ToolResult.success(
                      "# Runbook %s\nFor: %s\nApplies to alerts: %s\n\n%s"
                          .formatted(r.name(), r.description(), r.matchersText(), r.body())))
          .orElseGet(
              () ->
                  ToolResult.error(
                      "No runbook named '%s'. Runbooks: %s"
                          .formatted(
                              wanted,
                              runbooks.runbooks().isEmpty()
                                  ? "none"
                                  : String.join(
                                      ", ",
                                      runbooks.runbooks().stream().map(Runbook::name).toList()))));
    }
    if (runbooks.runbooks().isEmpty()) {
      return ToolResult.noData(
          "The team has no usable runbooks in %s%s."
              .formatted(
                  runbooks.dir(),
                  runbooks.problems().isEmpty()
                      ? ""
                      : " (%d file(s) could not be read)".formatted(runbooks.problems().size())));
    }
    StringBuilder out = new StringBuilder("NAME | FOR | APPLIES TO ALERTS\n");
    for (Runbook r : runbooks.runbooks()) {
      out.append(r.name())
          .append(" | ")
          .append(r.description())
          .append(" | ")
          .append(r.matchersText())
          .append('\n');
    }
    out.append("\nRead one with {\"name\": \"<NAME>\"}.");
    return ToolResult.success(out.toString());
  }
}
