package dev.oats.tools.kube;

import static dev.oats.tools.kube.KubectlInfoGetTest.line;
import static dev.oats.tools.kube.ShopCluster.CRASHING;
import static dev.oats.tools.kube.ShopCluster.IMAGE_PULL;
import static dev.oats.tools.kube.ShopCluster.NOT_READY;
import static dev.oats.tools.kube.ShopCluster.OOM;
import static dev.oats.tools.kube.ShopCluster.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubectlInfoDescribeTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesMockServer server = API.server;
  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  @BeforeAll
  static void createTheShop() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
    // CRUD mode filters by metadata fields only; the API server selects pods by node.
    PodList onNode1 =
        new PodListBuilder()
            .withItems(
                client.pods().inAnyNamespace().list().getItems().stream()
                    .filter(pod -> "node-1".equals(pod.getSpec().getNodeName()))
                    .toList())
            .build();
    server
        .expect()
        .get()
        .withPath("/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-1")
        .andReturn(200, onNode1)
        .always();
  }

  private static String describe(String resource, String name) {
    ToolResult result =
        kubectl.call(
            "{\"action\":\"describe\",\"resource\":\""
                + resource
                + "\",\"name\":\""
                + name
                + "\"}");
    assertThat(result.status()).as(result.error()).isEqualTo(ToolResult.Status.SUCCESS);
    return result.output();
  }

  @Test
  void aCrashLoopingPodShowsItsLastTerminationRestartsAndOwnerChain() {
    String output = describe("pod", CRASHING);

    assertThat(output)
        .startsWith("Pod shop/" + CRASHING)
        .contains("Status: CrashLoopBackOff   Phase: Running   QoS: Burstable")
        .contains("Node: node-1   Pod IP: 10.244.1.17   Host IP: 10.0.0.11")
        .contains("Controlled by: ReplicaSet/checkout-7d9f8 → Deployment/checkout")
        .contains("State: Waiting: CrashLoopBackOff — back-off 5m0s restarting failed container")
        .contains("Last termination: Terminated: Error, exit 1 (finished 2m")
        .contains("Ready: false   Restarts: 7")
        .contains("Requests: cpu=250m, memory=256Mi")
        .contains("Limits: memory=512Mi")
        .contains(
            "Liveness: http-get http://:8080/healthz delay=10s timeout=1s period=10s failure=3");
    assertThat(line(output, "Ready ")).contains("False", "ContainersNotReady");
  }

  @Test
  void podEventsAreFoldedWithCountsAndWarningsComeFirst() {
    String output = describe("po", CRASHING);
    String events = output.substring(output.indexOf("Events (warnings first"));

    assertThat(line(events, "BackOff")).contains("Warning", "40", "80m ago");
    assertThat(events.lines().filter(l -> l.contains("BackOff")).count()).isEqualTo(1);
    assertThat(events.indexOf("BackOff")).isLessThan(events.indexOf("Pulled"));
    assertThat(line(events, "Pulled")).contains("Normal", "8");
  }

  @Test
  void environmentFromSecretsShowsTheReferenceNotAValue() {
    assertThat(describe("pod", CRASHING))
        .contains("DB_HOST=postgres.shop.svc")
        .contains("DB_PASSWORD <- secret db-credentials key password")
        .doesNotContain(ShopCluster.PASSWORD);
  }

  @Test
  void anOomKilledPodShowsExitCode137() {
    assertThat(describe("pod", OOM))
        .contains("Status: CrashLoopBackOff")
        .contains("Last termination: Terminated: OOMKilled, exit 137")
        .contains("Restarts: 4")
        .contains("Limits: memory=128Mi");
  }

  @Test
  void anImagePullFailureShowsTheWaitingReasonAndThePullEvent() {
    assertThat(describe("pod", IMAGE_PULL))
        .contains("Status: ImagePullBackOff")
        .contains(
            "State: Waiting: ImagePullBackOff — Back-off pulling image"
                + " \"registry.example.com/frontend:v9.9.9\"")
        .contains("Failed to pull image \"registry.example.com/frontend:v9.9.9\": not found");
  }

  @Test
  void anUnschedulablePodShowsWhyNoNodeFits() {
    String output = describe("pod", PENDING);

    assertThat(output)
        .contains("Status: Pending/Unschedulable")
        .contains("Node: <not scheduled>")
        .contains("FailedScheduling");
    assertThat(line(output, "PodScheduled"))
        .contains("False", "Unschedulable", "0/3 nodes are available: insufficient memory.");
  }

  @Test
  void aPodFailingItsReadinessProbeShowsTheProbeAndTheUnhealthyEvents() {
    String output = describe("pod", NOT_READY);

    assertThat(output)
        .contains("Status: Running")
        .contains("Readiness: http-get http://:9200/ready delay=0s timeout=1s period=5s failure=3")
        .contains("State: Running since 30m ago")
        .contains("Ready: false   Restarts: 0");
    assertThat(line(output, "Unhealthy"))
        .contains(
            "Warning", "42", "Readiness probe failed: HTTP probe failed with statuscode: 503");
  }

  @Test
  void aDeploymentShowsItsRolloutReplicaSetsPodsAndEvents() {
    String output = describe("deploy", "checkout");

    assertThat(output)
        .startsWith("Deployment shop/checkout")
        .contains("Replicas: 2 desired | 2 updated | 1 ready | 1 available | 1 unavailable")
        .contains("Strategy: RollingUpdate (max surge 25%, max unavailable 0)")
        .contains("Selector: app=checkout")
        .contains("Pod template:")
        .contains("Image: registry.example.com/checkout:2.4.1")
        .contains("Pods (2, troubled first):")
        .contains("ScalingReplicaSet")
        .contains("SuccessfulCreate");
    assertThat(line(output, "Available ")).contains("False", "MinimumReplicasUnavailable");
    assertThat(line(output, "checkout-7d9f8 ")).contains("2", "1");
    assertThat(output.indexOf(CRASHING)).isLessThan(output.indexOf(ShopCluster.HEALTHY));
  }

  @Test
  void aNodeShowsConditionsTaintsAndWhatItsPodsRequest() {
    String output = describe("node", "node-2");

    assertThat(output)
        .contains("Status: NotReady,SchedulingDisabled")
        .contains("Taints: node.kubernetes.io/memory-pressure:NoSchedule")
        .contains("Allocatable: cpu=3800m, memory=15Gi")
        .contains("Allocated by ");
    assertThat(line(output, "Ready ")).contains("False", "KubeletNotReady", "PLEG is not healthy");
    assertThat(line(output, "MemoryPressure")).contains("True", "KubeletHasInsufficientMemory");
  }

  @Test
  void aNodeShowsWhatItsPodsRequestAgainstAllocatableAndItsTroubledPods() {
    String output = describe("node", "node-1");

    assertThat(output).contains("Allocated by 6 running pods (requests / limits):");
    assertThat(line(output, "cpu: ")).startsWith("  cpu: 500m (13%) / 0m");
    assertThat(output.substring(output.indexOf("Troubled pods on this node:")))
        .contains(CRASHING, OOM, IMAGE_PULL, NOT_READY)
        .doesNotContain(ShopCluster.HEALTHY);
  }

  @Test
  void aServiceShowsWhetherItHasReadyEndpoints() {
    String output = describe("svc", "checkout");

    assertThat(output).contains("Service shop/checkout", "clusterIP: 10.96.12.34", "Endpoints:");
    assertThat(line(output, "10.244.1.18")).contains("10.244.1.18:8080", "1");
  }

  @Test
  void otherWorkloadsShowTheirYamlAndTheirPods() {
    String output = describe("rs", "checkout-7d9f8");

    assertThat(output)
        .contains("Controlled by: Deployment/checkout")
        .contains("Pods (2, troubled first):")
        .contains("SuccessfulCreate");
  }

  @Test
  void describeWithoutANameSaysWhichNamesExist() {
    ToolResult result = kubectl.call("{\"action\":\"describe\",\"resource\":\"deploy\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .isEqualTo(
            "describe needs a name (or a label_selector) for deployments in namespace shop;"
                + " these exist: checkout");
  }

  @Test
  void describeWithASelectorDescribesTheMatchingObjects() {
    String output =
        kubectl.text(
            "{\"action\":\"describe\",\"resource\":\"pods\",\"label_selector\":\"app=checkout\"}");

    assertThat(output).contains("Pod shop/" + CRASHING, "Pod shop/" + ShopCluster.HEALTHY);
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
