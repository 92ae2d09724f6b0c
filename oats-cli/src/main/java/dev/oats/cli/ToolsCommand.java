package dev.oats.cli;

import dev.oats.agent.ToolLoader;
import dev.oats.agent.ToolRegistry;
import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Lists every tool with its source, category and whether it is offered to the model. */
@Command(
    name = "tools",
    description =
        "List the tools: built-in, plugin jars, YAML and MCP tools, what each does, and which"
            + " are enabled.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:listed",
      "1:the configuration or a tool definition is invalid",
      "2:bad command line"
    },
    footer = {"%nExample:", "  OATS_PROMETHEUS_URL=http://localhost:9090 oats tools"})
final class ToolsCommand implements Callable<Integer> {

  @ParentCommand Main main;

  @Override
  public Integer call() {
    OatsConfig config;
    ToolRegistry registry;
    try {
      config = main.config();
      registry = ToolLoader.load(config.toolSettings(), config.toolsDir());
    } catch (ConfigException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    }
    main.out.printf("%-20s %-14s %-14s %s%n", "TOOL", "SOURCE", "CATEGORY", "STATUS");
    for (ToolRegistry.Entry entry : registry.entries()) {
      main.out.printf(
          "%-20s %-14s %-14s %s%n",
          entry.name(),
          entry.source(),
          entry.category().map(Enum::name).orElse("-").toLowerCase(java.util.Locale.ROOT),
          entry.enabled() ? "enabled" : "disabled: " + entry.disabledReason());
    }
    for (String problem : registry.problems()) {
      main.out.println("skipped: " + problem);
    }
    main.out.println("Plugin jars are read from " + config.toolsDir().toAbsolutePath());
    main.out.println(
        "Protection: " + dev.oats.tools.shell.ShellTools.protection(config.toolSettings()));
    return 0;
  }
}
