package dev.oats.tools.kube;

import dev.oats.tool.ToolResult;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * get, list and describe for a kind kubectl_info has no table for, custom resources included: the
 * kind is resolved through API discovery, as kubectl does, and each object is summarised by what
 * tells its health (phase, message, conditions) rather than printed as raw JSON.
 */
final class CustomResourceAction {

  private final KubernetesClient client;
  private final Instant now;

  CustomResourceAction(KubernetesClient client, Instant now) {
    this.client = client;
    this.now = now;
  }

  /**
   * @param resource the name the call used: plural, singular, short name, Kind, or plural.group
   * @param namespace the namespace, or null for all
   */
  ToolResult run(String resource, String name, String namespace, String labelSelector) {
    Optional<ResourceDefinitionContext> found;
    try {
      found = resolve(resource);
    } catch (KubernetesClientException e) {
      return ToolResult.error(
          "unknown resource '" + resource + "', and API discovery failed: " + e.getMessage());
    }
    if (found.isEmpty()) {
      return ToolResult.error(
          "unknown resource '"
              + resource
              + "': use one of "
              + ResourceKind.known()
              + ", or a custom resource's plural, kind or short name (API discovery found no"
              + " such kind on this cluster)");
    }
    ResourceDefinitionContext kind = found.get();
    String scope = kind.isNamespaceScoped() ? namespace : null;
    var resources = client.genericKubernetesResources(kind);
    try {
      List<GenericKubernetesResource> items;
      if (name != null) {
        GenericKubernetesResource item =
            scope == null
                ? resources.withName(name).get()
                : resources.inNamespace(scope).withName(name).get();
        if (item == null) {
          return ToolResult.error(
              "no "
                  + kind.getKind()
                  + " named "
                  + name
                  + (scope == null ? "" : " in namespace " + scope));
        }
        items = List.of(item);
      } else {
        var listing = scope == null ? resources.inAnyNamespace() : resources.inNamespace(scope);
        items =
            (labelSelector == null ? listing : listing.withLabelSelector(labelSelector))
                .list().getItems().stream()
                    .sorted(Comparator.comparing(item -> item.getMetadata().getName()))
                    .toList();
      }
      StringBuilder out =
          new StringBuilder()
              .append(items.size())
              .append(' ')
              .append(kind.getKind())
              .append(items.size() == 1 ? "" : " objects")
              .append(" (")
              .append(kind.getPlural())
              .append('.')
              .append(kind.getGroup())
              .append('/')
              .append(kind.getVersion())
              .append(")")
              .append(scope == null ? "" : " in namespace " + scope)
              .append('\n');
      items.forEach(item -> out.append(summary(item)));
      return ToolResult.success(out.toString());
    } catch (KubernetesClientException e) {
      return ToolResult.error(
          "could not read " + kind.getPlural() + "." + kind.getGroup() + ": " + e.getMessage());
    }
  }

  /** Finds the kind among the group versions discovery lists, then among the installed CRDs. */
  private Optional<ResourceDefinitionContext> resolve(String resource) {
    String wanted = resource.trim().toLowerCase(Locale.ROOT);
    String group = null;
    int dot = wanted.indexOf('.');
    if (dot > 0) {
      group = wanted.substring(dot + 1);
      wanted = wanted.substring(0, dot);
    }
    for (String groupVersion : groupVersions()) {
      String itsGroup =
          groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
      if (group != null && !group.equals(itsGroup)) {
        continue;
      }
      APIResourceList list;
      try {
        list = client.getApiResources(groupVersion);
      } catch (KubernetesClientException e) {
        continue;
      }
      if (list == null || list.getResources() == null) {
        continue;
      }
      for (APIResource api : list.getResources()) {
        if (!api.getName().contains("/") && matches(api, wanted)) {
          return Optional.of(
              new ResourceDefinitionContext.Builder()
                  .withGroup(itsGroup)
                  .withVersion(groupVersion.substring(groupVersion.indexOf('/') + 1))
                  .withPlural(api.getName())
                  .withKind(api.getKind())
                  .withNamespaced(Boolean.TRUE.equals(api.getNamespaced()))
                  .build());
        }
      }
    }
    return byDefinition(wanted, group);
  }

