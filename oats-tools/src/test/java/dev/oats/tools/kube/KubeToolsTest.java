package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.SideEffect;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolCategory;
import dev.oats.tool.ToolProvider;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeToolsTest {

  @TempDir Path home;

  private KubeConfigLocator locator(Map<String, String> environment) {
    return new KubeConfigLocator(environment, home, home.resolve("serviceaccount"));
  }

  private static List<ToolProvider.Offer> offers(KubeConfigLocator locator) {
    return KubeTools.offers(
        Map.of(),
        locator,
        () -> {
          throw new AssertionError("offering the tool must not build a client");
        });
  }

  private Path kubeconfig(Path file, String server) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
        contexts:
        - name: test
          context:
            cluster: test
            user: test
            namespace: shop
        current-context: test
        users:
        - name: test
          user:
            token: not-a-real-token
        """
            .formatted(server));
  }

  @Test
  void withoutAnyConfigurationTheToolIsOfferedDisabledWithTheReason() {
    List<ToolProvider.Offer> offers = offers(locator(Map.of()));

    assertThat(offers).hasSize(1);
    assertThat(offers.get(0).isEnabled()).isFalse();
    assertThat(offers.get(0).name()).isEqualTo("kubectl_info");
    assertThat(offers.get(0).disabledReason())
        .isEqualTo("no Kubernetes configuration found: set KUBECONFIG or run in a cluster");
  }

  @Test
  void aKubeconfigInTheHomeDirectoryEnablesItWithoutContactingTheApi() throws IOException {
    kubeconfig(home.resolve(".kube/config"), "https://192.0.2.1:6443");

    List<ToolProvider.Offer> offers = offers(locator(Map.of()));

    assertThat(offers.get(0).isEnabled()).isTrue();
    assertThat(offers.get(0).tool().name()).isEqualTo("kubectl_info");
  }

  @Test
  void kubeconfigNamesTheFileToUse() throws IOException {
    Path file = kubeconfig(home.resolve("clusters/prod.yaml"), "https://192.0.2.1:6443");

    assertThat(locator(Map.of("KUBECONFIG", "/nowhere/config:" + file)).locate())
        .contains("kubeconfig " + file);
  }

  @Test
  void aKubeconfigVariableNamingNoFileSaysSo() {
    List<ToolProvider.Offer> offers = offers(locator(Map.of("KUBECONFIG", "/nowhere/config")));

    assertThat(offers.get(0).isEnabled()).isFalse();
    assertThat(offers.get(0).disabledReason())
        .isEqualTo(
            "no Kubernetes configuration found: KUBECONFIG is set to /nowhere/config but no such"
                + " file exists");
  }

  @Test
  void aServiceAccountInAPodEnablesIt() throws IOException {
    Files.createDirectories(home.resolve("serviceaccount"));
    Files.writeString(home.resolve("serviceaccount/token"), "token");

    KubeConfigLocator inCluster = locator(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"));

    assertThat(inCluster.locate()).contains("the in-cluster service account");
    assertThat(offers(inCluster).get(0).isEnabled()).isTrue();
  }

  @Test
  void aBrokenKubeconfigFailsTheCallWithAMessageNotTheStartUp() throws IOException {
    Path broken = Files.writeString(home.resolve("broken-config"), "clusters: [this is: not, yaml");
    kubeconfig(home.resolve(".kube/config"), "https://192.0.2.1:6443");
    Tool tool =
        KubeTools.offers(
                Map.of(), locator(Map.of()), () -> Config.fromKubeconfig(null, broken.toFile()))
            .get(0)
            .tool();

    ToolResult result = new ToolHarness(tool).call("{\"action\":\"list\",\"resource\":\"pods\"}");

    assertThat(result.isError()).isTrue();
    assertThat(result.error())
        .startsWith("could not set up the Kubernetes client (")
        .endsWith("check the kubeconfig that KUBECONFIG or ~/.kube/config points at");
  }

  @Test
  void theTargetNamespaceSettingIsTheDefaultNamespace() {
    assertThat(KubeTools.targetNamespace(Map.of("OATS_TARGET_NAMESPACE", "shop")))
        .isEqualTo("shop");
    assertThat(KubeTools.targetNamespace(Map.of())).isEqualTo("default");
    assertThat(KubeTools.targetNamespace(Map.of("OATS_TARGET_NAMESPACE", " ")))
        .isEqualTo("default");
  }

  @Test
  void theToolIsAReadOnlyKubernetesToolWithADocumentedSchema() throws IOException {
    kubeconfig(home.resolve(".kube/config"), "https://192.0.2.1:6443");
    Tool tool = offers(locator(Map.of())).get(0).tool();
    ObjectNode schema = tool.parameters();

    assertThat(tool.category()).isEqualTo(ToolCategory.KUBERNETES);
    assertThat(tool.sideEffect(schema.objectNode().put("action", "logs")))
        .isEqualTo(SideEffect.READ_ONLY);
    assertThat(schema.path("required").toString()).isEqualTo("[\"action\"]");
    assertThat(schema.path("properties").path("action").path("enum").toString())
        .isEqualTo("[\"get\",\"list\",\"describe\",\"logs\",\"events\",\"top\"]");
    assertThat(schema.path("properties").properties().stream().map(Map.Entry::getKey))
        .containsExactly(
            "action",
            "resource",
            "name",
            "namespace",
            "label_selector",
            "container",
            "tail_lines",
            "since",
            "previous",
            "grep");
    assertThat(schema.path("properties").path("tail_lines").path("default").asInt()).isEqualTo(200);
    assertThat(tool.description())
        .contains("previous=true")
        .contains("{\"action\": \"logs\"")
        .contains("CrashLoopBackOff");
  }
}
