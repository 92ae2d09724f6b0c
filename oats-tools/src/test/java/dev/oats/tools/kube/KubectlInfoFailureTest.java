package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What kubectl_info says when it is not allowed, cannot reach the API, or is asked wrongly. */
class KubectlInfoFailureTest {

  private static final CrudApiServer API = new CrudApiServer();

  static KubernetesMockServer server = API.server;
  static KubernetesClient client = API.client;
  static ToolHarness kubectl;

  @BeforeAll
  static void lockSomeDoors() {
    new ShopCluster(client).create();
    kubectl = new ToolHarness(client);
    forbid("/api/v1/namespaces/locked/pods", "list", "pods", "locked");
    forbid(
        "/api/v1/namespaces/shop/pods/"
            + ShopCluster.HEALTHY
            + "/log?pretty=false&container=app&tailLines=200",
        "get",
        "pods/log",
        "shop");
    forbid("/api/v1/pods", "list", "pods", null);
    forbid("/api/v1/namespaces/locked/events", "list", "events", "locked");
  }

  private static void forbid(String path, String verb, String resource, String namespace) {
    Status status =
        new StatusBuilder()
            .withStatus("Failure")
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                resource
                    + " is forbidden: User \"system:serviceaccount:oats:oats-agent\" cannot "
                    + verb
                    + " resource \""
                    + resource
                    + "\" in API group \"\""
                    + (namespace == null
                        ? " at the cluster scope"
                        : " in the namespace \"" + namespace + "\""))
            .build();
    server.expect().get().withPath(path).andReturn(403, status).always();
  }

  @Test
  void aForbiddenListSaysWhichPermissionToGrant() {
    ToolResult result =
        kubectl.call("{\"action\":\"list\",\"resource\":\"pods\",\"namespace\":\"locked\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .startsWith(
            "OATS's service account cannot list pods in namespace locked (forbidden): grant"
                + " get/list on pods, or ask for a namespace it can read.")
        .contains("API said: pods is forbidden: User \"system:serviceaccount:oats:oats-agent\"");
  }

  @Test
  void aForbiddenLogSaysToGrantPodsLog() {
    ToolResult result =
        kubectl.call("{\"action\":\"logs\",\"name\":\"" + ShopCluster.HEALTHY + "\"}");

    assertThat(result.error())
        .startsWith(
            "OATS's service account cannot get pods/log in namespace shop (forbidden): grant get"
                + " on pods/log");
  }

  @Test
  void aForbiddenListAcrossNamespacesSuggestsNamingOne() {
    assertThat(
            kubectl
                .call("{\"action\":\"list\",\"resource\":\"pods\",\"namespace\":\"all\"}")
                .error())
        .startsWith(
            "OATS's service account cannot list pods across all namespaces (forbidden): grant"
                + " get/list on pods, or name one namespace it can read");
  }

  @Test
  void forbiddenEventsDoNotSpoilTheRestOfADescribe() {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("vault-0")
                .withNamespace("locked")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("vault")
                .withImage("hashicorp/vault:1.17")
                .endContainer()
                .endSpec()
                .build())
        .create();

    ToolResult result =
        kubectl.call(
            "{\"action\":\"describe\",\"resource\":\"pod\",\"name\":\"vault-0\",\"namespace\":\"locked\"}");

    assertThat(result.status()).isEqualTo(ToolResult.Status.SUCCESS);
    assertThat(result.output())
        .contains("Image: hashicorp/vault:1.17")
        .contains("Events: could not be read: OATS's service account cannot list events");
  }

  @Test
  void anUnreachableApiNamesTheUrlItTried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;

    try (KubernetesClient unreachable = clientFor(url, 10_000)) {
      ToolResult result =
          new ToolHarness(KubeTools.offers(ShopCluster.noSettings(), unreachable).get(0).tool())
              .call("{\"action\":\"list\",\"resource\":\"pods\"}");

      assertThat(result.isError()).isTrue();
      assertThat(result.error())
          .startsWith("cannot reach the Kubernetes API at " + url)
          .contains("check that the cluster is up and that KUBECONFIG");
    }
  }

  @Test
  void anApiThatNeverAnswersTimesOutWithAClearMessage() throws IOException {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    silent.createContext(
        "/",
        exchange -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    silent.start();
    String url = "http://127.0.0.1:" + silent.getAddress().getPort();
    try (KubernetesClient hanging = clientFor(url, 300)) {
      ToolResult result =
          new ToolHarness(KubeTools.offers(ShopCluster.noSettings(), hanging).get(0).tool())
              .call("{\"action\":\"list\",\"resource\":\"pods\"}");

      assertThat(result.isError()).isTrue();
      assertThat(result.error()).startsWith("timed out talking to the Kubernetes API at " + url);
    } finally {
      release.countDown();
      silent.stop(0);
    }
  }

  private static KubernetesClient clientFor(String url, int requestTimeoutMillis) {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(url)
            .withRequestTimeout(requestTimeoutMillis)
            .withConnectionTimeout(2_000)
            .withRequestRetryBackoffLimit(0)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  @Test
  void anUnknownActionListsTheActions() {
    assertThat(kubectl.call("{\"action\":\"delete\",\"resource\":\"pods\"}").error())
        .isEqualTo("unknown action 'delete': use one of get, list, describe, logs, events, top");
  }

  @Test
  void anUnknownResourceListsTheKnownOnes() {
    assertThat(kubectl.call("{\"action\":\"list\",\"resource\":\"widgets\"}").error())
        .startsWith("unknown resource 'widgets': use one of pods (po), deployments (deploy)");
  }

  @Test
  void aMissingResourceSaysWhatToPass() {
    assertThat(kubectl.call("{\"action\":\"describe\",\"name\":\"x\"}").error())
        .isEqualTo(
            "resource is required for action describe: for example resource=pods or"
                + " resource=deployments");
  }

  @Test
  void aBadSinceShowsTheExpectedForm() {
    assertThat(kubectl.call("{\"action\":\"logs\",\"name\":\"x\",\"since\":\"yesterday\"}").error())
        .isEqualTo("since must be a duration such as 30s, 10m, 1h or 2h30m, not 'yesterday'");
  }

  @Test
  void aBadTailLinesIsRefused() {
    assertThat(kubectl.call("{\"action\":\"logs\",\"name\":\"x\",\"tail_lines\":0}").error())
        .isEqualTo("tail_lines must be a positive whole number, such as 200, not 0");
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
