package dev.oats.runner.kubernetes;

import static dev.oats.runner.kubernetes.AgentCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.oats.store.InvestigationRecord;
import dev.oats.testkit.CrudApiServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Job and token Secret the runner creates, read back from the mock API server field by field.
 */
class AgentJobSpecTest {

  static CrudApiServer api;
  static KubernetesClient client;

  private static final Map<String, String> LABELS_PREFIX =
      Map.of("app.kubernetes.io/name", "oats-agent", "app.kubernetes.io/managed-by", "oats");

  static KubernetesRunner runner;
  static InvestigationRecord record;
  static Job job;
  static Secret secret;

  @BeforeAll
  static void startOneInvestigation() throws Exception {
    api = new CrudApiServer();
    client = api.client;
    Map<String, String> env = new HashMap<>();
    env.put("OATS_JOB_NAMESPACE", NAMESPACE);
    env.put("AGENT_IMAGE", "registry.example/oats-agent:1.2.3");
    env.put("OATS_AGENT_SERVICE_ACCOUNT", "oats-reader");
    env.put("OATS_SERVER_URL", "http://oats.oats.svc:8000/");
    env.put("OATS_AGENT_MEMORY_LIMIT", "2Gi");
    env.put("OATS_AGENT_AUTH", "secret");
    env.put("OATS_TIMEOUT_SECONDS", "600");
    env.put("OATS_MODEL", "claude-test-1");
    env.put("ANTHROPIC_BASE_URL", "http://llm-gateway.internal");
    env.put("OATS_LOG_FORMAT", "json");
    env.put("ANTHROPIC_API_KEY", "sk-ant-must-never-appear-in-a-job");
    env.put("OATS_API_KEYS", "server-key-must-never-appear");
    KubernetesRunnerConfig config =
        KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
    Function<String, String> tokens = id -> "event-token-for-" + id;
    runner = new KubernetesRunner(client, config, new RecordingListener(), tokens);
    record = AgentCluster.running("Why is checkout-api crash-looping?");
    runner.start(record);
    job = client.batch().v1().jobs().inNamespace(NAMESPACE).withName(record.jobName()).get();
    secret = client.secrets().inNamespace(NAMESPACE).withName(record.jobName() + "-token").get();
  }

  @AfterAll
  static void stop() {
    runner.close();
    api.close();
  }

  @Test
  void theJobHasTheSeedsNameBackoffTtlAndRestartPolicy() {
    assertThat(job.getMetadata().getName()).matches("oats-agent-run-[0-9a-f]{8}");
    assertThat(job.getMetadata().getName())
        .isEqualTo("oats-agent-run-" + record.id().replace("-", "").substring(0, 8));
    assertThat(job.getMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(job.getSpec().getBackoffLimit()).isEqualTo(1);
    assertThat(job.getSpec().getTtlSecondsAfterFinished()).isEqualTo(300);
    assertThat(job.getSpec().getActiveDeadlineSeconds()).isEqualTo(720L);
    assertThat(pod().getRestartPolicy()).isEqualTo("Never");
  }

  @Test
  void jobAndPodAreLabelledWithTheInvestigation() {
    Map<String, String> expected = new HashMap<>(LABELS_PREFIX);
    expected.put("oats.dev/investigation", record.id());
    assertThat(job.getMetadata().getLabels()).isEqualTo(expected);
    assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).isEqualTo(expected);
  }

  @Test
  void theOneContainerRunsTheAgentImageWithItsResources() {
    assertThat(pod().getContainers()).hasSize(1);
    Container container = container();
    assertThat(container.getName()).isEqualTo("oats-agent");
    assertThat(container.getImage()).isEqualTo("registry.example/oats-agent:1.2.3");
    assertThat(container.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
    assertThat(container.getResources().getRequests())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cpu", new Quantity("250m"), "memory", new Quantity("512Mi")));
    assertThat(container.getResources().getLimits())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("cpu", new Quantity("1"), "memory", new Quantity("2Gi")));
    assertThat(pod().getServiceAccountName()).isEqualTo("oats-reader");
  }

  @Test
  void thePodRunsAsNonRootWithNothingToEscalate() {
    PodSpec pod = pod();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getFsGroup()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    var container = container().getSecurityContext();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
  }

  @Test
  void scratchSpaceIsEmptyDirsAtResultsWorkspaceAndTmp() {
    assertThat(pod().getVolumes())
        .extracting(v -> v.getName(), v -> v.getEmptyDir() != null)
        .containsExactly(tuple("results", true), tuple("workspace", true), tuple("tmp", true));
    assertThat(container().getVolumeMounts())
        .extracting(m -> m.getName(), m -> m.getMountPath())
        .containsExactly(
            tuple("results", "/results"), tuple("workspace", "/workspace"), tuple("tmp", "/tmp"));
  }

