package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.testkit.CrudApiServer;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import dev.oats.tools.logs.LogTools;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The investigation's namespace reaches the tools through the ToolContext ({@code oats investigate
 * -n shop}); without one they use the kubeconfig context's namespace, as kubectl does.
 */
class InvestigationNamespaceTest {

  private static final CrudApiServer API = new CrudApiServer();

  private static final ObjectMapper JSON = new ObjectMapper();
  static KubernetesClient client = API.client;
  static KubernetesMockServer server = API.server;

  @BeforeAll
  static void start() {
    // CRUD mode does not serve pod logs: the API server's answer for a pod that is not there.
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/shop/pods/missing-1/log?pretty=false&tailLines=20000")
        .andReturn(
            404,
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                + "\"message\":\"pods \\\"missing-1\\\" not found\",\"reason\":\"NotFound\","
                + "\"code\":404}")
        .always();
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("checkout-1")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("checkout:1")
                .endContainer()
                .endSpec()
                .build())
        .create();
  }

  private static ToolResult call(Tool tool, String json, String namespace) throws Exception {
    return tool.execute(
        (ObjectNode) JSON.readTree(json),
        new ToolContext(
            "inv", Path.of("."), Map.of(), Instant.now().plusSeconds(60), () -> false, namespace));
  }

  @Test
  void kubectlInfoUsesTheInvestigationsNamespace() throws Exception {
    Tool tool = KubeTools.offers(Map.of(), client).getFirst().tool();

    ToolResult result = call(tool, "{\"action\":\"list\",\"resource\":\"pods\"}", "shop");

    assertThat(result.output()).contains("1 pods in namespace shop").contains("checkout-1");
  }

  @Test
  void withoutOneTheKubeconfigContextsNamespaceIsUsed() throws Exception {
    Tool tool = KubeTools.offers(Map.of(), client).getFirst().tool();

    ToolResult result = call(tool, "{\"action\":\"list\",\"resource\":\"pods\"}", null);

    assertThat(result.output())
        .contains("namespace " + client.getNamespace())
        .doesNotContain("checkout-1");
  }

  @Test
  void logAnalyzerLooksForThePodInTheInvestigationsNamespace() throws Exception {
    Tool tool = LogTools.offers(Map.of(), Optional.of(() -> client)).getFirst().tool();

    ToolResult result = call(tool, "{\"pod\":\"missing-1\"}", "shop");

    assertThat(result.error())
        .contains("no pod named missing-1 in namespace shop; these exist: checkout-1");
  }

  @AfterAll
  static void closeApiServer() {
    API.close();
  }
}
