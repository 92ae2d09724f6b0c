package dev.oats.tools.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Hides the values of Kubernetes Secrets in parsed YAML before anything is shown, so no summary,
 * query or outline can print them. What is left (the key and the length of its value) is enough to
 * spot a missing key or an empty password.
 */
final class SecretValues {

  /** kubectl copies the whole object, values included, into this annotation. */
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private SecretValues() {}

  /** Hides secret values in the document, and in the items of a {@code List}, in place. */
  static void hide(JsonNode document) {
    if (!(document instanceof ObjectNode object)) {
      return;
    }
    if ("Secret".equals(object.path("kind").asText())) {
      hideValues(object.get("data"), true);
      hideValues(object.get("stringData"), false);
      if (object.path("metadata").path("annotations") instanceof ObjectNode annotations
          && annotations.has(LAST_APPLIED)) {
        annotations.put(LAST_APPLIED, "<hidden: it holds the values>");
      }
    }
    if (object.path("items").isArray()) {
      object.path("items").forEach(SecretValues::hide);
    }
  }

  private static void hideValues(JsonNode values, boolean base64) {
    if (values instanceof ObjectNode map) {
      List<String> keys = map.propertyStream().map(Map.Entry::getKey).toList();
      for (String key : keys) {
        map.put(key, placeholder(map.get(key).asText(), base64));
      }
    }
  }

  private static String placeholder(String value, boolean base64) {
    if (!base64) {
      return "<hidden: " + value.length() + " characters>";
    }
    try {
      return "<hidden: " + Base64.getMimeDecoder().decode(value).length + " bytes>";
    } catch (IllegalArgumentException e) {
      return "<hidden: not valid base64>";
    }
  }
}
