package dev.oats.runner.kubernetes;

import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects one investigation runs with: its Job, in the seed's shape and hardened, and the
 * Secret that holds its event token. Pure: nothing here talks to the API.
 */
final class AgentJobSpec {

  static final String CONTAINER = "oats-agent";
  static final String NAME_LABEL = "app.kubernetes.io/name";
  static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  static final String INVESTIGATION_LABEL = "oats.dev/investigation";
  static final String TOKEN_KEY = "token";
  static final long RUN_AS = 10001L;

  /** The projected volume of the pod's own token ({@code OATS_AGENT_AUTH=pod-token}). */
  static final String POD_TOKEN_VOLUME = "oats-token";

  static final String POD_TOKEN_DIR = "/var/run/secrets/oats";
  static final String POD_TOKEN_FILE = POD_TOKEN_DIR + "/token";

  /**
   * The pod token's lifetime: the shortest the API server allows; the kubelet rewrites the file
   * before it runs out, and the agent reads the file anew for each request.
   */
  static final long POD_TOKEN_SECONDS = 600;

  /** The emptyDir volumes and where they are mounted: the root filesystem is read-only. */
  static final Map<String, String> SCRATCH_VOLUMES =
      Collections.unmodifiableMap(
          orderedMap("results", "/results", "workspace", "/workspace", "tmp", "/tmp"));

  private AgentJobSpec() {}

  static Map<String, String> labels(String investigationId) {
    return orderedMap(
        NAME_LABEL, CONTAINER, MANAGED_BY_LABEL, "oats", INVESTIGATION_LABEL, investigationId);
  }

  static String tokenSecretName(String jobName) {
    return jobName + "-token";
  }

