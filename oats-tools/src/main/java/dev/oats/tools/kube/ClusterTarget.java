package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import java.util.Optional;

/**
 * Which cluster the Kubernetes tools will read, as kubectl would pick it, for the line every run
 * starts with: the kubeconfig context, its cluster and API server, and the namespace. Read from
 * files only; the API is not contacted.
 *
 * @param source where the configuration comes from ("kubeconfig /home/me/.kube/config"), or empty
 *     when there is none and {@code kubectl_info} is off
 * @param context the current context's name, or null (in-cluster)
 * @param cluster the context's cluster name, or null
 * @param server the API server's URL, or null
 * @param namespace the context's namespace, or null when it names none
 * @param problem why there is no configuration, or why it could not be read
 */
public record ClusterTarget(
    Optional<String> source,
    String context,
    String cluster,
    String server,
    String namespace,
    String problem) {

  /** The target as this process's environment and files make it. */
  public static ClusterTarget ofSystem() {
    KubeConfigLocator locator = KubeConfigLocator.ofSystem();
    Optional<String> source = locator.locate();
    if (source.isEmpty()) {
      return new ClusterTarget(source, null, null, null, null, locator.whyNotFound());
    }
    try {
      Config config = Config.autoConfigure(null);
      NamedContext current = config.getCurrentContext();
      String namespace = config.getNamespace();
      return new ClusterTarget(
          source,
          current == null ? null : current.getName(),
          current == null || current.getContext() == null
              ? null
              : current.getContext().getCluster(),
          config.getMasterUrl(),
          namespace == null || namespace.isBlank() ? null : namespace,
          null);
    } catch (RuntimeException e) {
      return new ClusterTarget(
          Optional.empty(),
          null,
          null,
          null,
          null,
          "the Kubernetes configuration could not be read: " + e.getMessage());
    }
  }

  /** The namespace a run uses when none is given: the context's, else {@code default}. */
  public String namespaceOrDefault() {
    return namespace == null ? "default" : namespace;
  }

  /**
   * One line: "context kind-oats (cluster kind-oats, https://127.0.0.1:6443), namespace shop", or
   * why {@code kubectl_info} is off.
   *
   * @param namespace the namespace the run will use
   */
  public String describe(String namespace) {
    if (source.isEmpty()) {
      return "none: kubectl_info is off (" + problem + ")";
    }
    StringBuilder line = new StringBuilder();
    line.append(context == null ? source.get() : "context " + context);
    if (cluster != null || server != null) {
      line.append(" (");
      if (cluster != null) {
        line.append("cluster ").append(cluster);
      }
      if (server != null) {
        line.append(cluster != null ? ", " : "").append(server.replaceFirst("/$", ""));
      }
      line.append(')');
    }
    line.append(", namespace ").append(namespace);
    if (context != null) {
      line.append(", from ").append(source.get());
    }
    return line.toString();
  }
}