  /**
   * Discovery lists no short names on some servers (and mock ones): the CRD's own names decide
   * then.
   */
  private Optional<ResourceDefinitionContext> byDefinition(String wanted, String group) {
    try {
      for (CustomResourceDefinition crd :
          client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
        var names = crd.getSpec().getNames();
        boolean named =
            wanted.equals(names.getPlural())
                || wanted.equals(names.getSingular())
                || wanted.equals(names.getKind().toLowerCase(Locale.ROOT))
                || (names.getShortNames() != null && names.getShortNames().contains(wanted));
        if (named && (group == null || group.equals(crd.getSpec().getGroup()))) {
          return Optional.of(
              new ResourceDefinitionContext.Builder()
                  .withGroup(crd.getSpec().getGroup())
                  .withVersion(crd.getSpec().getVersions().getFirst().getName())
                  .withPlural(names.getPlural())
                  .withKind(names.getKind())
                  .withNamespaced("Namespaced".equals(crd.getSpec().getScope()))
                  .build());
        }
      }
    } catch (KubernetesClientException e) {
      // no permission to read CRDs
    }
    return Optional.empty();
  }

  private static boolean matches(APIResource api, String wanted) {
    return wanted.equals(api.getName())
        || wanted.equals(api.getSingularName())
        || wanted.equals(api.getKind().toLowerCase(Locale.ROOT))
        || (api.getShortNames() != null && api.getShortNames().contains(wanted));
  }

  /**
   * The group versions of {@code /apis}; a server that does not list its groups still names the
   * custom ones in its CustomResourceDefinitions.
   */
  private Set<String> groupVersions() {
    Set<String> versions = new LinkedHashSet<>();
    try {
      APIGroupList groups = client.getApiGroups();
      if (groups != null && groups.getGroups() != null) {
        for (APIGroup group : groups.getGroups()) {
          Optional.ofNullable(group.getPreferredVersion())
              .map(GroupVersionForDiscovery::getGroupVersion)
              .ifPresent(versions::add);
        }
      }
    } catch (KubernetesClientException e) {
      // fall through to the CRDs
    }
    try {
      for (CustomResourceDefinition crd :
          client.apiextensions().v1().customResourceDefinitions().list().getItems()) {
        crd.getSpec()
            .getVersions()
            .forEach(v -> versions.add(crd.getSpec().getGroup() + "/" + v.getName()));
      }
    } catch (KubernetesClientException e) {
      // no permission to read CRDs: discovery alone decides
    }
    return versions;
  }

  /** Name, age, and the status fields that tell health: phase, reason, message, conditions. */
  private String summary(GenericKubernetesResource item) {
    var meta = item.getMetadata();
    StringBuilder out =
        new StringBuilder("\n")
            .append(item.getKind())
            .append('/')
            .append(meta.getName())
            .append(meta.getNamespace() == null ? "" : " (namespace " + meta.getNamespace() + ")")
            .append(
                meta.getCreationTimestamp() == null
                    ? ""
                    : ", age " + Ages.since(meta.getCreationTimestamp(), now))
            .append('\n');
    Object status = item.getAdditionalProperties().get("status");
    if (!(status instanceof Map<?, ?> fields) || fields.isEmpty()) {
      return out.append("  status: none reported\n").toString();
    }
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      if (!(field.getValue() instanceof Map<?, ?>) && !(field.getValue() instanceof List<?>)) {
        out.append("  ").append(field.getKey()).append(": ").append(field.getValue()).append('\n');
      }
    }
    if (fields.get("conditions") instanceof List<?> conditions && !conditions.isEmpty()) {
      TextTable table = new TextTable("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE");
      for (Object entry : conditions) {
        if (entry instanceof Map<?, ?> condition) {
          Object since = condition.get("lastTransitionTime");
          table.add(
              List.of(
                  text(condition.get("type")),
                  text(condition.get("status")),
                  text(condition.get("reason")),
                  since == null ? "" : Ages.since(since.toString(), now),
                  text(condition.get("message"))));
        }
      }
      out.append("  conditions:\n").append(table.render("    "));
    }
    return out.toString();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
