package dev.oats.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;

/** Ends the investigation: its result is the report. The loop stops when this call succeeds. */
public final class FinishTool implements Tool {

  public static final String NAME = "finish";

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          "Ends the investigation with your report. Call it once you know the root cause, or"
              + " when you have done what you can and must say what is still unknown. Example:"
              + " {\"result\": \"## Root cause\\nThe container runs out of memory...\"}",
          ToolCategory.CONTROL,
          ParameterSchema.object()
              .nonEmptyString(
                  "result",
                  "The report in Markdown: ## Root cause, ## Evidence (what each tool"
                      + " showed), ## Next steps (commands to run, changes to make).")
              .required("result")
              .build());

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) {
    return ToolResult.success(arguments.get("result").asText());
  }
}
