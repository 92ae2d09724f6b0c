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
      if (e.code() == 404) {
        // A 404 on pods/log almost always means the pod (or container) is not there, not that
        // the API lacks the log subresource: say which, and what does exist.
        throw new Unavailable(missing(api, namespace, pod, container, e), e);
      }
      throw new Unavailable(KubeErrors.explain(e, api.masterUrl()), e);
    }
  }

  /** The configured namespace, else the client's kubeconfig context namespace. */
  public String namespaceOr(String configured) {
    if (configured != null) {
      return configured;
    }
    try {
      return KubeTools.namespaceOf(client.get());
    } catch (RuntimeException e) {
      return "default";
    }
  }

  private static String missing(
      KubeApi api, String namespace, String pod, String container, KubeApiException e) {
    boolean podExists;
    try {
      podExists = api.get(ResourceKind.POD, namespace, pod).isPresent();
    } catch (KubeApiException unreadable) {
      podExists = false;
    }
    if (!podExists) {
      KubeQuery query =
          new KubeQuery(
              KubeQuery.Action.LOGS,
              ResourceKind.POD,
              pod,
              namespace,
              null,
              container,
              1,
              null,
              false,
              null);
      return Lookup.notFound(api, query)
          + ". A deleted pod's log is gone: look at its events (kubectl_info events) and at the"
          + " pods that replaced it";
    }
    return "pod "
        + pod
        + " in namespace "
        + namespace
        + " has no log"
        + (container == null ? "" : " for container " + container)
        + " (404): the container may not exist or has not started. API said: "
        + e.serverMessage();
  }
}
