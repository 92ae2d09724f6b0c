package dev.oats.tools.kube;

import dev.oats.tool.ToolProvider;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Kubernetes tools: {@code kubectl_info}, a read-only view of the cluster.
 *
 * <p>Settings read: {@code OATS_TARGET_NAMESPACE}, the namespace used when a call names none (else
 * {@code default}). The cluster is found as kubectl finds it: {@code KUBECONFIG}, then {@code
 * ~/.kube/config}, then the in-cluster service account. Offering the tool only checks that such a
 * configuration exists; the client is built, and the API contacted, on the first call.
 */
public final class KubeTools {

  /** The setting that names the namespace under investigation. */
  public static final String TARGET_NAMESPACE = "OATS_TARGET_NAMESPACE";

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
  private static final int REQUEST_TIMEOUT_MILLIS = 30_000;
  private static final int RETRIES = 1;

  private KubeTools() {}

  /**
   * The tools, enabled when a Kubernetes configuration is found, else offered as disabled with the
   * reason.
   */
  public static List<ToolProvider.Offer> offers(Map<String, String> settings) {
    return offers(settings, KubeConfigLocator.ofSystem(), () -> Config.autoConfigure(null));
  }

  /**
   * The tools over a client the caller built (the server's, or a test's mock). The caller keeps
   * ownership of the client and closes it.
   */
  public static List<ToolProvider.Offer> offers(
      Map<String, String> settings, KubernetesClient client) {
    Objects.requireNonNull(client, "client");
    return List.of(
        ToolProvider.Offer.enabled(
            new KubectlInfoTool(() -> client, configuredNamespace(settings), Clock.systemUTC())));
  }

  /**
   * @param configs reads the configuration on the first call; fabric8's auto-configuration in
   *     production
   */
  static List<ToolProvider.Offer> offers(
      Map<String, String> settings, KubeConfigLocator locator, Supplier<Config> configs) {
    if (locator.locate().isEmpty()) {
      return List.of(ToolProvider.Offer.disabled(KubectlInfoTool.NAME, locator.whyNotFound()));
    }
    return List.of(
        ToolProvider.Offer.enabled(
            new KubectlInfoTool(
                new LazyClient(configs), configuredNamespace(settings), Clock.systemUTC())));
  }

  /**
   * A client built on first use, when a Kubernetes configuration is found; empty otherwise. For
   * tools outside this package that read the cluster too ({@code log_analyzer}).
   */
  public static java.util.Optional<Supplier<KubernetesClient>> lazyClient() {
    return KubeConfigLocator.ofSystem().locate().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(new LazyClient(() -> Config.autoConfigure(null)));
  }

  static String targetNamespace(Map<String, String> settings) {
    String namespace = configuredNamespace(settings);
    return namespace == null ? "default" : namespace;
  }

  /** {@code OATS_TARGET_NAMESPACE}, or null when it is not set. */
  public static String configuredNamespace(Map<String, String> settings) {
    String namespace = settings.get(TARGET_NAMESPACE);
    return namespace == null || namespace.isBlank() ? null : namespace.strip();
  }

  /** The namespace of the client's kubeconfig context, as kubectl uses it; else {@code default}. */
  public static String namespaceOf(KubernetesClient client) {
    String namespace = client.getNamespace();
    return namespace == null || namespace.isBlank() ? "default" : namespace;
  }

  /**
   * The namespace of the current kubeconfig context, read from files only (no API call); empty when
   * there is no configuration or the context names none.
   */
  public static java.util.Optional<String> contextNamespace() {
    if (KubeConfigLocator.ofSystem().locate().isEmpty()) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.ofNullable(Config.autoConfigure(null).getNamespace())
          .filter(namespace -> !namespace.isBlank());
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * Builds the client on first use, with short timeouts and one retry so that an unreachable API
   * fails a call within the tool's time limit. A failed build is not remembered: the next call
   * tries again.
   */
  private static final class LazyClient implements Supplier<KubernetesClient> {

    private final Supplier<Config> configs;
    private KubernetesClient client;

    LazyClient(Supplier<Config> configs) {
      this.configs = configs;
    }

    @Override
    public synchronized KubernetesClient get() {
      if (client == null) {
        Config config = configs.get();
        config.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
        config.setRequestRetryBackoffLimit(RETRIES);
        client = new KubernetesClientBuilder().withConfig(config).build();
      }
      return client;
    }
  }
}
