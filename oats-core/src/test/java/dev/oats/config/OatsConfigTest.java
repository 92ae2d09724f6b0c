package dev.oats.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OatsConfigTest {

  @TempDir Path dir;

  @Test
  void defaultsMatchTheSeed() {
    OatsConfig config = OatsConfig.load(Map.of("ANTHROPIC_API_KEY", "k-123456789"), dir);

    assertThat(config.provider()).isEqualTo("anthropic");
    assertThat(config.model()).isEqualTo(OatsConfig.DEFAULT_ANTHROPIC_MODEL);
    assertThat(config.maxTurns()).isEqualTo(15);
    assertThat(config.contextBudget()).isEqualTo(12_000);
    assertThat(config.maxOutputTokens()).isEqualTo(4_096);
    assertThat(config.protocol()).isEqualTo("native");
    assertThat(config.resultsDir()).isEqualTo(Path.of("./results"));
    assertThat(config.allowWrite()).isFalse();
  }

  @Test
  void yamlSetsAndTheEnvironmentOverrides() throws Exception {
    Files.writeString(
        dir.resolve("oats.yaml"),
        "max_turns: 8\ncontext_budget: 20000\nprotocol: text\nOPENAI_BASE_URL: http://ollama:11434/v1\n");

    OatsConfig config = OatsConfig.load(Map.of("OATS_MAX_TURNS", "5"), dir);

    assertThat(config.maxTurns()).isEqualTo(5);
    assertThat(config.contextBudget()).isEqualTo(20_000);
    assertThat(config.protocol()).isEqualTo("text");
    assertThat(config.provider()).isEqualTo("openai");
    assertThat(config.model()).isEqualTo(OatsConfig.DEFAULT_OPENAI_MODEL);
    assertThat(config.openaiBaseUrl()).isEqualTo("http://ollama:11434/v1");
  }

  @Test
  void anthropicWinsWhenBothKeysAreSetUnlessAProviderIsChosen() {
    Map<String, String> both =
        Map.of("ANTHROPIC_API_KEY", "a-123456789", "OPENAI_API_KEY", "o-123456789");
    assertThat(OatsConfig.load(both, dir).provider()).isEqualTo("anthropic");

    Map<String, String> chosen =
        Map.of(
            "ANTHROPIC_API_KEY",
            "a-123456789",
            "OPENAI_API_KEY",
            "o-123456789",
            "OATS_PROVIDER",
            "OpenAI");
    assertThat(OatsConfig.load(chosen, dir).provider()).isEqualTo("openai");
  }

  @Test
  void noModelIsAClearErrorNamingTheVariables() {
    OatsConfig config = OatsConfig.load(Map.of(), dir);

    assertThatThrownBy(config::requireModelAccess)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ANTHROPIC_API_KEY")
        .hasMessageContaining("OPENAI_API_KEY")
        .hasMessageContaining("OPENAI_BASE_URL");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    Map<String, String> bad =
        Map.of(
            "OATS_MAX_TURNS", "many",
            "OATS_CONTEXT_BUDGET", "0",
            "OATS_ALLOW_WRITE", "maybe",
            "OATS_PROTOCOL", "xml");

    assertThatThrownBy(() -> OatsConfig.load(bad, dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_MAX_TURNS must be a whole number, not 'many'")
        .hasMessageContaining("OATS_CONTEXT_BUDGET must be at least 1")
        .hasMessageContaining("OATS_ALLOW_WRITE must be true or false")
        .hasMessageContaining("OATS_PROTOCOL must be one of native, text");
  }

  @Test
  void anUnknownProviderIsRejected() {
    assertThatThrownBy(() -> OatsConfig.load(Map.of("OATS_PROVIDER", "gemini"), dir))
        .hasMessageContaining("OATS_PROVIDER must be 'anthropic' or 'openai'");
  }

  @Test
  void secretsAreNeverInThePublicSettings() {
    OatsConfig config =
        OatsConfig.load(
            Map.of(
                "ANTHROPIC_API_KEY", "sk-ant-secret-123456",
                "OATS_SOURCEGRAPH_TOKEN", "sgp_secret123456",
                "OATS_PROMETHEUS_URL", "http://prom:9090",
                "OATS_TIMEOUT_SECONDS", "60"),
            dir);

    assertThat(config.settings())
        .containsEntry("OATS_PROMETHEUS_URL", "http://prom:9090")
        .doesNotContainKeys("ANTHROPIC_API_KEY", "OATS_SOURCEGRAPH_TOKEN");
    // No part of either value (a setting's own name or mode may say "secret": OATS_AGENT_AUTH).
    assertThat(config.settings().toString())
        .doesNotContain("sk-ant")
        .doesNotContain("secret-123456")
        .doesNotContain("sgp_")
        .doesNotContain("secret123456");
    assertThat(config.toolSettings())
        .containsEntry("OATS_SOURCEGRAPH_TOKEN", "sgp_secret123456")
        .doesNotContainKey("ANTHROPIC_API_KEY");
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void aMissingExplicitConfigFileIsAnError() {
    assertThatThrownBy(
            () -> OatsConfig.load(Map.of("OATS_CONFIG", dir.resolve("x.yaml").toString()), dir))
        .hasMessageContaining("does not exist");
  }
}
