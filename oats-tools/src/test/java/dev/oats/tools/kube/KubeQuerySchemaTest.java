package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@link KubeQuery#parse} reads kubectl_info's arguments by hand (a pod name may carry its kind, a
 * namespace may be "all"), so it is checked against the schema the model is sent instead: it reads
 * every parameter the schema declares and none it does not.
 */
class KubeQuerySchemaTest {

  @Test
  void parseReadsExactlyTheParametersTheSchemaDeclares() {
    ObjectNode schema = new KubectlInfoTool(() -> null, null, Clock.systemUTC()).parameters();
    Set<String> declared = new TreeSet<>();
    schema.path("properties").fieldNames().forEachRemaining(declared::add);

    Reading args = new Reading();
    args.put("action", "logs")
        .put("resource", "pods")
        .put("name", "checkout-7d9f8-x2k4q")
        .put("namespace", "shop")
        .put("label_selector", "app=checkout")
        .put("container", "app")
        .put("tail_lines", 50)
        .put("since", "10m")
        .put("previous", true)
        .put("grep", "timeout");
    KubeQuery query = KubeQuery.parse(args, "default");

    assertThat(args.read).isEqualTo(declared);
    assertThat(query)
        .isEqualTo(
            new KubeQuery(
                KubeQuery.Action.LOGS,
                ResourceKind.POD,
                "checkout-7d9f8-x2k4q",
                "shop",
                "app=checkout",
                "app",
                50,
                Duration.ofMinutes(10),
                true,
                "timeout"));
  }

  /** Arguments that note which of them the parser looked at ({@code has} goes through get). */
  private static final class Reading extends ObjectNode {
    final Set<String> read = new TreeSet<>();

    Reading() {
      super(JsonNodeFactory.instance);
    }

    @Override
    public JsonNode get(String name) {
      read.add(name);
      return super.get(name);
    }

    @Override
    public JsonNode path(String name) {
      read.add(name);
      return super.path(name);
    }
  }
}
