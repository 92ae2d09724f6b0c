package dev.oats.tools.shell;

import dev.oats.tool.ToolProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The shell tools: {@code bash_executor} and {@code python_executor}. Both run child processes in
 * the investigation's workspace with the scrubbed child environment and kill the whole process tree
 * at their time limit. {@code bash_executor} runs read-only command lines without asking, judged by
 * {@link CommandClassifier}; {@code python_executor} always needs an approval.
 */
public final class ShellTools {

  private ShellTools() {}

  /**
   * The shell tools on offer. Both are always enabled: a missing {@code bash} or {@code python3} is
   * reported by the call itself, since the PATH that matters is the child environment's.
   *
   * @param settings OATS's settings: {@code OATS_ALLOWED_HOSTS} (see {@link AllowedHosts}), {@code
   *     OATS_TOOL_SANDBOX} (see {@link Sandbox}), the workspace and the paths to hide
   */
  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    Sandbox sandbox = Sandbox.configure(settings);
    Path workspace =
        Path.of(settings.getOrDefault("OATS_WORKSPACE", "./workspace")).toAbsolutePath();
    return List.of(
        ToolProvider.Offer.enabled(
            new BashExecutorTool(AllowedHosts.from(settings), workspace, sandbox)),
        ToolProvider.Offer.enabled(new PythonExecutorTool(sandbox)));
  }

  /** What protects OATS from its tools' processes, in one line, for the start log and listings. */
  public static String protection(Map<String, String> settings) {
    return Sandbox.detect(settings).describe()
        + "; outbound hosts allowed without approval: "
        + String.join(", ", AllowedHosts.from(settings).entries());
  }
}
