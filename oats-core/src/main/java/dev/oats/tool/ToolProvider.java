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
   */
  record Offer(String name, Tool tool, String disabledReason) {
    public static Offer enabled(Tool tool) {
      return new Offer(tool.name(), tool, null);
    }

    public static Offer disabled(String name, String reason) {
      return new Offer(name, null, reason);
    }

    public boolean isEnabled() {
      return tool != null;
    }
  }
}
