package dev.oats.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  @Test
  void credentialsNeverReachAChildProcess() {
    Map<String, String> scrubbed =
        ChildEnvironment.scrub(
            Map.ofEntries(
                Map.entry("PATH", "/usr/bin"),
                Map.entry("HOME", "/home/oats"),
                Map.entry("KUBECONFIG", "/home/oats/.kube/config"),
                Map.entry("ANTHROPIC_API_KEY", "sk-ant-x"),
                Map.entry("OPENAI_API_KEY", "sk-x"),
                Map.entry("GITHUB_TOKEN", "ghp_x"),
                Map.entry("DB_PASSWORD", "hunter2"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "x"),
                Map.entry("DATABASE_URL", "postgres://u:p@h/db"),
                Map.entry("OATS_EVENT_TOKEN", "t"),
                Map.entry("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer collector-x"),
                Map.entry("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "x-api-key=collector-y"),
                Map.entry("BASH_ENV", "/tmp/evil.sh"),
                Map.entry("LD_PRELOAD", "/tmp/evil.so"),
                Map.entry("GIT_CONFIG_PARAMETERS", "'core.fsmonitor'='/tmp/evil'")));

    assertThat(scrubbed.keySet().stream().filter(name -> !name.startsWith("GIT_CONFIG_")))
        .containsExactlyInAnyOrder("PATH", "HOME", "KUBECONFIG");
    assertThat(scrubbed).doesNotContainKey("GIT_CONFIG_PARAMETERS");
    int count = Integer.parseInt(scrubbed.get("GIT_CONFIG_COUNT"));
    Map<String, String> git = new java.util.HashMap<>();
    for (int i = 0; i < count; i++) {
      git.put(scrubbed.get("GIT_CONFIG_KEY_" + i), scrubbed.get("GIT_CONFIG_VALUE_" + i));
    }
    assertThat(git).isEqualTo(ChildEnvironment.GIT_OVERRIDES);
  }
}
