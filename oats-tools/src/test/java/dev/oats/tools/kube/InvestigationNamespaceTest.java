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

  private static final ObjectMapper JSON = new ObjectMapper();
  private static CrudApiServer cluster;

  @BeforeAll
  static void start() {
    cluster = new CrudApiServer();
    cluster
        .client
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

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static ToolResult call(Tool tool, String json, String namespace) throws Exception {
    return tool.execute(
        (ObjectNode) JSON.readTree(json),
        new ToolContext(
            "inv", Path.of("."), Map.of(), Instant.now().plusSeconds(60), () -> false, namespace));
  }

  @Test
  void kubectlInfoUsesTheInvestigationsNamespace() throws Exception {
    Tool tool = KubeTools.offers(Map.of(), cluster.client).getFirst().tool();

    ToolResult result = call(tool, "{\"action\":\"list\",\"resource\":\"pods\"}", "shop");

    assertThat(result.output()).contains("1 pods in namespace shop").contains("checkout-1");
  }

  @Test
  void withoutOneTheKubeconfigContextsNamespaceIsUsed() throws Exception {
    Tool tool = KubeTools.offers(Map.of(), cluster.client).getFirst().tool();

    ToolResult result = call(tool, "{\"action\":\"list\",\"resource\":\"pods\"}", null);

    assertThat(result.output())
        .contains("namespace " + cluster.client.getNamespace())
        .doesNotContain("checkout-1");
  }

  @Test
  void logAnalyzerLooksForThePodInTheInvestigationsNamespace() throws Exception {
    Tool tool = LogTools.offers(Map.of(), Optional.of(() -> cluster.client)).getFirst().tool();

    ToolResult result = call(tool, "{\"pod\":\"missing-1\"}", "shop");

    assertThat(result.error())
        .contains("no pod named missing-1 in namespace shop; these exist: checkout-1");
  }
}
