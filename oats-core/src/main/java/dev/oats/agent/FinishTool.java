package dev.oats.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;

/** Ends the investigation: its result is the report. The loop stops when this call succeeds. */
public final class FinishTool implements Tool {

  public static final String NAME = "finish";

  private static final ObjectNode SCHEMA = schema();

  private static ObjectNode schema() {
    ObjectNode schema = new ObjectMapper().createObjectNode();
    schema.put("type", "object");
    ObjectNode result = schema.putObject("properties").putObject("result");
    result.put("type", "string");
    result.put("minLength", 1);
    result.put(
        "description",
        "The report in Markdown: ## Root cause, ## Evidence (what each tool showed), ## Next"
            + " steps (commands to run, changes to make).");
    schema.putArray("required").add("result");
    return schema;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Ends the investigation with your report. Call it once you know the root cause, or"
        + " when you have done what you can and must say what is still unknown. Example:"
        + " {\"result\": \"## Root cause\\nThe container runs out of memory...\"}";
  }

  @Override
  public ObjectNode parameters() {
    return SCHEMA.deepCopy();
  }

  @Override
  public ToolCategory category() {
    return ToolCategory.CONTROL;
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context) {
    return ToolResult.success(arguments.get("result").asText());
  }
}
