package dev.oats.tools.custom;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import dev.oats.tools.shell.ChildProcess;
import dev.oats.tools.shell.CommandClassifier;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * A tool defined by a YAML file: its command template is filled with the call's arguments and run
 * as an argv, with the shell tools' limits (see {@link ChildProcess}).
 *
 * @param definition the tool's name, description, category and the JSON Schema of its arguments
 * @param command the argv template
 * @param declaredEffect the side effect the file declares, or null to classify each call
 * @param timeLimit how long the command may run
 * @param fileName the file it came from, for messages
 */
record YamlTool(
    ToolDefinition definition,
    CommandTemplate command,
    SideEffect declaredEffect,
    Duration timeLimit,
    String fileName)
    implements Tool {

  /** Lets the command's own limit, not the executor's, end a slow run, so its output is kept. */
  private static final Duration MARGIN = Duration.ofSeconds(5);

  /** The declared effect, else what {@link CommandClassifier} finds in this call's argv. */
  @Override
  public SideEffect sideEffect(ObjectNode arguments) {
    if (declaredEffect != null) {
      return declaredEffect;
    }
    try {
      return CommandClassifier.classify(argv(arguments));
    } catch (IllegalArgumentException e) {
      return SideEffect.UNKNOWN;
    }
  }

  @Override
  public Duration timeout() {
    return timeLimit.plus(MARGIN);
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context)
      throws IOException, InterruptedException {
    List<String> argv;
    try {
      argv = argv(arguments);
    } catch (IllegalArgumentException e) {
      return ToolResult.error("Invalid arguments for %s: %s.".formatted(name(), e.getMessage()));
    }
    return ChildProcess.run(
        argv,
        timeLimit,
        ("Narrow the call through its parameters, or ask for timeout_seconds to be raised in %s.")
            .formatted(fileName),
        context);
  }

  private List<String> argv(ObjectNode arguments) {
    return command.render(arguments, definition.parameters().path("properties"));
  }
}
