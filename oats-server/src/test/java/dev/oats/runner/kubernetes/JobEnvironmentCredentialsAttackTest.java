package dev.oats.runner.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.store.InvestigationRecord;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model gateway's or Prometheus's URL may carry credentials (basic auth before the host, a token
 * in the query). The server passes these settings on to every agent Job; written as plain env
 * values they would be readable by anyone who can read Jobs or pods, the model's own kubectl tools
 * included. They must reach the agent as references to the key Secret, on both ways a Job is made:
 * fabric8's builders and the JSON template the runner posts.
 */
class JobEnvironmentCredentialsAttackTest {

  @TempDir Path dir;

  private static final InvestigationRecord RECORD =
      InvestigationRecord.pending(
              "why is checkout failing?", "shop", "kubernetes", 15, Instant.EPOCH)
          .withId("0c0ffee0-0000-4000-8000-000000000001")
          .running("kubernetes", "oats-agent-run-0c0ffee0", Instant.EPOCH);

  @Test
  void aUrlWithCredentialsReachesTheJobOnlyAsAReferenceToTheKeySecret() {
    KubernetesRunnerConfig config =
        KubernetesRunnerConfig.from(
            Map.of(
                "OATS_PROMETHEUS_URL", "http://oats:hunter2-pw@prometheus.internal:9090",
                "ANTHROPIC_BASE_URL", "https://gateway.internal/v1?api_key=gw-token-abc123",
                "OPENAI_BASE_URL", "http://vllm.internal:8000/v1"),
            dir.resolve("missing"));

    List<EnvVar> env = AgentJobSpec.environment(config, RECORD);
    KubernetesSerialization json = new KubernetesSerialization();
    String typed = json.asJson(AgentJobSpec.job(config, RECORD, Map.of()));
    AgentJobJson template = AgentJobJson.of(config, json);

    assertThat(template).as("the runner's template for this configuration").isNotNull();
    for (String made : List.of(env.toString(), typed, template.json(RECORD))) {
      assertThat(made).doesNotContain("hunter2-pw").doesNotContain("gw-token-abc123");
    }
    assertThat(reference(env, "OATS_PROMETHEUS_URL"))
        .containsExactly("oats-api-keys", "oats-prometheus-url", true);
    assertThat(reference(env, "ANTHROPIC_BASE_URL"))
        .containsExactly("oats-api-keys", "anthropic-base-url", true);
    // A URL without credentials stays a plain value, as before.
    assertThat(env)
        .filteredOn(e -> e.getName().equals("OPENAI_BASE_URL"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("http://vllm.internal:8000/v1");
  }

  @Test
  void aTraceExportersEndpointWithCredentialsIsAReferenceToo() {
    KubernetesRunnerConfig config = KubernetesRunnerConfig.from(Map.of(), dir.resolve("missing"));
    Map<String, String> traced =
        Map.of(
            "OTEL_EXPORTER_OTLP_ENDPOINT", "https://tenant:otlp-pass-xyz@collector.example:4318",
            "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
            "TRACEPARENT", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

    List<EnvVar> env = AgentJobSpec.environment(config, RECORD, traced);

    assertThat(env.toString()).doesNotContain("otlp-pass-xyz");
    assertThat(new KubernetesSerialization().asJson(AgentJobSpec.job(config, RECORD, traced)))
        .doesNotContain("otlp-pass-xyz");
    assertThat(reference(env, "OTEL_EXPORTER_OTLP_ENDPOINT"))
        .containsExactly("oats-api-keys", "otel-exporter-otlp-endpoint", true);
    assertThat(env)
        .filteredOn(e -> e.getName().equals("TRACEPARENT"))
        .singleElement()
        .extracting(EnvVar::getValue)
        .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
  }

  @Test
  void onlyAUserAPasswordOrAQueryCountsAsCredentials() {
    assertThat(KubernetesRunnerConfig.carriesCredentials("OATS_PROMETHEUS_URL", "http://u@p:9090"))
        .isTrue();
    assertThat(KubernetesRunnerConfig.carriesCredentials("OPENAI_BASE_URL", "http://h/v1?token=t"))
        .isTrue();
    assertThat(KubernetesRunnerConfig.carriesCredentials("OPENAI_BASE_URL", "http://h /v1"))
        .as("a URL that does not parse cannot be judged, so it is not written out")
        .isTrue();
    assertThat(KubernetesRunnerConfig.carriesCredentials("OATS_PROMETHEUS_URL", "http://p:9090"))
        .isFalse();
    assertThat(KubernetesRunnerConfig.carriesCredentials("OATS_MODEL", "a@b?c")).isFalse();
  }

  private static List<Object> reference(List<EnvVar> env, String name) {
    EnvVar var = env.stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
    assertThat(var.getValue()).as(name + " has no plain value").isNull();
    var ref = var.getValueFrom().getSecretKeyRef();
    return List.of(ref.getName(), ref.getKey(), ref.getOptional());
  }
}
