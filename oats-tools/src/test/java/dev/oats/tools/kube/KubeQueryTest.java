package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KubeQueryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static KubeQuery parse(String json) throws Exception {
    return KubeQuery.parse((ObjectNode) JSON.readTree(json), "shop");
  }

  @Test
  void defaultsFillWhatACallLeavesOut() throws Exception {
    KubeQuery query = parse("{\"action\":\"logs\",\"name\":\"api-0\"}");

    assertThat(query.kind()).isEqualTo(ResourceKind.POD);
    assertThat(query.namespace()).isEqualTo("shop");
    assertThat(query.tailLines()).isEqualTo(200);
    assertThat(query.previous()).isFalse();
    assertThat(query.since()).isNull();
  }

  @Test
  void clusterScopedKindsIgnoreTheNamespace() throws Exception {
    KubeQuery query = parse("{\"action\":\"list\",\"resource\":\"no\",\"namespace\":\"shop\"}");

    assertThat(query.namespace()).isNull();
    assertThat(query.allNamespaces()).isFalse();
    assertThat(query.where()).isEmpty();
  }

  @Test
  void tailLinesAreCappedRatherThanRefused() throws Exception {
    assertThat(parse("{\"action\":\"logs\",\"name\":\"a\",\"tail_lines\":999999}").tailLines())
        .isEqualTo(KubeQuery.MAX_TAIL_LINES);
  }

  @Test
  void anUnknownKindInKindSlashNameIsRefused() {
    assertThatThrownBy(() -> parse("{\"action\":\"get\",\"name\":\"gadget/x\"}"))
        .hasMessageStartingWith("unknown resource 'gadget'");
  }

  @ParameterizedTest(name = "{0} is {1} seconds")
  @CsvSource({"30s, 30", "10m, 600", "1h, 3600", "2h30m, 9000", "1d, 86400"})
  void durationsReadLikeKubectls(String text, long seconds) {
    assertThat(Ages.parseDuration(text, "since")).isEqualTo(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "''{0}'' is refused")
  @CsvSource({"10", "m10", "10 m", "0s", "1w"})
  void durationsWithoutAUnitOrWithAnUnknownOneAreRefused(String text) {
    assertThatThrownBy(() -> Ages.parseDuration(text, "since"))
        .hasMessage("since must be a duration such as 30s, 10m, 1h or 2h30m, not '" + text + "'");
  }

  @ParameterizedTest(name = "{0}s reads {1}")
  @CsvSource({
    "45, 45s",
    "150, 2m30s",
    "900, 15m",
    "18000, 5h",
    "7200, 120m",
    "90000, 25h",
    "200000, 2d7h",
    "2592000, 30d"
  })
  void agesReadLikeKubectls(long seconds, String expected) {
    assertThat(Ages.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }
}
