package dev.oats.runner.kubernetes;

import dev.oats.runner.JobNames;
import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** Pods as the Job controller would make them for an investigation's Job, in a CRUD API server. */
final class AgentPods {

  private AgentPods() {}

  /**
   * Creates the pod {@code <job name>-<suffix>} of the investigation's Job, uid {@code
   * uid-<suffix>}, in {@code phase} (null: no status yet), and returns it as the API server stored
   * it.
   */
  static Pod create(CrudApiServer kube, String id, String suffix, String phase) {
    String name = JobNames.of(id) + "-" + suffix;
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(AgentCluster.NAMESPACE)
            .withUid("uid-" + suffix)
            .withLabels(AgentJobSpec.labels(id))
            .endMetadata();
    if (phase != null) {
      pod.withNewStatus().withPhase(phase).endStatus();
    }
    kube.client.pods().inNamespace(AgentCluster.NAMESPACE).resource(pod.build()).create();
    return kube.client.pods().inNamespace(AgentCluster.NAMESPACE).withName(name).get();
  }
}
