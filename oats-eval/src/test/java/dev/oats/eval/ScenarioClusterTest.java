package dev.oats.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.eval.cluster.ScenarioCluster;
import dev.oats.eval.cluster.TimeShift;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario cluster speaks the Kubernetes API: objects, pod logs with their options, kubectl.
 */
class ScenarioClusterTest {

  private static final Path SCENARIO = Path.of("..", "scenarios", "crashloop-missing-env");
  private static final String POD = "checkout-api-7d9f8c6b5-x2k4q";

  @TempDir static Path work;
  private static ScenarioCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    Instant now = Instant.now();
    cluster =
        ScenarioCluster.start(
            SCENARIO.resolve("cluster"),
            SCENARIO.resolve("logs"),
            "shop",
            TimeShift.to(Instant.parse("2026-11-20T10:00:00Z"), now),
            Clock.systemUTC(),
            work);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void podLogsHonourPreviousAndTailLines() {
    String previous =
        cluster
            .client()
            .pods()
            .inNamespace("shop")
            .withName(POD)
            .terminated()
            .tailingLines(2)
            .getLog();

    assertThat(previous.lines()).hasSize(2).first().asString().contains("DATABASE_URL is not set");
  }

  @Test
  void aMissingPodsLogIsA404LikeTheApiServers() {
    assertThatThrownBy(
            () -> cluster.client().pods().inNamespace("shop").withName("gone-1").getLog())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("pods \"gone-1\" not found");
  }

  @Test
  void objectsKeepTheirStatusAndTheirAge() {
    var pod = cluster.client().pods().inNamespace("shop").withName(POD).get();

    assertThat(pod.getStatus().getContainerStatuses().getFirst().getRestartCount()).isEqualTo(6);
    // Captured 19 minutes after the pod was created; shifted so that capture is now.
    assertThat(Instant.parse(pod.getMetadata().getCreationTimestamp()))
        .isBefore(Instant.now().minusSeconds(18 * 60));
  }

  @Test
  void aRealKubectlReadsIt() throws Exception {
    Process kubectl =
        new ProcessBuilder(
                "kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "get", "pods")
            .redirectErrorStream(true)
            .start();
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // The mock server has no server-side table printing: kubectl shows NAME and AGE only.
    assertThat(out).contains(POD).contains("19m");
  }

  @Test
  void aRealKubectlDescribesAPodWithItsEvents() throws Exception {
    Process kubectl =
        new ProcessBuilder(
                "kubectl", "--kubeconfig", cluster.kubeconfig().toString(), "describe", "pod", POD)
            .redirectErrorStream(true)
            .start();
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    // describe is printed by kubectl itself: it needs JSON said to be JSON, and the pod's events
    // chosen by a field selector on involvedObject.
    assertThat(out)
        .contains("Reason:       CrashLoopBackOff")
        .contains("Exit Code:    1")
        .contains("Back-off restarting failed container");
  }

  @Test
  void aCustomResourcesGroupIsDiscoverableAndItKeepsItsStatus() throws Exception {
    Path scenario = Path.of("..", "scenarios", "certificate-not-ready");
    Path dir = java.nio.file.Files.createDirectories(work.resolve("crd"));
    try (ScenarioCluster crds =
        ScenarioCluster.start(
            scenario.resolve("cluster"),
            scenario.resolve("logs"),
            "web",
            TimeShift.to(Instant.parse("2026-11-22T09:00:00Z"), Instant.now()),
            Clock.systemUTC(),
            dir)) {
      assertThat(crds.client().getApiGroups().getGroups())
          .anySatisfy(group -> assertThat(group.getName()).isEqualTo("cert-manager.io"));
      assertThat(crds.client().getApiResources("cert-manager.io/v1").getResources())
          .anySatisfy(resource -> assertThat(resource.getName()).isEqualTo("certificates"));
      var certificate =
          crds.client()
              .genericKubernetesResources("cert-manager.io/v1", "Certificate")
              .inNamespace("web")
              .withName("shop-example-com")
              .get();
      // The CRD has a status subresource, whose create drops the status: it is written after.
      assertThat(certificate.getAdditionalProperties().get("status").toString())
          .contains("Expired", "acme-challenge");
      // A real kubectl finds the kind through the group's resource list.
      assertThat(kubectl(crds, "describe", "certificate", "shop-example-com", "-n", "web"))
          .contains("Kind:         Certificate")
          .contains("Expired");
    }
  }

  @Test
  void aRealKubectlListsTheEvents() throws Exception {
    assertThat(kubectl(cluster, "events", "-n", "shop"))
        .contains("Back-off restarting failed container api");
  }

  private static String kubectl(ScenarioCluster target, String... args) throws Exception {
    java.util.List<String> command =
        new java.util.ArrayList<>(
            java.util.List.of("kubectl", "--kubeconfig", target.kubeconfig().toString()));
    command.addAll(java.util.List.of(args));
    Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
