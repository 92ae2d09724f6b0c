package dev.oats.tools.kube;

import static dev.oats.tools.kube.ShopCluster.CRASHING;
import static dev.oats.tools.kube.ShopCluster.HEALTHY;
import static dev.oats.tools.kube.ShopCluster.IMAGE_PULL;
import static dev.oats.tools.kube.ShopCluster.NOT_READY;
import static dev.oats.tools.kube.ShopCluster.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Logs come from expectations on the /log path: CRUD mode does not serve pod logs. */
class KubectlInfoLogsTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesMockServer server = API.server;
  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  private static final String CRASH_RUN =
      """
      2026-01-10T10:00:00Z INFO starting checkout 2.4.1
      2026-01-10T10:00:01Z INFO connecting to postgres.shop.svc:5432
      2026-01-10T10:00:06Z ERROR connection refused: postgres.shop.svc:5432
      2026-01-10T10:00:06Z FATAL cannot start without a database, exiting
      """;
  private static final String CURRENT_RUN =
      """
      2026-01-10T10:05:00Z INFO starting checkout 2.4.1
      2026-01-10T10:05:01Z INFO connecting to postgres.shop.svc:5432
      """;

  @BeforeAll
  static void createTheShopAndItsLogs() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
    log(CRASHING, "container=app&tailLines=200", CURRENT_RUN);
    log(CRASHING, "container=app&previous=true&tailLines=200", CRASH_RUN);
    log(CRASHING, "container=app&previous=true", CRASH_RUN);
    log(CRASHING, "container=app&sinceSeconds=600&tailLines=200", CURRENT_RUN);
    log(CRASHING, "container=app&tailLines=100", CURRENT_RUN);
    log(HEALTHY, "container=app&tailLines=100", "2026-01-10T10:05:00Z INFO serving on :8080\n");
    log(NOT_READY, "container=app&tailLines=200", "");
  }

  private static void log(String pod, String query, String body) {
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/pods/" + pod + "/log?pretty=false&" + query)
        .andReturn(200, body)
        .always();
  }

  @Test
  void aRestartedContainerSaysItsLogIsTheLatestRunAndSuggestsPrevious() {
    ToolResult result = kubectl.call("{\"action\":\"logs\",\"name\":\"" + CRASHING + "\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .startsWith("==> pod " + CRASHING + ", container app\n")
        .contains("note: this container has restarted 7 times (last: Error, exit 1)")
        .contains("previous=true shows the log of the run that crashed")
        .contains("last 2 lines:")
        .contains("INFO connecting to postgres.shop.svc:5432");
  }

  @Test
  void previousReadsTheRunThatCrashed() {
    ToolResult result =
        kubectl.call("{\"action\":\"logs\",\"name\":\"" + CRASHING + "\",\"previous\":true}");

    assertThat(result.output())
        .startsWith(
            "==> pod " + CRASHING + ", container app (previous run, the one that terminated)")
        .contains("FATAL cannot start without a database, exiting")
        .doesNotContain("note: this container has restarted");
  }

  @Test
  void grepKeepsMatchingLinesCaseInsensitively() {
    String output =
        kubectl.text(
            "{\"action\":\"logs\",\"name\":\""
                + CRASHING
                + "\",\"previous\":true,\"grep\":\"error|fatal\"}");

    assertThat(output)
        .contains("grep 'error|fatal' over the whole log (4 lines): 2 matching lines:")
        .contains("ERROR connection refused", "FATAL cannot start")
        .doesNotContain("INFO starting");
  }

  @Test
  void aGrepPatternThatBacktracksWithoutEndIsStoppedWithAnErrorThatSaysWhy() {
    ToolResult result =
        org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
            java.time.Duration.ofSeconds(30),
            () ->
                kubectl.call(
                    "{\"action\":\"logs\",\"name\":\""
                        + CRASHING
                        + "\",\"previous\":true,\"grep\":\"(.*.){25}q\"}"));

    assertThat(result.status()).isEqualTo(ToolResult.Status.ERROR);
    assertThat(result.error())
        .contains(
            "grep '(.*.){25}q' was stopped (it was still matching when its time was up, 2 s of matching per call at most)")
        .contains("use a plainer one");
  }

  @Test
  void grepThatIsNotARegexIsASubstring() {
    String output =
        kubectl.text(
            "{\"action\":\"logs\",\"name\":\""
                + CRASHING
                + "\",\"previous\":true,\"grep\":\"REFUSED: postgres[\"}");

    assertThat(output)
        .contains("grep 'REFUSED: postgres[' over the whole log (4 lines): 0 matching lines")
        .contains("use log_analyzer");
  }

  @Test
  void sinceLimitsTheLogToARecentWindow() {
    String output =
        kubectl.text("{\"action\":\"logs\",\"name\":\"" + CRASHING + "\",\"since\":\"10m\"}");

    assertThat(output).contains("last 2 lines in the last 10m:");
  }

  @Test
  void aDeploymentNameReadsItsPodsTroubledFirst() {
    ToolResult result =
        kubectl.call("{\"action\":\"logs\",\"resource\":\"deploy\",\"name\":\"checkout\"}");

    assertThat(result.output())
        .startsWith(
            "Deployment checkout selects 2 pods in namespace shop; showing "
                + CRASHING
                + ", "
                + HEALTHY)
        .contains("==> pod " + CRASHING + ", container app")
        .contains("==> pod " + HEALTHY + ", container app")
        .contains("INFO serving on :8080");
    assertThat(result.output().indexOf(CRASHING)).isLessThan(result.output().indexOf(HEALTHY));
  }

  @Test
  void aWorkloadNameGivenAsAPodNameIsFoundToo() {
    assertThat(kubectl.text("{\"action\":\"logs\",\"name\":\"checkout\"}"))
        .startsWith("Deployment checkout selects 2 pods");
  }

  @Test
  void aServiceNameReadsThePodsItSelects() {
    assertThat(kubectl.text("{\"action\":\"logs\",\"resource\":\"svc\",\"name\":\"checkout\"}"))
        .startsWith("Service checkout selects 2 pods");
  }

  @Test
  void aContainerThatNeverStartedIsExplainedNotFailed() {
    ToolResult result = kubectl.call("{\"action\":\"logs\",\"name\":\"" + IMAGE_PULL + "\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .contains("no log: container app has not started yet: ImagePullBackOff")
        .contains("Back-off pulling image \"registry.example.com/frontend:v9.9.9\"")
        .contains("The image registry.example.com/frontend:v9.9.9 cannot be pulled");
  }

  @Test
  void anUnscheduledPodHasNoLogAndSaysWhy() {
    ToolResult result = kubectl.call("{\"action\":\"logs\",\"name\":\"" + PENDING + "\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .contains("the pod is Pending/Unschedulable: Unschedulable — 0/3 nodes are available");
  }

  @Test
  void previousOnAContainerThatNeverRestartedSaysThereIsNone() {
    ToolResult result =
        kubectl.call("{\"action\":\"logs\",\"name\":\"" + NOT_READY + "\",\"previous\":true}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output())
        .contains("container app has not restarted, so there is no earlier run");
  }

  @Test
  void anEmptyLogIsNoData() {
    ToolResult result = kubectl.call("{\"action\":\"logs\",\"name\":\"" + NOT_READY + "\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.NO_DATA);
    assertThat(result.output()).contains("(the container printed nothing)");
  }

  @Test
  void anUnknownContainerListsTheRealOnes() {
    String output =
        kubectl.text(
            "{\"action\":\"logs\",\"name\":\"" + CRASHING + "\",\"container\":\"sidecar\"}");

    assertThat(output).contains("has no container named sidecar; its containers are app");
  }

  @Test
  void anUnknownPodNamesThePodsThatExist() {
    ToolResult result = kubectl.call("{\"action\":\"logs\",\"name\":\"checkout-zzz\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .startsWith(
            "no pod named checkout-zzz in namespace shop; these exist: analytics-8f7e6-pending")
        .endsWith("(no deployment, statefulset, daemonset, replicaset or job of that name either)");
  }

  @Test
  void logsWithoutANameSayWhatToPass() {
    ToolResult result = kubectl.call("{\"action\":\"logs\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .startsWith("logs needs a pod name")
        .contains("pods in namespace shop: analytics-8f7e6-pending");
  }

  @Test
  void logsOfAKindWithoutPodsAreRefused() {
    assertThat(kubectl.call("{\"action\":\"logs\",\"resource\":\"cm\",\"name\":\"x\"}").error())
        .startsWith("logs come from pods");
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
