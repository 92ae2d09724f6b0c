package dev.oats.config;

import java.time.Duration;

/**
 * How the Kubernetes runner makes agent Jobs. The runner checks what only it can (resource
 * quantities, the pod's own namespace) when it starts.
 *
 * @param agentImage {@code AGENT_IMAGE}: the image whose entry point is {@code oats agent}
 * @param apiKeySecretName {@code API_KEY_SECRET_NAME}: the Secret with the model keys
 * @param jobNamespace {@code OATS_JOB_NAMESPACE}, or null for the server pod's own namespace
 * @param serviceAccount {@code OATS_AGENT_SERVICE_ACCOUNT}: the agent pods' service account
 * @param serverUrl {@code OATS_SERVER_URL}, or null for the server's Service in the Job namespace
 * @param cpuRequest {@code OATS_AGENT_CPU_REQUEST}
 * @param memoryRequest {@code OATS_AGENT_MEMORY_REQUEST}
 * @param cpuLimit {@code OATS_AGENT_CPU_LIMIT}
 * @param memoryLimit {@code OATS_AGENT_MEMORY_LIMIT}
 * @param reportGrace {@code OATS_AGENT_REPORT_GRACE_SECONDS}
 * @param startGrace {@code OATS_AGENT_START_GRACE_SECONDS}
 * @param agentAuth {@code OATS_AGENT_AUTH}: {@code secret} or {@code pod-token}
 */
public record KubernetesConfig(
    String agentImage,
    String apiKeySecretName,
    String jobNamespace,
    String serviceAccount,
    String serverUrl,
    String cpuRequest,
    String memoryRequest,
    String cpuLimit,
    String memoryLimit,
    Duration reportGrace,
    Duration startGrace,
    String agentAuth) {}
