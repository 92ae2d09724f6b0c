package dev.oats.tools.kube;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where a Kubernetes configuration would come from, the way fabric8 and kubectl look for it,
 * by checking files only: offering tools must be fast and must not fail start-up, so the API is not
 * contacted here.
 *
 * @param environment the process environment
 * @param home the user's home directory
 * @param serviceAccountDir where Kubernetes mounts a pod's service account
 */
record KubeConfigLocator(Map<String, String> environment, Path home, Path serviceAccountDir) {

  static final String NOT_FOUND =
      "no Kubernetes configuration found: set KUBECONFIG or run in a cluster";

  static KubeConfigLocator ofSystem() {
    return new KubeConfigLocator(
        System.getenv(),
        Path.of(System.getProperty("user.home")),
        Path.of("/var/run/secrets/kubernetes.io/serviceaccount"));
  }

  /** Where the configuration comes from, such as "kubeconfig /home/me/.kube/config". */
  Optional<String> locate() {
    String kubeconfig = environment.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return Arrays.stream(kubeconfig.split(File.pathSeparator))
          .filter(path -> !path.isBlank())
          .map(Path::of)
          .filter(Files::isRegularFile)
          .findFirst()
          .map(path -> "kubeconfig " + path);
    }
    Path standard = home.resolve(".kube").resolve("config");
    if (Files.isRegularFile(standard)) {
      return Optional.of("kubeconfig " + standard);
    }
    if (environment.get("KUBERNETES_SERVICE_HOST") != null
        && Files.isRegularFile(serviceAccountDir.resolve("token"))) {
      return Optional.of("the in-cluster service account");
    }
    return Optional.empty();
  }

  /** Why no configuration was found, naming what was looked at. */
  String whyNotFound() {
    String kubeconfig = environment.get("KUBECONFIG");
    if (kubeconfig != null && !kubeconfig.isBlank()) {
      return "no Kubernetes configuration found: KUBECONFIG is set to "
          + kubeconfig
          + " but no such file exists";
    }
    return NOT_FOUND;
  }
}
