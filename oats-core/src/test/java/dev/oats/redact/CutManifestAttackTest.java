package dev.oats.redact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A command's output over 64 KB is shown as its head and its tail, and {@code kubectl get secrets
 * -A -o yaml} is that long in any cluster with a few Helm releases. The tail starts at a line
 * boundary, which may be inside a Secret's {@code data} map: kubectl prints {@code data} before
 * {@code kind}, so the values at the top of the tail come before anything that says what holds
 * them. They are hidden once the object they belong to turns out to be a Secret, and shown when it
 * is a ConfigMap.
 */
class CutManifestAttackTest {

  private static final String VALUE_1 = "c3VwZXItc2VjcmV0LXBhc3N3b3JkLTE=";
  private static final String VALUE_2 = "YW5vdGhlci1zZWNyZXQtdmFsdWUtMg==";

  private static String tailOfAList(String kind) {
    // What the tail shows when the cut falls inside the data map of the list's last item.
    return "    conn: "
        + VALUE_1
        + "\n    dsn: "
        + VALUE_2
        + "\n  kind: "
        + kind
        + "\n  metadata:\n    name: db\n    namespace: shop\n  type: Opaque\nkind: List\n"
        + "metadata:\n  resourceVersion: \"\"\n";
  }

  @Test
  void valuesAtTheTopOfATailInsideASecretAreHidden() {
    String redacted = Redactor.standard().redact(tailOfAList("Secret"));
    assertThat(redacted).doesNotContain(VALUE_1).doesNotContain(VALUE_2).contains("conn:");
  }

  @Test
  void valuesAtTheTopOfATailInsideAConfigMapStay() {
    String text = tailOfAList("ConfigMap").replace("  type: Opaque\n", "");
    assertThat(Redactor.standard().redact(text)).isEqualTo(text);
  }

  @Test
  void aJsonTailInsideASecretsDataIsHiddenToo() {
    String tail =
        "                \"conn\": \""
            + VALUE_1
            + "\",\n                \"dsn\": \""
            + VALUE_2
            + "\"\n            },\n            \"kind\": \"Secret\",\n"
            + "            \"metadata\": {\"name\": \"db\"}\n        }\n    ],\n"
            + "    \"kind\": \"List\"\n}\n";
    String redacted = Redactor.standard().redact(tail);
    assertThat(redacted).doesNotContain(VALUE_1).doesNotContain(VALUE_2).contains("\"conn\"");
  }

  @Test
  void aHeadCutInsideAListItemsDataAndTheTailAfterTheNoteAreBothHidden() {
    String head = "apiVersion: v1\nitems:\n- apiVersion: v1\n  data:\n    conn: " + VALUE_1 + "\n";
    String rendered = head + "[... 120 KB not shown ...]\n" + tailOfAList("Secret");
    String redacted = Redactor.standard().redact(rendered);
    assertThat(redacted).doesNotContain(VALUE_1).doesNotContain(VALUE_2);
  }

  /**
   * A whole manifest indented as one (file_reader's gutter blanked, a manifest quoted in a log or a
   * document) opens with indented lines too, and no shallower line ever comes: it is still read as
   * the manifest it is. Reading such lines only as a cut object's tail let file_reader show a
   * Secret's stringData whole.
   */
  @Test
  void aWholeManifestIndentedAsOneIsStillReadAsAManifest() {
    String gutter =
        "/work/deploy/secret.yaml — 6 lines, 102 B\nShowing lines 1-6 (the whole file)\n\n"
            + "   1 | apiVersion: v1\n   2 | kind: Secret\n   3 | metadata:\n   4 |   name: db\n"
            + "   5 | stringData:\n   6 |   value: "
            + VALUE_1
            + "\n";
    String quoted =
        "applied:\n\n    apiVersion: v1\n    kind: Secret\n    metadata:\n      name: db\n"
            + "    data:\n      conn: "
            + VALUE_1
            + "\n      dsn: "
            + VALUE_2
            + "\n";

    assertThat(Redactor.standard().redact(gutter)).doesNotContain(VALUE_1).contains("value:");
    assertThat(Redactor.standard().redact(quoted))
        .doesNotContain(VALUE_1)
        .doesNotContain(VALUE_2)
        .contains("dsn:");
    // kubectl's order (data before kind), in a list item indented with its list.
    String item = "  - apiVersion: v1\n    data:\n      conn: " + VALUE_1 + "\n    kind: Secret\n";
    assertThat(Redactor.standard().redact(item)).doesNotContain(VALUE_1).contains("conn:");
    String configMap = quoted.replace("kind: Secret", "kind: ConfigMap");
    assertThat(Redactor.standard().redact(configMap)).isEqualTo(configMap);
  }
}
