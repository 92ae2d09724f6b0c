package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesRunnerConfigTest {

  @TempDir Path dir;

  @Test
  void outsideAClusterTheDefaultsNameTheOatsNamespace() {
    KubernetesRunnerConfig config = KubernetesRunnerConfig.from(Map.of(), dir.resolve("missing"));

    assertThat(config.agentImage()).isEqualTo("localhost/oats-agent:0.1.0");
    assertThat(config.apiKeySecretName()).isEqualTo("oats-api-keys");
    assertThat(config.jobNamespace()).isEqualTo("oats");
    assertThat(config.serviceAccount()).isEqualTo("oats-agent");
    assertThat(config.serverUrl()).isEqualTo("http://oats.oats.svc:8000");
    assertThat(config.resources())
        .isEqualTo(new KubernetesRunnerConfig.Resources("250m", "512Mi", "1", "1Gi"));
    assertThat(config.activeDeadlineSeconds()).isEqualTo(1020);
    assertThat(config.reportGrace()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.startGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.passThrough()).isEmpty();
  }

  @Test
  void inAPodJobsGoToThePodsOwnNamespaceAndTheServerUrlFollows() throws Exception {
    Path file = Files.writeString(dir.resolve("namespace"), "observability\n");

    KubernetesRunnerConfig config = KubernetesRunnerConfig.from(Map.of(), file);

    assertThat(config.jobNamespace()).isEqualTo("observability");
    assertThat(config.serverUrl()).isEqualTo("http://oats.observability.svc:8000");
    assertThat(
            KubernetesRunnerConfig.from(Map.of("OATS_JOB_NAMESPACE", "agents"), file)
                .jobNamespace())
        .isEqualTo("agents");
  }

  @Test
  void secretsAreNeverPassedThrough() {
    KubernetesRunnerConfig config =
        KubernetesRunnerConfig.from(
            Map.of(
                "OATS_PROVIDER", "openai",
                "OPENAI_BASE_URL", "http://vllm:8000/v1",
                "OPENAI_API_KEY", "sk-secret",
                "OATS_EVENT_TOKEN", "t",
                "OATS_DB_PASSWORD", "p",
                "OATS_PROMETHEUS_URL", "http://prometheus:9090"),
            dir.resolve("missing"));

    assertThat(config.passThrough())
        .containsOnlyKeys("OATS_PROVIDER", "OPENAI_BASE_URL", "OATS_PROMETHEUS_URL");
  }

  @Test
  void badValuesAreRefusedWithTheVariableNamed() {
    assertThatThrownBy(
            () ->
                KubernetesRunnerConfig.from(
                    Map.of("OATS_AGENT_MEMORY_LIMIT", "lots"), dir.resolve("missing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_AGENT_MEMORY_LIMIT")
        .hasMessageContaining("lots");
    assertThatThrownBy(
            () ->
                KubernetesRunnerConfig.from(
                    Map.of("OATS_JOB_NAMESPACE", "Not_A_Namespace"), dir.resolve("missing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_JOB_NAMESPACE");
    assertThatThrownBy(
            () ->
                KubernetesRunnerConfig.from(
                    Map.of("OATS_TIMEOUT_SECONDS", "soon"), dir.resolve("missing")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_TIMEOUT_SECONDS");
  }
}
