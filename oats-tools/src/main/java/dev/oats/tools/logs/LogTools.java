package dev.oats.tools.logs;

import dev.oats.tool.ToolProvider;
import dev.oats.tools.files.AllowedRoots;
import dev.oats.tools.kube.KubeTools;
import dev.oats.tools.kube.PodLogs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The log tools. {@code log_analyzer} is always offered: without a Kubernetes configuration it
 * still reads files and text, and says so when asked for a pod.
 */
public final class LogTools {

  private LogTools() {}

  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    return offers(settings, KubeTools.lazyClient());
  }

  /** With a given client (the server's, or a test's mock server), or none. */
  public static List<ToolProvider.Offer> offers(
      Map<String, String> settings, Optional<Supplier<KubernetesClient>> client) {
    String namespace = KubeTools.configuredNamespace(settings);
    return List.of(
        ToolProvider.Offer.enabled(
            new LogAnalyzerTool(
                client.map(PodLogs::new),
                AllowedRoots.fromSettings(settings),
                namespace,
                Clock.systemUTC())));
  }
}
