package dev.oats.runner.kubernetes;

import dev.oats.runner.JobNames;
import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.Map;

/**
 * The Job the server would create for an investigation, made by the server's own {@link
 * AgentJobSpec} (package-private, hence this bridge in the same package) from its default settings.
 */
public final class ServerJobs {

  private ServerJobs() {}

  /** The server's configuration from {@code env} alone, as in a pod with nothing else set. */
  public static KubernetesRunnerConfig config(Map<String, String> env) {
    return KubernetesRunnerConfig.from(env);
  }

  public static Job job(KubernetesRunnerConfig config) {
    Instant now = Instant.now();
    InvestigationRecord pending =
        InvestigationRecord.pending(
            "why is checkout-api crash-looping?", "shop", "kubernetes", 15, now);
    InvestigationRecord record = pending.running("kubernetes", JobNames.of(pending.id()), now);
    return AgentJobSpec.job(config, record);
  }

  /** The per-Job token Secret the server itself creates beside each Job. */
  public static String tokenSecretName(Job job) {
    return AgentJobSpec.tokenSecretName(job.getMetadata().getName());
  }

  /** The label the server puts on agent pods, which the agent NetworkPolicy selects. */
  public static Map<String, String> podLabels(Job job) {
    return job.getSpec().getTemplate().getMetadata().getLabels();
  }
}
