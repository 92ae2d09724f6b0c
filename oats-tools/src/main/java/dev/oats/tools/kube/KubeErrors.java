package dev.oats.tools.kube;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeoutException;

/** Turns a failed read into a message that says what went wrong and what to do about it. */
final class KubeErrors {

  private KubeErrors() {}

  static String explain(KubeApiException e, String masterUrl) {
    String where = e.namespace() == null ? "" : " in namespace " + e.namespace();
    if (e.code() <= 0) {
      return unreachable(e, masterUrl);
    }
    return switch (e.code()) {
      case 401 ->
          "the Kubernetes API at "
              + masterUrl
              + " rejected OATS's credentials (401 Unauthorized): the token or client certificate"
              + " in the kubeconfig or service account is missing, expired or invalid";
      case 403 -> forbidden(e, where);
      case 404 ->
          "the API server at "
              + masterUrl
              + " does not serve "
              + e.resource()
              + where
              + " (404): the cluster may be too old or the API not installed. API said: "
              + e.serverMessage();
      default ->
          "the Kubernetes API answered "
              + e.code()
              + " when OATS tried to "
              + e.verb()
              + " "
              + e.resource()
              + where
              + ": "
              + e.serverMessage();
    };
  }

  private static String forbidden(KubeApiException e, String where) {
    String scope =
        e.namespace() != null
            ? where
            : e.resource().startsWith("nodes") || e.resource().startsWith("namespaces")
                ? " (cluster-scoped: it needs a ClusterRole)"
                : " across all namespaces";
    String grant = e.resource().endsWith("/log") ? "get" : "get/list";
    String instead =
        e.namespace() != null
            ? ", or ask for a namespace it can read"
            : ", or name one namespace it can read";
    return "OATS's service account cannot "
        + e.verb()
        + " "
        + e.resource()
        + scope
        + " (forbidden): grant "
        + grant
        + " on "
        + e.resource()
        + instead
        + ". API said: "
        + e.serverMessage();
  }

  /** Each HTTP client has its own timeout type; JDK, Vert.x and OkHttp all say so in the name. */
  private static boolean timeout(Throwable failure) {
    return failure instanceof TimeoutException
        || failure instanceof InterruptedIOException
        || failure.getClass().getSimpleName().contains("Timeout");
  }

  private static String unreachable(KubeApiException e, String masterUrl) {
    Throwable root = e;
    boolean timedOut = false;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
      timedOut |= timeout(root);
    }
    String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    String what =
        timedOut
            ? "timed out talking to the Kubernetes API at "
            : root instanceof IOException
                ? "cannot reach the Kubernetes API at "
                : "could not talk to the Kubernetes API at ";
    return what
        + masterUrl
        + " ("
        + reason
        + "): check that the cluster is up and that KUBECONFIG (or the in-cluster service"
        + " account) points at it";
  }
}
