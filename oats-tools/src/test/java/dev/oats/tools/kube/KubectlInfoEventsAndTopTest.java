package dev.oats.tools.kube;

import static dev.oats.tools.kube.KubectlInfoGetTest.line;
import static dev.oats.tools.kube.ShopCluster.CRASHING;
import static dev.oats.tools.kube.ShopCluster.NOT_READY;
import static dev.oats.tools.kube.ShopCluster.OOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KubectlInfoEventsAndTopTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesMockServer server = API.server;
  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  @BeforeAll
  static void createTheShopAndItsMetrics() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods")
        .andReturn(
            200,
            """
            {"apiVersion":"metrics.k8s.io/v1beta1","kind":"PodMetricsList","items":[
              {"metadata":{"name":"%s","namespace":"shop"},"window":"15s",
               "containers":[{"name":"app","usage":{"cpu":"3m","memory":"120Mi"}}]},
              {"metadata":{"name":"%s","namespace":"shop"},"window":"15s",
               "containers":[{"name":"app","usage":{"cpu":"125m","memory":"300Mi"}}]}
            ]}
            """
                .formatted(OOM, ShopCluster.HEALTHY))
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/nodes")
        .andReturn(
            200,
            """
            {"apiVersion":"metrics.k8s.io/v1beta1","kind":"NodeMetricsList","items":[
              {"metadata":{"name":"node-1"},"window":"15s","usage":{"cpu":"1900m","memory":"12Gi"}}
            ]}
            """)
        .always();
    server
        .expect()
        .get()
        .withPath("/apis/metrics.k8s.io/v1beta1/namespaces/billing/pods")
        .andReturn(
            404,
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(404)
                .withReason("NotFound")
                .withMessage("the server could not find the requested resource")
                .build())
        .always();
  }

  @Test
  void namespaceEventsAreFoldedWarningsFirstAndSummarised() {
    ToolResult result = kubectl.call("{\"action\":\"events\"}");
    String output = result.output();

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(output)
        .startsWith("Events in namespace shop: 5 warning kinds (113 events), 3 normal");
    assertThat(line(output, "Pod/" + CRASHING + " ")).contains("Warning", "BackOff", "40");
    assertThat(output.lines().filter(l -> l.contains("Pod/" + CRASHING) && l.contains("BackOff")))
        .hasSize(1);
    int lastWarning = output.lastIndexOf("Warning ");
    int firstNormal = output.indexOf("Normal ");
    assertThat(lastWarning).isLessThan(firstNormal);
  }

  @Test
  void listingTheEventsResourceGivesTheSameFoldedView() {
    assertThat(kubectl.text("{\"action\":\"list\",\"resource\":\"ev\"}"))
        .startsWith("Events in namespace shop: ");
  }

  @Test
  void oneObjectsEventsAreJustThose() {
    String output =
        kubectl.text("{\"action\":\"events\",\"resource\":\"pod\",\"name\":\"" + NOT_READY + "\"}");

    assertThat(output)
        .startsWith(
            "Events about Pod/" + NOT_READY + " in namespace shop: 1 warning kinds (42 events)")
        .contains("Readiness probe failed: HTTP probe failed with statuscode: 503")
        .doesNotContain("BackOff");
  }

  @Test
  void eventsOfTheObjectsASelectorPicks() {
    String output =
        kubectl.text(
            "{\"action\":\"events\",\"resource\":\"pods\",\"label_selector\":\"app=checkout\"}");

    assertThat(output).contains("Pod/" + CRASHING).doesNotContain("Pod/" + NOT_READY);
  }

  @Test
  void grepFiltersEvents() {
    String output = kubectl.text("{\"action\":\"events\",\"grep\":\"probe|schedul\"}");

    assertThat(output).contains("Unhealthy", "FailedScheduling").doesNotContain("BackOff");
  }

  @Test
  void noEventsIsNoDataThatExplainsTheirShortLife() {
    ToolResult result = kubectl.call("{\"action\":\"events\",\"namespace\":\"billing\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .startsWith("no events in namespace billing")
        .contains("keeps events for about an hour");
  }

  @Test
  void topPodsSetsMemoryAgainstTheLimitSoAnOomStandsOut() {
    ToolResult result = kubectl.call("{\"action\":\"top\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("Pod usage in namespace shop from metrics-server, highest memory first")
        .contains("NAME", "CPU", "MEMORY", "MEMORY/LIMIT");
    assertThat(line(result.output(), OOM)).contains("3m", "120Mi", "94%");
    assertThat(line(result.output(), ShopCluster.HEALTHY)).contains("125m", "50%", "300Mi", "59%");
    assertThat(result.output().indexOf(ShopCluster.HEALTHY))
        .isLessThan(result.output().indexOf(OOM));
  }

  @Test
  void topWithASelectorKeepsOnlyTheSelectedPods() {
    String output = kubectl.text("{\"action\":\"top\",\"label_selector\":\"app=checkout\"}");

    assertThat(output).contains(ShopCluster.HEALTHY).doesNotContain(OOM);
  }

  @Test
  void topNodesShowsUsageAgainstAllocatable() {
    String output = kubectl.text("{\"action\":\"top\",\"resource\":\"nodes\"}");

    assertThat(line(output, "node-1")).contains("1900m", "50%", "12Gi", "80%");
  }

  @Test
  void withoutMetricsServerTopSaysSoClearly() {
    ToolResult result = kubectl.call("{\"action\":\"top\",\"namespace\":\"billing\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .contains("the metrics API (metrics.k8s.io) is not available")
        .contains("metrics-server is not installed or not ready")
        .contains("HTTP 404");
  }

  @Test
  void topOfAKindWithoutMetricsIsRefused() {
    assertThat(kubectl.call("{\"action\":\"top\",\"resource\":\"svc\"}").error())
        .isEqualTo("top reads pods or nodes (resource=pods or resource=nodes), not services");
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
