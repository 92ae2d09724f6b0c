package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.config.OatsConfig;
import dev.oats.runner.LocalRunner;
import dev.oats.runner.kubernetes.KubernetesRunnerConfig;
import dev.oats.server.wiring.OatsServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server, its store and its runner take their settings from the one configuration, so what
 * {@code oats.yaml} says is honoured, and the environment still wins over it.
 */
class ConfiguredServerTest {

  @TempDir Path dir;

  private OatsConfig configFrom(String yaml, Map<String, String> environment) throws Exception {
    Files.writeString(dir.resolve("oats.yaml"), yaml);
    return OatsConfig.load(environment, dir);
  }

  @Test
  void theServerListensStoresAndPicksItsRunnerAsTheFileSays() throws Exception {
    OatsConfig config =
        configFrom(
            """
            host: 127.0.0.1
            port: 0
            runner: kubernetes
            db_url: jdbc:h2:file:%s
            api_keys: key-from-the-file-0123456789
            anthropic_api_key: sk-ant-test-0123456789
            tools_dir: %s
            """
                .formatted(dir.resolve("custom-store/oats"), dir.resolve("tools")),
            Map.of());
    List<String> runnersAsked = new ArrayList<>();

    try (OatsServer server =
        OatsServer.start(
            config,
            Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            request -> {
              runnersAsked.add(request.name());
              return LocalRunner.create(request);
            })) {
      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/investigations"))
                      .header("X-API-Key", "key-from-the-file-0123456789")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).as("the key from the file is the server's").isEqualTo(200);
      assertThat(runnersAsked).containsExactly("kubernetes");
      assertThat(dir.resolve("custom-store/oats.mv.db")).exists();
      assertThat(dir.resolve("data")).doesNotExist();
    }
  }

  @Test
  void theEnvironmentWinsOverTheFileForTheServerToo() throws Exception {
    OatsConfig config =
        configFrom(
            "runner: kubernetes\nport: 9123\n", Map.of("OATS_RUNNER", "local", "OATS_PORT", "0"));

    assertThat(config.server().runner()).isEqualTo("local");
    assertThat(config.server().port()).isZero();
  }

  @Test
  void theKubernetesRunnerTakesItsSettingsFromTheFile() throws Exception {
    OatsConfig config =
        configFrom(
            """
            agent_image: registry.example/oats-agent:2
            api_key_secret_name: model-keys
            job_namespace: agents
            server_url: http://oats.agents.svc:8000/
            agent_cpu_limit: "2"
            timeout_seconds: 300
            model: claude-haiku-4-5
            log_format: json
            """,
            Map.of("OATS_AGENT_SERVICE_ACCOUNT", "reader"));

    KubernetesRunnerConfig runner = KubernetesRunnerConfig.from(config);

    assertThat(runner.agentImage()).isEqualTo("registry.example/oats-agent:2");
    assertThat(runner.apiKeySecretName()).isEqualTo("model-keys");
    assertThat(runner.jobNamespace()).isEqualTo("agents");
    assertThat(runner.serviceAccount()).isEqualTo("reader");
    assertThat(runner.serverUrl()).isEqualTo("http://oats.agents.svc:8000");
    assertThat(runner.resources().cpuLimit()).isEqualTo("2");
    assertThat(runner.activeDeadlineSeconds()).isEqualTo(300 + 120);
    assertThat(runner.passThrough())
        .as("what the file told the server reaches the agents; defaults do not")
        .containsOnly(
            Map.entry("OATS_MODEL", "claude-haiku-4-5"),
            Map.entry("OATS_TIMEOUT_SECONDS", "300"),
            Map.entry("OATS_LOG_FORMAT", "json"));
  }
}
