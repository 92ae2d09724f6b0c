package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Secret the way {@code kubectl describe secret} shows it: its keys and their sizes, never a
 * value, in any encoding.
 */
final class SecretView {

  private SecretView() {}

  static String render(Secret secret, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append("Secret ")
        .append(secret.getMetadata().getNamespace())
        .append('/')
        .append(secret.getMetadata().getName())
        .append('\n');
    out.append("Type: ")
        .append(secret.getType() == null ? "Opaque" : secret.getType())
        .append('\n');
    out.append("Age: ")
        .append(Ages.since(secret.getMetadata().getCreationTimestamp(), now))
        .append('\n');
    String labels = ObjectTables.labels(secret.getMetadata().getLabels());
    if (!labels.isEmpty()) {
      out.append("Labels: ").append(labels).append('\n');
    }
    String annotations = ObjectView.annotations(secret.getMetadata().getAnnotations());
    if (!annotations.isEmpty()) {
      out.append("Annotations: ").append(annotations).append('\n');
    }
    Map<String, Integer> sizes = sizes(secret);
    out.append("Data (values are never shown):\n");
    if (sizes.isEmpty()) {
      out.append("  (no keys)\n");
    }
    sizes.forEach(
        (key, size) -> out.append("  ").append(key).append(": ").append(size).append(" bytes\n"));
    return out.toString();
  }

  /** Each key's decoded size in bytes. */
  static Map<String, Integer> sizes(Secret secret) {
    Map<String, Integer> sizes = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((key, value) -> sizes.put(key, decodedSize(value)));
    }
    if (secret.getStringData() != null) {
      secret
          .getStringData()
          .forEach(
              (key, value) ->
                  sizes.put(
                      key, value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length));
    }
    return sizes;
  }

  private static int decodedSize(String base64) {
    if (base64 == null) {
      return 0;
    }
    try {
      return Base64.getDecoder().decode(base64.strip()).length;
    } catch (IllegalArgumentException e) {
      return base64.length();
    }
  }
}