  /**
   * The Secret an agent reads its event token from, owned by its Job from the start: the Job is
   * created first, and its pod waits for the Secret (the kubelet retries until it exists).
   */
  static Secret tokenSecret(InvestigationRecord record, String namespace, String token, Job owner) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(tokenSecretName(record.jobName()))
        .withNamespace(namespace)
        .withLabels(labels(record.id()))
        .withOwnerReferences(ownedBy(owner))
        .endMetadata()
        .withType("Opaque")
        .withStringData(Map.of(TOKEN_KEY, token))
        .build();
  }

  /** Makes the token Secret go with its Job, whichever way the Job is deleted (TTL, cancel). */
  static OwnerReference ownedBy(Job job) {
    return new OwnerReferenceBuilder()
        .withApiVersion("batch/v1")
        .withKind("Job")
        .withName(job.getMetadata().getName())
        .withUid(job.getMetadata().getUid())
        .build();
  }

  /**
   * The seed's Job — name, container, image, key Secret, backoff, TTL, restart policy — and more.
   */
  static Job job(KubernetesRunnerConfig config, InvestigationRecord record) {
    return job(config, record, Map.of());
  }

  /**
   * The Job, whose agent also gets {@code traced}: the trace context it continues and where it
   * exports (see {@link dev.oats.telemetry.JobTrace#environment}).
   */
  static Job job(
      KubernetesRunnerConfig config, InvestigationRecord record, Map<String, String> traced) {
    Map<String, String> labels = labels(record.id());
    return new JobBuilder()
        .withNewMetadata()
        .withName(record.jobName())
        .withNamespace(config.jobNamespace())
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withBackoffLimit(1)
        .withTtlSecondsAfterFinished(300)
        .withActiveDeadlineSeconds(config.activeDeadlineSeconds())
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withSpec(podSpec(config, record, traced))
        .endTemplate()
        .endSpec()
        .build();
  }

  private static PodSpec podSpec(
      KubernetesRunnerConfig config, InvestigationRecord record, Map<String, String> traced) {
    List<Volume> volumes = new ArrayList<>();
    SCRATCH_VOLUMES
        .keySet()
        .forEach(
            name ->
                volumes.add(
                    new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build()));
    if (config.podTokens()) {
      // A token only this pod holds, for the audience "oats" alone: the server's TokenReview
      // names the pod, and so the investigation. No Secret per Job is written.
      volumes.add(
          new VolumeBuilder()
              .withName(POD_TOKEN_VOLUME)
              .withNewProjected()
              .addNewSource()
              .withNewServiceAccountToken()
              .withAudience(KubernetesRunnerConfig.TOKEN_AUDIENCE)
              .withExpirationSeconds(POD_TOKEN_SECONDS)
              .withPath("token")
              .endServiceAccountToken()
              .endSource()
              .endProjected()
              .build());
    }
    return new PodSpecBuilder()
        .withRestartPolicy("Never")
        .withServiceAccountName(config.serviceAccount())
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(RUN_AS)
        .withFsGroup(RUN_AS)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .withContainers(container(config, record, traced))
        .withVolumes(volumes)
        .build();
  }

  private static Container container(
      KubernetesRunnerConfig config, InvestigationRecord record, Map<String, String> traced) {
    List<VolumeMount> mounts = new ArrayList<>();
    SCRATCH_VOLUMES.forEach(
        (name, path) ->
            mounts.add(new VolumeMountBuilder().withName(name).withMountPath(path).build()));
    if (config.podTokens()) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(POD_TOKEN_VOLUME)
              .withMountPath(POD_TOKEN_DIR)
              .withReadOnly(true)
              .build());
    }
    KubernetesRunnerConfig.Resources resources = config.resources();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(config.agentImage())
        .withEnv(environment(config, record, traced))
        // A crash's last log lines become the container's message, and so the failure's reason.
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .withResources(
            new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(resources.cpuRequest()))
                .addToRequests("memory", new Quantity(resources.memoryRequest()))
                .addToLimits("cpu", new Quantity(resources.cpuLimit()))
                .addToLimits("memory", new Quantity(resources.memoryLimit()))
                .build())
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .withVolumeMounts(mounts)
        .build();
  }

  /**
   * The agent's environment. Secrets only ever arrive as references: the model keys from the shared
   * key Secret (each optional, so one provider's key suffices), a URL that carries credentials from
   * the same Secret, and the event token from the investigation's own Secret, or (pod tokens) the
   * path of the pod's projected token.
   */
  static List<EnvVar> environment(KubernetesRunnerConfig config, InvestigationRecord record) {
    return environment(config, record, Map.of());
  }

  /**
   * The agent's environment, with the trace variables last (none of them is a secret, and an
   * exporter endpoint that carries credentials is a reference, as a passed-through URL is).
   */
  static List<EnvVar> environment(
      KubernetesRunnerConfig config, InvestigationRecord record, Map<String, String> traced) {
    List<EnvVar> env = new ArrayList<>();
    env.add(plain("OATS_GOAL", record.goal()));
    env.add(fromSecret("ANTHROPIC_API_KEY", config.apiKeySecretName(), "anthropic-api-key", true));
    env.add(fromSecret("OPENAI_API_KEY", config.apiKeySecretName(), "openai-api-key", true));
    env.add(plain("OATS_INVESTIGATION_ID", record.id()));
    env.add(plain("OATS_TARGET_NAMESPACE", record.targetNamespace()));
    env.add(plain("OATS_SERVER_URL", config.serverUrl()));
    if (config.podTokens()) {
      env.add(plain("OATS_EVENT_TOKEN_FILE", POD_TOKEN_FILE));
    } else {
      env.add(fromSecret("OATS_EVENT_TOKEN", tokenSecretName(record.jobName()), TOKEN_KEY, false));
    }
    env.add(plain("OATS_RESULTS_DIR", "/results"));
    env.add(plain("OATS_WORKSPACE", "/workspace"));
    // The turn limit the investigation was stored with, so the record and the agent agree.
    env.add(plain("OATS_MAX_TURNS", Integer.toString(record.maxTurns())));
    for (String name : KubernetesRunnerConfig.PASSED_THROUGH) {
      String value = config.passThrough().get(name);
      if (value != null) {
        env.add(setting(config, name, value));
      }
    }
    traced.forEach((name, value) -> env.add(setting(config, name, value)));
    return env;
  }

  /** A setting's value, or a reference to the key Secret for a URL that carries credentials. */
  private static EnvVar setting(KubernetesRunnerConfig config, String name, String value) {
    return KubernetesRunnerConfig.carriesCredentials(name, value)
        ? fromSecret(
            name, config.apiKeySecretName(), KubernetesRunnerConfig.keyInSecret(name), true)
        : plain(name, value);
  }

  private static EnvVar plain(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }

  private static EnvVar fromSecret(String name, String secret, String key, boolean optional) {
    return new EnvVarBuilder()
        .withName(name)
        .withNewValueFrom()
        .withNewSecretKeyRef()
        .withName(secret)
        .withKey(key)
        .withOptional(optional ? Boolean.TRUE : null)
        .endSecretKeyRef()
        .endValueFrom()
        .build();
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