  @Test
  void theEnvironmentCarriesTheGoalAndSettingsButSecretsOnlyAsReferences() {
    List<EnvVar> env = container().getEnv();
    assertThat(env)
        .extracting(EnvVar::getName)
        .containsExactly(
            "OATS_GOAL",
            "ANTHROPIC_API_KEY",
            "OPENAI_API_KEY",
            "OATS_INVESTIGATION_ID",
            "OATS_TARGET_NAMESPACE",
            "OATS_SERVER_URL",
            "OATS_EVENT_TOKEN",
            "OATS_RESULTS_DIR",
            "OATS_WORKSPACE",
            "OATS_MAX_TURNS",
            "OATS_MODEL",
            "OATS_TIMEOUT_SECONDS",
            "ANTHROPIC_BASE_URL",
            "OATS_LOG_FORMAT");
    assertThat(value(env, "OATS_GOAL")).isEqualTo("Why is checkout-api crash-looping?");
    assertThat(value(env, "OATS_INVESTIGATION_ID")).isEqualTo(record.id());
    assertThat(value(env, "OATS_TARGET_NAMESPACE")).isEqualTo("shop");
    assertThat(value(env, "OATS_SERVER_URL")).isEqualTo("http://oats.oats.svc:8000");
    assertThat(value(env, "OATS_RESULTS_DIR")).isEqualTo("/results");
    assertThat(value(env, "OATS_WORKSPACE")).isEqualTo("/workspace");
    assertThat(value(env, "OATS_MAX_TURNS")).isEqualTo("15");
    assertThat(value(env, "OATS_MODEL")).isEqualTo("claude-test-1");
    assertThat(value(env, "OATS_TIMEOUT_SECONDS")).isEqualTo("600");
    assertThat(value(env, "ANTHROPIC_BASE_URL")).isEqualTo("http://llm-gateway.internal");
    assertThat(value(env, "OATS_LOG_FORMAT")).isEqualTo("json");

    assertThat(secretRef(env, "ANTHROPIC_API_KEY"))
        .containsExactly("oats-api-keys", "anthropic-api-key", true);
    assertThat(secretRef(env, "OPENAI_API_KEY"))
        .containsExactly("oats-api-keys", "openai-api-key", true);
    assertThat(secretRef(env, "OATS_EVENT_TOKEN"))
        .containsExactly(record.jobName() + "-token", "token", null);
    assertThat(env.toString())
        .doesNotContain("sk-ant-must-never-appear")
        .doesNotContain("server-key-must-never-appear")
        .doesNotContain("event-token-for-");
  }

  @Test
  void theTokenSecretHoldsTheIssuedTokenAndIsOwnedByTheJob() {
    assertThat(secret.getMetadata().getLabels())
        .containsAllEntriesOf(LABELS_PREFIX)
        .containsEntry("oats.dev/investigation", record.id());
    String token =
        secret.getData() != null && secret.getData().containsKey("token")
            ? new String(
                Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8)
            : secret.getStringData().get("token");
    assertThat(token).isEqualTo("event-token-for-" + record.id());
    assertThat(secret.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            owner -> {
              assertThat(owner.getApiVersion()).isEqualTo("batch/v1");
              assertThat(owner.getKind()).isEqualTo("Job");
              assertThat(owner.getName()).isEqualTo(record.jobName());
              assertThat(owner.getUid()).isNotBlank().isEqualTo(job.getMetadata().getUid());
            });
  }

  @Test
  void theLogsCommandIsTheSeeds() {
    assertThat(runner.logsCommand(record, "http://ignored"))
        .isEqualTo("kubectl logs -f job/" + record.jobName() + " -n oats");
  }

  private static PodSpec pod() {
    return job.getSpec().getTemplate().getSpec();
  }

  private static Container container() {
    return pod().getContainers().getFirst();
  }

  private static String value(List<EnvVar> env, String name) {
    EnvVar variable = env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    assertThat(variable.getValueFrom()).as(name + " is a plain value").isNull();
    return variable.getValue();
  }

  private static List<Object> secretRef(List<EnvVar> env, String name) {
    EnvVar variable = env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    assertThat(variable.getValue()).as(name + " has no plain value").isNull();
    var ref = variable.getValueFrom().getSecretKeyRef();
    return java.util.Arrays.asList(ref.getName(), ref.getKey(), ref.getOptional());
  }
}
