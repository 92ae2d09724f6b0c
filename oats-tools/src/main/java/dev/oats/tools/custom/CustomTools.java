package dev.oats.tools.custom;

import dev.oats.config.ChildEnvironment;
import dev.oats.config.ToolConfig;
import dev.oats.tool.ToolProvider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tools users add without recompiling: YAML tool files and the tools of MCP servers.
 *
 * <h2>YAML tools</h2>
 *
 * Every {@code *.yaml} and {@code *.yml} file in the tools directory ({@code OATS_TOOLS_DIR},
 * default {@code ./tools}) defines one tool:
 *
 * <pre>{@code
 * name: pod_disk_usage          # [a-z][a-z0-9_]{0,63}, unique among all tools
 * description: |                # for the model: what, when, and an example call
 *   Shows disk usage inside a pod's container. Use it when a pod is evicted or logs
 *   "no space left". Example: {"namespace": "shop", "pod": "checkout-api-7d9f8-x2x9q"}
 * parameters:                   # a JSON Schema of type object, checked before the command runs
 *   type: object
 *   properties:
 *     namespace: {type: string, pattern: "^[a-z0-9-]+$"}
 *     pod: {type: string}
 *     path: {type: string, default: "/"}
 *   required: [namespace, pod]
 * command: ["kubectl", "exec", "-n", "{{namespace}}", "{{pod}}", "--", "df", "-h", "{{path}}"]
 * side_effect: read_only        # read_only | mutating | unknown; left out: judged per call
 * timeout_seconds: 30           # 1 to 3600, default 30
 * category: kubernetes          # a ToolCategory, default other
 * }</pre>
 *
 * <ul>
 *   <li>{@code command} is a list: the program, then its arguments. It is run directly, never
 *       through a shell, so an argument such as {@code "; rm -rf /"} stays one literal argument.
 *       The program must be fixed text; it is looked up on the PATH of tool processes.
 *   <li>A {@code {{parameter}}} placeholder is replaced inside its own element, which may hold
 *       other text ({@code --since={{since}}}). Strings go in as they are; numbers and booleans as
 *       JSON writes them; lists and objects are refused. A parameter that is absent and has no
 *       {@code default} drops every element that names it, text around it included.
 *   <li>Arguments are checked against {@code parameters} before anything runs. When the schema does
 *       not say {@code additionalProperties}, unknown arguments are refused. Use {@code pattern} or
 *       {@code enum} to keep values from being read as options (a value starting with {@code -}).
 *   <li>Without {@code side_effect}, each call's argv is judged by the shell tools' {@link
 *       dev.oats.tools.shell.CommandClassifier}; calls that are not read-only wait for an approval.
 *   <li>The command runs as {@code bash_executor}'s do: the scrubbed child environment, the
 *       workspace as working directory, no input, capped output, and its whole process tree killed
 *       at {@code timeout_seconds}.
 *   <li>A file that cannot be used becomes a disabled tool whose reason says what to fix: named by
 *       its {@code name} when that can be read, else by the file's base name. Unknown keys,
 *       placeholders that are not declared parameters, and YAML errors (with line and column) all
 *       disable the tool; none of them stops OATS. Two files with one name do stop it, with a
 *       message naming both.
 * </ul>
 *
 * <h2>MCP servers</h2>
 *
 * The servers are listed in {@code OATS_MCP_CONFIG}, else in {@code mcp.json} in the tools
 * directory when it exists, in the format other MCP clients use (JSON, or YAML of the same shape):
 *
 * <pre>{@code
 * {"mcpServers": {
 *   "github": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"],
 *              "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "…"}},
 *   "docs":   {"url": "http://127.0.0.1:3000/mcp", "headers": {"Authorization": "Bearer …"}}}}
 * }</pre>
 *
 * <ul>
 *   <li>A {@code command} server is started as a child process speaking MCP over stdio; it gets
 *       only its {@code env} plus PATH and HOME of the scrubbed child environment, never OATS's
 *       keys. A {@code url} server is reached with the streamable HTTP transport.
 *   <li>At start each server is connected, initialised and asked for its tools within {@code
 *       OATS_MCP_CONNECT_TIMEOUT_SECONDS} (default 15). Each tool keeps the server's name (made to
 *       fit {@code [a-z][a-z0-9_]{0,63}} when it does not), description and input schema; a call
 *       needs an approval unless the tool is annotated {@code readOnlyHint: true}, and may take
 *       {@code OATS_MCP_CALL_TIMEOUT_SECONDS} (default 60). Names are not prefixed: a clash with
 *       another tool stops the start with a message naming both sources.
 *   <li>A server that cannot be started, does not answer in time or breaks the protocol is offered
 *       as one disabled tool named after it, with the reason.
 *   <li>Clients live as long as the process: a later load (OATS loads tools for each investigation)
 *       reuses a client whose server still answers a ping, and a JVM shutdown hook closes them all,
 *       which stops the stdio servers.
 * </ul>
 */
public final class CustomTools implements ToolProvider {

  /** The clients of this process, shared by every load of the tools. */
  private static final McpConnections PROCESS_CONNECTIONS = new McpConnections(true);

  private final Map<String, String> processEnvironment;
  private final McpConnections connections;

  /** The provider {@link java.util.ServiceLoader} creates. */
  public CustomTools() {
    this(System.getenv(), PROCESS_CONNECTIONS);
  }

  /**
   * @param processEnvironment OATS's environment, scrubbed before a server sees any of it
   * @param connections where MCP clients are kept
   */
  CustomTools(Map<String, String> processEnvironment, McpConnections connections) {
    this.processEnvironment = Map.copyOf(processEnvironment);
    this.connections = connections;
  }

  @Override
  public String name() {
    return "custom";
  }

  @Override
  public List<Offer> tools(Map<String, String> settings) {
    Path toolsDir = ToolConfig.from(settings).toolsDir();
    Path mcpConfig = McpTools.configFile(settings, toolsDir);
    List<Offer> offers = new ArrayList<>(YamlTools.load(toolsDir, mcpConfig));
    if (mcpConfig != null) {
      offers.addAll(
          McpTools.offers(
              mcpConfig, settings, ChildEnvironment.scrub(processEnvironment), connections));
    }
    return List.copyOf(offers);
  }
}
