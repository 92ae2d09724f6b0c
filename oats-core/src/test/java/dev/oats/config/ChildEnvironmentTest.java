package dev.oats.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

  @Test
  void credentialsNeverReachAChildProcess() {
    Map<String, String> scrubbed =
        ChildEnvironment.scrub(
            Map.of(
                "PATH", "/usr/bin",
                "HOME", "/home/oats",
                "KUBECONFIG", "/home/oats/.kube/config",
                "ANTHROPIC_API_KEY", "sk-ant-x",
                "OPENAI_API_KEY", "sk-x",
                "GITHUB_TOKEN", "ghp_x",
                "DB_PASSWORD", "hunter2",
                "AWS_SECRET_ACCESS_KEY", "x",
                "DATABASE_URL", "postgres://u:p@h/db",
                "OATS_EVENT_TOKEN", "t",
                "BASH_ENV", "/tmp/evil.sh",
                "LD_PRELOAD", "/tmp/evil.so"));

    assertThat(scrubbed).containsOnlyKeys("PATH", "HOME", "KUBECONFIG");
  }
}
