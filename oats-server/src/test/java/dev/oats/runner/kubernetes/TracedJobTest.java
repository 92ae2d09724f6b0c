package dev.oats.runner.kubernetes;

import static dev.oats.runner.kubernetes.AgentCluster.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.store.InvestigationRecord;
import dev.oats.telemetry.Telemetry;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.OtlpReceiver;
import dev.oats.testkit.OtlpReceiver.ReceivedSpan;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server's span around starting a Job, and the Job's environment that lets its agent continue
 * the trace: read back from the mock API server, the span from a real OTLP receiver.
 */
class TracedJobTest {

  private static final String COLLECTOR_TOKEN = "collector-token-must-stay-on-the-server";

  private CrudApiServer api;
  private OtlpReceiver receiver;
  private Telemetry telemetry;
  private KubernetesRunner runner;

  @BeforeEach
  void setUp() throws Exception {
    api = new CrudApiServer();
    receiver = new OtlpReceiver();
  }

  @AfterEach
  void tearDown() {
    if (runner != null) {
      runner.close();
    }
    if (telemetry != null) {
      telemetry.close();
    }
    receiver.close();
    api.close();
  }

  private Map<String, String> start(Map<String, String> serverEnvironment) throws Exception {
    Map<String, String> env = new HashMap<>(serverEnvironment);
    env.put("OATS_JOB_NAMESPACE", NAMESPACE);
    env.put("OATS_TRACE_CONTENT", "true");
    KubernetesRunnerConfig config =
        KubernetesRunnerConfig.from(env, Path.of("/nonexistent/namespace"));
    telemetry = Telemetry.fromEnvironment(env, "oats-server", false);
    runner =
        new KubernetesRunner(api.client, config, new RecordingListener(), id -> "t", telemetry);
    InvestigationRecord record = AgentCluster.running("Why is checkout-api crash-looping?");
    runner.start(record);
    Job job =
        api.client.batch().v1().jobs().inNamespace(NAMESPACE).withName(record.jobName()).get();
    assertThat(Serialization.asJson(job)).doesNotContain(COLLECTOR_TOKEN);
    Map<String, String> plain = new LinkedHashMap<>();
    for (EnvVar var : job.getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv()) {
      if (var.getValue() != null) {
        plain.put(var.getName(), var.getValue());
      }
    }
    return plain;
  }

  @Test
  void theJobCarriesTheTraceparentOfTheServersSpanAndWhereToExport() throws Exception {
    Map<String, String> env =
        start(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                receiver.endpoint(),
                "OTEL_EXPORTER_OTLP_HEADERS",
                "authorization=Bearer " + COLLECTOR_TOKEN,
                "OTEL_RESOURCE_ATTRIBUTES",
                "deployment.environment=test"));
    assertThat(telemetry.flush(Duration.ofSeconds(10))).isTrue();

    ReceivedSpan started = receiver.named("oats.job.start").orElseThrow();
    assertThat(started.kind()).isEqualTo("SPAN_KIND_PRODUCER");
    assertThat(started.serviceName()).isEqualTo("oats-server");
    assertThat(started.attributes())
        .containsEntry("k8s.namespace.name", NAMESPACE)
        .containsKey("oats.investigation.id")
        .containsKey("k8s.job.name");
    // Version 00, the server span's ids, then the flags: sampled (and "random trace id" set by
    // recent SDKs, W3C trace context level 2).
    assertThat(env.get("TRACEPARENT"))
        .startsWith("00-" + started.traceId() + "-" + started.spanId() + "-");
    assertThat(Integer.parseInt(env.get("TRACEPARENT").substring(53), 16) & 1).isEqualTo(1);
    assertThat(env)
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .containsEntry("OTEL_SERVICE_NAME", "oats-agent")
        .containsEntry("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=test")
        .containsEntry("OATS_TRACE_CONTENT", "true")
        // The collector's credentials stay on the server: a Job's env is plain text in its spec.
        .doesNotContainKey("OTEL_EXPORTER_OTLP_HEADERS");
  }

  @Test
  void withoutTracingTheJobGetsNoTraceVariables() throws Exception {
    Map<String, String> env = start(Map.of());

    assertThat(env.keySet())
        .noneMatch(name -> name.startsWith("OTEL_") || name.equals("TRACEPARENT"));
  }
}
