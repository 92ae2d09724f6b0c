package dev.oats.tools.kube;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.tool.Tool;
import dev.oats.tool.ToolContext;
import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/** Calls kubectl_info the way the executor does: JSON arguments in, a result out. */
final class ToolHarness {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Tool tool;

  ToolHarness(KubernetesClient client) {
    this(KubeTools.offers(ShopCluster.noSettings(), client).get(0).tool());
  }

  ToolHarness(Tool tool) {
    this.tool = tool;
  }

  Tool tool() {
    return tool;
  }

  ToolResult call(String json) {
    try {
      return tool.execute((ObjectNode) JSON.readTree(json), context());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("bad test JSON: " + json, e);
    } catch (Exception e) {
      throw new AssertionError("kubectl_info threw instead of returning a result", e);
    }
  }

  /** Output and error together, for assertions that do not care which carries the text. */
  String text(String json) {
    ToolResult result = call(json);
    return result.output() + result.error();
  }

  static ToolContext context() {
    return new ToolContext(
        "inv-test", Path.of("."), Map.of(), Instant.now().plusSeconds(60), () -> false);
  }
}
