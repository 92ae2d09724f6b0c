package dev.oats.tools.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * A failed read, with what OATS was trying to do, so the message can name the verb, the resource
 * and the namespace an RBAC rule would need.
 *
 * @see KubeErrors
 */
final class KubeApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String verb;
  private final String resource;
  private final String namespace;

  /**
   * @param verb the RBAC verb, such as {@code list} or {@code get}
   * @param resource the RBAC resource, such as {@code pods} or {@code pods/log}
   * @param namespace the namespace, or null for cluster-scoped reads and all namespaces
   */
  KubeApiException(
      String verb, String resource, String namespace, KubernetesClientException cause) {
    super(cause.getMessage(), cause);
    this.verb = verb;
    this.resource = resource;
    this.namespace = namespace;
  }

  String verb() {
    return verb;
  }

  String resource() {
    return resource;
  }

  String namespace() {
    return namespace;
  }

  /** The HTTP status the API server answered; zero or less when it was not reached. */
  int code() {
    return ((KubernetesClientException) getCause()).getCode();
  }

  /** The API server's own message, or the client's when the server was not reached. */
  String serverMessage() {
    KubernetesClientException cause = (KubernetesClientException) getCause();
    if (cause.getStatus() != null && cause.getStatus().getMessage() != null) {
      return cause.getStatus().getMessage();
    }
    return cause.getMessage();
  }
}
