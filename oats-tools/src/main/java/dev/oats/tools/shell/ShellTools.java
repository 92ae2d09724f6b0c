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
   * The shell tools on offer. {@code python_executor} only when {@code python3} is on the PATH that
   * tools' child processes inherit (this process's): a tool that cannot run would still cost its
   * description on every request.
   *
   * @param settings OATS's settings: {@code OATS_ALLOWED_HOSTS} (see {@link AllowedHosts}), {@code
   *     OATS_TOOL_SANDBOX} (see {@link Sandbox}), the workspace and the paths to hide
   */
  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    String path = System.getenv("PATH");
    return offers(settings, path == null ? "" : path);
  }

  /** The shell tools on offer, {@code python3} looked for on {@code path}. */
  public static List<ToolProvider.Offer> offers(Map<String, String> settings, String path) {
    Sandbox sandbox = Sandbox.configure(settings);
    Path workspace =
        Path.of(settings.getOrDefault("OATS_WORKSPACE", "./workspace")).toAbsolutePath();
    return List.of(
        ToolProvider.Offer.enabled(
            new BashExecutorTool(AllowedHosts.from(settings), workspace, sandbox)),
        Workspace.findExecutable("python3", Map.of("PATH", path)).isPresent()
            ? ToolProvider.Offer.enabled(new PythonExecutorTool(sandbox))
            : ToolProvider.Offer.disabled(
                PythonExecutorTool.NAME, "python3 is not on the PATH (" + path + ")"));
  }

  /** What protects OATS from its tools' processes, in one line, for the start log and listings. */
  public static String protection(Map<String, String> settings) {
    return Sandbox.detect(settings).describe()
        + "; outbound hosts allowed without approval: "
        + String.join(", ", AllowedHosts.from(settings).entries());
  }
}
