package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Secret printed as JSON whose head ends inside its {@code data} map: cut by {@code head -c},
 * {@code cut -c}, a tool's cap, or OATS's own head-and-tail note. Every value that did arrive,
 * whole or in part, is hidden, whatever follows the cut (nothing, a note and the tail of a
 * ConfigMap, the tail of another list).
 */
class CutJsonSecretHeadAttackTest {

  private static final String VALUE_1 = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTE=";
  private static final String VALUE_2 = "YW5vdGhlci1zZWNyZXQtdmFsdWUtMg==";

  /** kubectl's pretty JSON of a Secret list, up to and including the data map's two values. */
  private static String head(boolean apiVersion, boolean list) {
    String indent = list ? "            " : "    ";
    String open = list ? "{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n        {\n" : "{\n";
    return open
        + (apiVersion ? indent + "\"apiVersion\": \"v1\",\n" : "")
        + indent
        + "\"data\": {\n"
        + indent
        + "    \"conn\": \""
        + VALUE_1
        + "\",\n"
        + indent
        + "    \"dsn\": \""
        + VALUE_2
        + "\"";
  }

  private static final String CONFIG_MAP_TAIL =
      "                \"mode\": \"fast\"\n            },\n            \"kind\": \"ConfigMap\",\n"
          + "            \"metadata\": {\"name\": \"settings\"}\n        }\n    ],\n"
          + "    \"kind\": \"List\"\n}\n";

  /** Each head, cut after every character of its values, with each kind of end. */
  private static List<String> cuts() {
    List<String> texts = new ArrayList<>();
    for (boolean apiVersion : new boolean[] {true, false}) {
      for (boolean list : new boolean[] {true, false}) {
        String head = head(apiVersion, list);
        int from = head.indexOf(VALUE_1);
        for (int end = from + 12; end <= head.length(); end++) {
          String cut = head.substring(0, end);
          texts.add(cut);
          texts.add(cut + "\n");
          texts.add(cut + "\n[... 120 KB not shown ...]\n" + CONFIG_MAP_TAIL);
          texts.add(
              "stdout: 180 KB, showing first 48 KB and last 16 KB\n"
                  + cut
                  + "\n[... 120 KB not shown ...]\n"
                  + CONFIG_MAP_TAIL);
        }
      }
    }
    return texts;
  }

  @Test
  void valuesThatArrivedBeforeTheCutAreHiddenWhole() {
    List<String> leaks = new ArrayList<>();
    for (String text : cuts()) {
      String redacted = Redactor.standard().redact(text);
      for (String value : List.of(VALUE_1, VALUE_2)) {
        // No run of 12 characters of a value (its readable prefix) may show.
        for (int i = 0; i + 12 <= value.length(); i++) {
          if (redacted.contains(value.substring(i, i + 12))) {
            leaks.add(redacted);
            break;
          }
        }
      }
    }
    assertThat(leaks).as("%d cut texts showed part of a value", leaks.size()).isEmpty();
  }

  @Test
  void aSecretCutPerLineByCutIsHidden() {
    // kubectl get secret db -o json | cut -c1-40: each line ends inside its value.
    String text =
        "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"conn\": \"c3VwZXItc2VjcmV0LXBh\n"
            + "        \"dsn\": \"YW5vdGhlci1zZWNyZXQtdm\n    },\n    \"kind\": \"Secret\",\n}\n";
    String redacted = Redactor.standard().redact(text);
    assertThat(redacted).doesNotContain("c3VwZXItc2Vj").doesNotContain("YW5vdGhlci1z");
  }

  @Test
  void aCutConfigMapAndAWholePrometheusResponseStayReadable() {
    String configMap =
        "{\n    \"apiVersion\": \"v1\",\n    \"data\": {\n        \"mode\": \"fast\"\n    },\n"
            + "    \"kind\": \"ConfigMap\"\n}\n";
    assertThat(Redactor.standard().redact(configMap)).isEqualTo(configMap);
    String prometheus =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}\n";
    assertThat(Redactor.standard().redact(prometheus)).isEqualTo(prometheus);
  }

  /**
   * The API server's own list ({@code kubectl get --raw /api/v1/secrets}, {@code curl} through
   * {@code kubectl proxy}) gives its items no {@code kind}; {@code jq '.items[]'} drops the list's.
   * A Secret's {@code type} tells them; a ConfigMap has none.
   */
  @Test
  void secretsWithoutTheirKindAreToldByTheirType() {
    String raw =
        "{\"kind\":\"SecretList\",\"apiVersion\":\"v1\",\"metadata\":{},\"items\":[{\"metadata\":"
            + "{\"name\":\"db\"},\"data\":{\"conn\":\""
            + VALUE_1
            + "\"},\"type\":\"Opaque\"},{\"metadata\":{\"name\":\"tls\"},\"data\":{\"tls.key\":\""
            + VALUE_2
            + "\"},\"type\":\"kubernetes.io/tls\"}]}\n";
    assertThat(Redactor.standard().redact(raw))
        .doesNotContain(VALUE_1)
        .doesNotContain(VALUE_2)
        .contains("\"conn\"");
    String yaml = "- data:\n    conn: " + VALUE_1 + "\n  metadata:\n    name: db\n  type: Opaque\n";
    assertThat(Redactor.standard().redact(yaml)).doesNotContain(VALUE_1).contains("conn:");
    String configMaps =
        "{\"kind\":\"ConfigMapList\",\"items\":[{\"metadata\":{\"name\":\"a\"},"
            + "\"data\":{\"mode\":\"fast\"}}]}\n";
    assertThat(Redactor.standard().redact(configMaps)).isEqualTo(configMaps);
  }
}
