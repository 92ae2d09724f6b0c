package dev.oats.tool;

import java.util.List;
import java.util.Map;

/**
 * The entry point of a plugin jar, found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.oats.tool.ToolProvider}. The built-in tools are offered the same
 * way.
 *
 * <p>A provider may leave a tool out when its backend is not configured (no Prometheus URL, say);
 * it reports why through {@link Offer#disabled}, so {@code oats tools} can show it.
 */
public interface ToolProvider {

  /** A short name for listings, such as {@code builtin} or the plugin's name. */
  String name();

  /**
   * The tools this provider offers under the given settings.
   *
   * @param settings OATS's settings as flat keys ({@code OATS_PROMETHEUS_URL} and so on), without
   *     secrets the tools have no need for
   */
  List<Offer> tools(Map<String, String> settings);

  /**
   * A tool on offer, or the reason it is not.
   *
   * @param name the tool's name
   * @param tool the tool, or null when disabled
   * @param disabledReason why it is not offered, or null when enabled
   * @param source where the tool was defined (a YAML file, an MCP server), or null to use the
   *     provider's name
   */
  record Offer(String name, Tool tool, String disabledReason, String source) {
    public static Offer enabled(Tool tool) {
      return new Offer(tool.name(), tool, null, null);
    }

    public static Offer disabled(String name, String reason) {
      return new Offer(name, null, reason, null);
    }

    /** The same offer, said to come from a particular file or server. */
    public Offer from(String newSource) {
      return new Offer(name, tool, disabledReason, newSource);
    }

    public boolean isEnabled() {
      return tool != null;
    }
  }
}
