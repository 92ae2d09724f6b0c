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
  private List<int[]> dataValues;

  void kind(String kind) {
    this.kind = kind;
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
    reportIf(findings, "Secret".equals(kind) || (!complete && kind == null && hasApiVersion));
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
