package dev.oats.tools.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Pod logs for the tools that are not {@code kubectl_info} ({@code log_analyzer}), read the same
 * way and with the same explanations when the API refuses or cannot be reached.
 */
public final class PodLogs {

  private final Supplier<KubernetesClient> client;

  public PodLogs(Supplier<KubernetesClient> client) {
    this.client = client;
  }

  /** The API refused, or could not be reached; the message says why in an SRE's terms. */
  public static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;

    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The container's log, with the API server's timestamps at the start of each line.
   *
   * @param container the container, or null for the pod's only one
   * @param previous the previous, crashed run of the container
   * @param since how far back, or null for all that is kept
   */
  public String read(
      String namespace,
      String pod,
      String container,
      boolean previous,
      int tailLines,
      Duration since)
      throws Unavailable {
    KubeApi api;
    try {
      api = new KubeApi(client.get());
    } catch (RuntimeException e) {
      throw new Unavailable("cannot build a Kubernetes client: " + e.getMessage(), e);
    }
    try {
      return api.log(namespace, pod, container, previous, tailLines, since);
    } catch (KubeApiException e) {
      throw new Unavailable(KubeErrors.explain(e, api.masterUrl()), e);
    }
  }
}
