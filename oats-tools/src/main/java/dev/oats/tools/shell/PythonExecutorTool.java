package dev.oats.tools.shell;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.ParameterSchema;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolDefinition;
import dev.oats.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code python_executor}: runs a Python 3 script from a file in the workspace, under the same
 * rules as {@code bash_executor}. What a script does cannot be told before it runs, so every call
 * is {@link SideEffect#UNKNOWN} and needs an approval unless writes are allowed.
 */
final class PythonExecutorTool implements Tool {

  static final String NAME = "python_executor";

  private static final ToolDefinition DEFINITION =
      new ToolDefinition(
          NAME,
          """
              Runs a Python 3 script on the machine OATS runs on and returns its exit code, stdout and \
              stderr. Every call needs a person's approval (OATS cannot tell what a script will do \
              before it runs it), so it is often refused: prefer the dedicated tools and read-only \
              bash_executor commands, and use this only for calculations or parsing that shell tools \
              cannot do.
              The script runs in the investigation's workspace with no input and only the standard \
              library that is installed; it is killed, with every process it started, after timeout \
              seconds. Each stream keeps its first 48 KB and last 16 KB.
              Example: {"code": "import json\\nd = json.load(open('pods.json'))\\nprint(len(d['items']))"}\
              """,
          ToolCategory.SHELL,
          ParameterSchema.object()
              .nonEmptyString("code", "The Python 3 source to run. Print what you want to see.")
              .integer("timeout", ShellLimits::timeout)
              .required("code")
              .closed()
              .build());

  private final Sandbox sandbox;

  PythonExecutorTool(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public ToolDefinition definition() {
    return DEFINITION;
  }

  @Override
  public SideEffect sideEffect(ObjectNode arguments) {
    return SideEffect.UNKNOWN;
  }

  @Override
  public Duration timeout() {
    return ShellLimits.toolTimeout();
  }

  @Override
  public ToolResult execute(ObjectNode arguments, ToolContext context)
      throws IOException, InterruptedException {
    String code = arguments.path("code").asText("");
    if (code.isBlank()) {
      return ToolResult.error("code is empty: give the Python 3 source to run.");
    }
    Optional<Path> python = Workspace.findExecutable("python3", context.childEnvironment());
    if (python.isEmpty()) {
      return ToolResult.error(
          "python3 is not installed on this machine; use bash_executor or install python3.");
    }
    Path directory = Workspace.workingDirectory(context.workspace(), null);
    Path script = Files.createTempFile(directory, ".oats-python-", ".py");
    try {
      Files.writeString(script, code);
      Duration limit = ShellLimits.limit(arguments, context.deadline(), Instant.now());
      ProcessRunner.Outcome outcome =
          ProcessRunner.run(
              new ProcessRunner.Request(
                  sandbox.wrap(
                      List.of(python.get().toString(), script.toString()),
                      context.workspace(),
                      directory,
                      Sandbox.Grant.APPROVED),
                  directory,
                  context.childEnvironment(),
                  limit,
                  context.cancelled()));
      return ProcessReport.toResult(outcome, "script", limit);
    } finally {
      Files.deleteIfExists(script);
    }
  }
}
