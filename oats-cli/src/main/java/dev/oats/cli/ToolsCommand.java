package dev.oats.cli;

import dev.oats.agent.ToolLoader;
import dev.oats.agent.ToolRegistry;
import dev.oats.config.ConfigException;
import dev.oats.config.OatsConfig;
import java.nio.file.Path;
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
      // The listing ends with the protection line itself; the start log's would say it twice.
      Logging.quietBelowDebug(dev.oats.tools.shell.Sandbox.class);
      registry = ToolLoader.load(config.toolSettings(), config.toolsDir());
    } catch (ConfigException | IllegalStateException e) {
      main.err.println("ERROR: " + e.getMessage());
      return 1;
    }
    int name = registry.entries().stream().mapToInt(e -> e.name().length()).max().orElse(4);
    int source = registry.entries().stream().mapToInt(e -> e.source().length()).max().orElse(6);
    String row = "%-" + Math.max(name, 4) + "s  %-" + Math.max(source, 6) + "s  %-9s %s%n";
    main.out.printf(row, "TOOL", "SOURCE", "STATUS", "WHAT IT DOES");
    for (ToolRegistry.Entry entry : registry.entries()) {
      main.out.printf(
          row,
          entry.name(),
          entry.source(),
          entry.enabled() ? "enabled" : "disabled",
          entry.enabled() ? summary(entry.tool().description()) : "");
      if (!entry.enabled()) {
        main.out.println("    because " + entry.disabledReason());
      }
    }
    for (String problem : registry.problems()) {
      main.out.println("skipped: " + problem);
    }
    Path toolsDir = config.toolsDir().toAbsolutePath().normalize();
    main.out.println();
    main.out.printf("YAML tools:  %d, from *.yaml in %s%n", count(registry, "yaml "), toolsDir);
    String mcp = config.toolSettings().get("OATS_MCP_CONFIG");
    main.out.printf(
        "MCP tools:   %d, %s%n",
        count(registry, "mcp "),
        mcp == null || mcp.isBlank()
            ? "none configured (OATS_MCP_CONFIG names an mcpServers JSON file)"
            : "from the servers in " + mcp);
    main.out.printf(
        "Plugin jars: %d tools, from *.jar in %s%n", count(registry, "plugin "), toolsDir);
    main.out.println("Paths:       " + InvestigateCommand.workingDirectoryRule(config));
    main.out.println(
        "Protection: " + dev.oats.tools.shell.ShellTools.protection(config.toolSettings()));
    return 0;
  }

  private static long count(ToolRegistry registry, String sourcePrefix) {
    return registry.entries().stream().filter(e -> e.source().startsWith(sourcePrefix)).count();
  }

  /** The description's first sentence, cut to fit one line. */
  static String summary(String description) {
    String first = description.strip().split("(?<=[.!?])\\s|\\R", 2)[0];
    return first.length() <= 60 ? first : first.substring(0, 59) + "…";
  }
}
