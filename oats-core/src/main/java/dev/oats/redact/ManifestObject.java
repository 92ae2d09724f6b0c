package dev.oats.redact;

import java.util.ArrayList;
import java.util.List;

/**
 * What a manifest scanner learned about one object: its {@code kind}, whether it has an {@code
 * apiVersion}, and where the values under its {@code data} and {@code stringData} maps are. Only
 * once the whole object has been read is it known whether those values are secret, because kubectl
 * prints {@code data} before {@code kind}.
 */
final class ManifestObject {

  private String kind;
  private boolean hasApiVersion;
  private boolean secretType;
  private List<int[]> dataValues;

  void kind(String kind) {
    this.kind = kind;
  }

  /**
   * The object's {@code type}. A Secret's is {@code Opaque} or a name under {@code kubernetes.io/},
   * {@code bootstrap.kubernetes.io/} or {@code helm.sh/}; a ConfigMap has none. It tells a Secret
   * printed without its {@code kind}: the items of a {@code SecretList} as the API server sends
   * them ({@code kubectl get --raw}, {@code curl} through {@code kubectl proxy}), or items taken
   * out of a list ({@code jq '.items[]'}).
   */
  void type(String type) {
    this.secretType =
        type.equals("Opaque")
            || type.startsWith("kubernetes.io/")
            || type.startsWith("bootstrap.kubernetes.io/")
            || type.startsWith("helm.sh/");
  }

  void sawApiVersion() {
    hasApiVersion = true;
  }

  void dataValue(int start, int end) {
    if (end > start) {
      if (dataValues == null) {
        dataValues = new ArrayList<>();
      }
      dataValues.add(new int[] {start, end});
    }
  }

  /**
   * Reports the data values if this object is a Secret. An object cut off before its {@code kind}
   * (tool output is often truncated) that looks like a Kubernetes object, having an {@code
   * apiVersion}, is treated as a Secret: a ConfigMap shown with a few values hidden is a small
   * loss, a leaked credential is not. A complete object without a kind, such as the {@code data} of
   * a Prometheus response, is left alone.
   *
   * @param complete whether the scanner saw the end of the object
   */
  void report(Detector.Findings findings, boolean complete) {
    reportIf(
        findings,
        "Secret".equals(kind)
            || (kind == null && secretType)
            || (!complete && kind == null && hasApiVersion));
  }

  /**
   * Reports the data values of a JSON object whose closing brace never came, if it may be a Secret:
   * its {@code kind} is {@code Secret} or was never seen. Unlike YAML, where every mapping still
   * open at the end of a text is unfinished, an unclosed JSON object was cut (by a cap, {@code head
   * -c}, a filter), and what reached the cut may have dropped {@code apiVersion} too.
   */
  void reportCut(Detector.Findings findings) {
    reportIf(findings, "Secret".equals(kind) || kind == null);
  }

  private void reportIf(Detector.Findings findings, boolean secret) {
    if (dataValues == null) {
      return;
    }
    if (secret) {
      for (int[] value : dataValues) {
        findings.add(value[0], value[1], SecretKind.KUBERNETES_SECRET_DATA);
      }
    }
  }
}
