package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A pod the way an SRE reads it first: status and reason, where it runs, who owns it, its
 * conditions, each container's state and last crash, resources and probes, then its events.
 */
final class PodDescriber {

  private static final int MAX_OWNER_HOPS = 3;

  private final KubeApi api;
  private final Instant now;

  PodDescriber(KubeApi api, Instant now) {
    this.api = api;
    this.now = now;
  }

  String describe(Pod pod) {
    var status = pod.getStatus();
    var spec = pod.getSpec();
    StringBuilder out = new StringBuilder(ObjectView.title(pod, now)).append('\n');
    out.append("Status: ")
        .append(PodStatuses.reason(pod))
        .append("   Phase: ")
        .append(status == null ? "Unknown" : status.getPhase())
        .append("   QoS: ")
        .append(status == null ? "" : status.getQosClass())
        .append('\n');
    out.append("Node: ")
        .append(spec.getNodeName() == null ? "<not scheduled>" : spec.getNodeName())
        .append("   Pod IP: ")
        .append(status == null || status.getPodIP() == null ? "<none>" : status.getPodIP())
        .append("   Host IP: ")
        .append(status == null || status.getHostIP() == null ? "<none>" : status.getHostIP())
        .append('\n');
    if (status != null && status.getStartTime() != null) {
      out.append("Started: ").append(Ages.since(status.getStartTime(), now)).append(" ago\n");
    }
    if (status != null && status.getReason() != null) {
      // kubectl prints it apart: an evicted pod's containers say ContainerStatusUnknown, the pod
      // itself says Evicted.
      out.append("Reason: ").append(status.getReason()).append('\n');
    }
    if (status != null && status.getMessage() != null) {
      out.append("Message: ").append(status.getMessage()).append('\n');
    }
    owners(pod).ifPresent(chain -> out.append("Controlled by: ").append(chain).append('\n'));
    String labels = ObjectTables.labels(pod.getMetadata().getLabels());
    if (!labels.isEmpty()) {
      out.append("Labels: ").append(labels).append('\n');
    }
    conditions(out, PodStatuses.conditions(pod));
    ContainerView.writeAll(out, spec, status, now, "");
    volumes(out, spec.getVolumes());
    out.append(
        new EventsSection(api, now)
            .about(pod.getMetadata().getNamespace(), Set.of("Pod/" + pod.getMetadata().getName())));
    return out.toString();
  }

  /** Where each volume comes from: a missing ConfigMap, Secret or claim is often the cause. */
  private static void volumes(
      StringBuilder out, List<io.fabric8.kubernetes.api.model.Volume> volumes) {
    if (volumes == null || volumes.isEmpty()) {
      return;
    }
    out.append("Volumes:\n");
    for (var volume : volumes) {
      String source;
      if (volume.getConfigMap() != null) {
        source = "ConfigMap " + volume.getConfigMap().getName();
      } else if (volume.getSecret() != null) {
        source = "Secret " + volume.getSecret().getSecretName();
      } else if (volume.getPersistentVolumeClaim() != null) {
        source = "PersistentVolumeClaim " + volume.getPersistentVolumeClaim().getClaimName();
      } else if (volume.getEmptyDir() != null) {
        source = "EmptyDir";
      } else if (volume.getProjected() != null) {
        source = "Projected (service account token, ConfigMaps, Secrets)";
      } else if (volume.getHostPath() != null) {
        source = "HostPath " + volume.getHostPath().getPath();
      } else {
        source = "other";
      }
      out.append("  ").append(volume.getName()).append(": ").append(source).append('\n');
    }
  }

  private static void conditions(StringBuilder out, List<PodCondition> conditions) {
    if (conditions.isEmpty()) {
      return;
    }
    TextTable table = new TextTable("TYPE", "STATUS", "REASON", "MESSAGE");
    conditions.forEach(c -> table.add(c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    out.append("Conditions:\n").append(table.render("  "));
  }

  /**
   * The controller chain, such as {@code ReplicaSet/checkout-7d9f → Deployment/checkout}. A link
   * that cannot be read (deleted, or forbidden) ends the chain where it is.
   */
  Optional<String> owners(HasMetadata item) {
    List<String> chain = new ArrayList<>();
    HasMetadata current = item;
    for (int hop = 0; hop < MAX_OWNER_HOPS && current != null; hop++) {
      Optional<OwnerReference> owner = controller(current);
      if (owner.isEmpty()) {
        break;
      }
      chain.add(owner.get().getKind() + "/" + owner.get().getName());
      current = fetch(owner.get(), item.getMetadata().getNamespace());
    }
    return chain.isEmpty() ? Optional.empty() : Optional.of(String.join(" → ", chain));
  }

  private HasMetadata fetch(OwnerReference owner, String namespace) {
    Optional<ResourceKind> kind = ResourceKind.parse(owner.getKind());
    if (kind.isEmpty()) {
      return null;
    }
    try {
      return api.get(kind.get(), namespace, owner.getName()).orElse(null);
    } catch (KubeApiException e) {
      return null;
    }
  }

  static Optional<OwnerReference> controller(HasMetadata item) {
    return ObjectTables.listOrEmpty(item.getMetadata().getOwnerReferences()).stream()
        .filter(ref -> Boolean.TRUE.equals(ref.getController()))
        .findFirst();
  }
}
