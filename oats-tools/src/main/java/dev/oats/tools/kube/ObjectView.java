package dev.oats.tools.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One object as compact YAML: spec and status without the bookkeeping (managed fields, resource
 * versions, the last-applied copy of the whole object) and with long annotations cut.
 */
final class ObjectView {

  private static final int MAX_ANNOTATION = 200;
  private static final List<String> DROPPED_METADATA =
      List.of(
          "managedFields",
          "resourceVersion",
          "uid",
          "selfLink",
          "generation",
          "name",
          "namespace",
          "creationTimestamp");
  private static final List<String> DROPPED_ANNOTATIONS =
      List.of(
          "kubectl.kubernetes.io/last-applied-configuration",
          "control-plane.alpha.kubernetes.io/leader");

  private final KubernetesSerialization serialization;

  ObjectView(KubernetesSerialization serialization) {
    this.serialization = serialization;
  }

  /** The object as compact YAML. Secrets are shown by {@link SecretView}, never here. */
  String render(HasMetadata item) {
    if (item instanceof Secret) {
      throw new IllegalArgumentException("secrets are shown by SecretView, without values");
    }
    ObjectNode tree = serialization.convertValue(item, ObjectNode.class);
    // The title line already says kind, namespace, name and age.
    tree.remove(List.of("apiVersion", "kind"));
    if (tree.get("metadata") instanceof ObjectNode metadata) {
      clean(metadata);
    }
    return CompactYaml.render(tree);
  }

  private static void clean(ObjectNode metadata) {
    DROPPED_METADATA.forEach(metadata::remove);
    if (metadata.get("annotations") instanceof ObjectNode annotations) {
      DROPPED_ANNOTATIONS.forEach(annotations::remove);
      List<String> names = new ArrayList<>();
      annotations.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        String value = annotations.path(name).asText();
        if (value.length() > MAX_ANNOTATION) {
          annotations.put(
              name,
              dev.oats.redact.SafeCut.head(value, MAX_ANNOTATION)
                  + "… ("
                  + value.length()
                  + " chars, cut)");
        }
      }
    }
    if (metadata.get("ownerReferences") instanceof ArrayNode owners) {
      List<String> compact = new ArrayList<>();
      for (JsonNode owner : owners) {
        compact.add(owner.path("kind").asText() + "/" + owner.path("name").asText());
      }
      metadata.remove("ownerReferences");
      ArrayNode array = metadata.putArray("ownerReferences");
      compact.forEach(array::add);
    }
  }

  /** "Deployment shop/checkout (age 3d)". */
  static String title(HasMetadata item, Instant now) {
    String namespace =
        item.getMetadata().getNamespace() == null ? "" : item.getMetadata().getNamespace() + "/";
    return item.getKind()
        + " "
        + namespace
        + item.getMetadata().getName()
        + " (age "
        + Ages.since(item.getMetadata().getCreationTimestamp(), now)
        + ")";
  }

  /** Annotations worth showing in a describe view: without the last-applied copy, cut short. */
  static String annotations(Map<String, String> annotations) {
    if (annotations == null) {
      return "";
    }
    List<String> shown = new ArrayList<>();
    annotations.entrySet().stream()
        .filter(e -> !DROPPED_ANNOTATIONS.contains(e.getKey()))
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              String value = e.getValue() == null ? "" : e.getValue();
              shown.add(
                  e.getKey()
                      + "="
                      + (value.length() > MAX_ANNOTATION
                          ? dev.oats.redact.SafeCut.head(value, MAX_ANNOTATION) + "…"
                          : value));
            });
    return String.join(", ", shown);
  }
}
