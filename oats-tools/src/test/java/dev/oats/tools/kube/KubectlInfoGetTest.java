package dev.oats.tools.kube;

import static dev.oats.tools.kube.ShopCluster.CRASHING;
import static dev.oats.tools.kube.ShopCluster.IMAGE_PULL;
import static dev.oats.tools.kube.ShopCluster.NOT_READY;
import static dev.oats.tools.kube.ShopCluster.OOM;
import static dev.oats.tools.kube.ShopCluster.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubectlInfoGetTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  @BeforeAll
  static void createTheShop() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
  }

  @Test
  void listingPodsShowsTheRealReasonForEachFailureAsTheStatus() {
    ToolResult result = kubectl.call("{\"action\":\"list\",\"resource\":\"pods\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("6 pods in namespace shop: ")
        .contains("NAME", "READY", "STATUS", "RESTARTS", "AGE", "NODE");
    assertThat(line(result.output(), CRASHING))
        .contains("0/1", "CrashLoopBackOff (last: Error, exit 1)", "7 (2m", "node-1");
    assertThat(line(result.output(), OOM)).contains("CrashLoopBackOff (last: OOMKilled, exit 137)");
    assertThat(line(result.output(), IMAGE_PULL)).contains("ImagePullBackOff");
    assertThat(line(result.output(), PENDING)).contains("Pending/Unschedulable");
    assertThat(line(result.output(), NOT_READY)).contains("0/1", "Running");
  }

  @Test
  void theListSummaryCountsPodsByStatus() {
    String output = kubectl.text("{\"action\":\"list\",\"resource\":\"pods\"}");

    assertThat(output.lines().findFirst().orElseThrow())
        .contains(
            "2 CrashLoopBackOff", "1 ImagePullBackOff", "1 Pending/Unschedulable", "2 Running");
  }

  @ParameterizedTest(name = "{0} lists {1}")
  @CsvSource({
    "po, " + CRASHING,
    "pod, " + CRASHING,
    "deploy, checkout",
    "deployments.apps, checkout",
    "rs, checkout-7d9f8",
    "svc, 10.96.12.34",
    "ep, 10.244.1.18:8080",
    "no, node-2",
    "ns, billing",
    "secrets, db-credentials",
    "Deployment, checkout"
  })
  void shortAndSingularResourceNamesWorkLikeKubectl(String resource, String expected) {
    ToolResult result = kubectl.call("{\"action\":\"get\",\"resource\":\"" + resource + "\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output()).contains(expected);
  }

  @Test
  void allNamespacesAddsANamespaceColumn() {
    String output = kubectl.text("{\"action\":\"list\",\"resource\":\"po\",\"namespace\":\"all\"}");

    assertThat(output).startsWith("7 pods in all namespaces");
    assertThat(output.lines().skip(1).findFirst().orElseThrow()).startsWith("NAMESPACE");
    assertThat(line(output, "invoice-0")).startsWith("billing");
    assertThat(line(output, CRASHING)).startsWith("shop");
  }

  @Test
  void starAlsoMeansAllNamespaces() {
    assertThat(kubectl.text("{\"action\":\"list\",\"resource\":\"pods\",\"namespace\":\"*\"}"))
        .contains("invoice-0", CRASHING);
  }

  @Test
  void deploymentsShowReadinessAndWhatIsWrong() {
    String output = kubectl.text("{\"action\":\"list\",\"resource\":\"deployments\"}");

    assertThat(output).contains("READY", "UP-TO-DATE", "AVAILABLE", "AGE");
    assertThat(line(output, "checkout"))
        .contains("1/2")
        .contains("Available=False MinimumReplicasUnavailable");
  }

  @Test
  void nodesShowStatusRolesVersionAndTheirProblems() {
    String output = kubectl.text("{\"action\":\"list\",\"resource\":\"nodes\"}");

    assertThat(line(output, "node-1")).contains("Ready", "worker", "v1.30.2");
    assertThat(line(output, "node-2"))
        .contains("NotReady,SchedulingDisabled", "NotReady (KubeletNotReady)", "MemoryPressure");
  }

  @Test
  void servicesShowTypeClusterIpPortsAndSelector() {
    String output = kubectl.text("{\"action\":\"list\",\"resource\":\"svc\"}");

    assertThat(line(output, "checkout"))
        .contains("ClusterIP", "10.96.12.34", "80→8080/TCP", "app=checkout");
  }

  @Test
  void aLabelSelectorNarrowsTheList() {
    String output =
        kubectl.text(
            "{\"action\":\"list\",\"resource\":\"pods\",\"label_selector\":\"app=checkout\"}");

    assertThat(output).startsWith("2 pods in namespace shop matching app=checkout");
    assertThat(output).contains(CRASHING, ShopCluster.HEALTHY).doesNotContain(OOM);
  }

  @Test
  void getWithANameShowsCompactYamlWithoutBookkeeping() {
    String output =
        kubectl.text("{\"action\":\"get\",\"resource\":\"deploy\",\"name\":\"checkout\"}");

    assertThat(output)
        .startsWith("Deployment shop/checkout (age ")
        .contains("replicas: 2", "matchLabels:", "app: checkout", "- name: app")
        .contains("image: registry.example.com/checkout:2.4.1")
        .contains("reason: MinimumReplicasUnavailable")
        .doesNotContain("managedFields", "resourceVersion", "{\"");
  }

  @Test
  void kubectlStyleKindSlashNameIsUnderstood() {
    assertThat(kubectl.text("{\"action\":\"get\",\"name\":\"deployment/checkout\"}"))
        .startsWith("Deployment shop/checkout");
  }

  @Test
  void getOnOnePodShowsItsRowAndContainerStates() {
    String output =
        kubectl.text("{\"action\":\"get\",\"resource\":\"pod\",\"name\":\"" + CRASHING + "\"}");

    assertThat(output)
        .contains("CrashLoopBackOff (last: Error, exit 1)")
        .contains("container app: Waiting: CrashLoopBackOff")
        .contains("last: Terminated: Error, exit 1")
        .contains("action=describe");
  }

  @Test
  void anEmptyListIsNoDataThatSaysWhere() {
    ToolResult result = kubectl.call("{\"action\":\"list\",\"resource\":\"sts\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).isEqualTo("no statefulsets in namespace shop");
  }

  @Test
  void aMissingObjectNamesTheOnesThatExist() {
    ToolResult result =
        kubectl.call("{\"action\":\"get\",\"resource\":\"deployment\",\"name\":\"chekout\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .isEqualTo("no deployment named chekout in namespace shop; these exist: checkout");
  }

  @Test
  void aMissingObjectSaysWhichNamespaceHasIt() {
    String error =
        kubectl
            .call("{\"action\":\"describe\",\"resource\":\"pod\",\"name\":\"invoice-0\"}")
            .error();

    assertThat(error)
        .startsWith("no pod named invoice-0 in namespace shop; these exist: ")
        .endsWith("A pod named invoice-0 exists in namespace billing: pass it as namespace");
  }

  @Test
  void aNameInAllNamespacesFindsTheOneObject() {
    assertThat(
            kubectl.text(
                "{\"action\":\"get\",\"resource\":\"pod\",\"name\":\"invoice-0\",\"namespace\":\"all\"}"))
        .contains("billing", "invoice-0");
  }

  static String line(String output, String containing) {
    return output
        .lines()
        .filter(l -> l.contains(containing))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line with " + containing + " in:\n" + output));
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
