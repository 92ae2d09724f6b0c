package dev.oats.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where {@code oats.yaml} is found, and what it may say. */
class ConfigFileTest {

  @TempDir Path dir;

  private Path yaml(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  @Test
  void anUnknownKeyIsAnErrorNamingItAndTheNearestKnownKey() throws Exception {
    Path file = yaml("oats.yaml", "prot: 9123\nmax_turns: 4\n");

    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("unknown key 'prot' (did you mean 'port'?)");
  }

  @Test
  void everyUnknownKeyIsNamedAtOnce() throws Exception {
    yaml("oats.yaml", "max_turn: 4\nagent_imag: x\nOATS_LOG_LEVL: DEBUG\n");

    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .hasMessageContaining("unknown key 'max_turn' (did you mean 'max_turns'?)")
        .hasMessageContaining("unknown key 'agent_imag' (did you mean 'agent_image'?)")
        .hasMessageContaining("unknown key 'OATS_LOG_LEVL' (did you mean 'log_level'?)");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKeyTheValueAndWhatIsExpected() throws Exception {
    Path file = yaml("oats.yaml", "port: nine\nallow_write: perhaps\nrunner: docker\n");

    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port (in " + file + ") must be a whole number, not 'nine'")
        .hasMessageContaining("allow_write (in " + file + ") must be true or false, not 'perhaps'")
        .hasMessageContaining(
            "runner (in " + file + ") must be one of local, kubernetes, not 'docker'");
  }

  @Test
  void aNumberOutOfRangeSaysTheRange() throws Exception {
    yaml("oats.yaml", "port: 70000\n");

    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .hasMessageContaining("port (in ")
        .hasMessageContaining("must be from 0 to 65535, not 70000");
  }

  @Test
  void aMapWhereAValueBelongsIsAnError() throws Exception {
    yaml("oats.yaml", "port:\n  number: 9123\n");

    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .hasMessageContaining("port is a map; expected a whole number from 0 to 65535");
  }

  @Test
  void theEnvironmentWinsOverTheFileAndEachValueKnowsItsSource() throws Exception {
    Path file = yaml("oats.yaml", "port: 9123\nmax_concurrent: 2\nlog_format: json\n");

    OatsConfig config = OatsConfig.load(Map.of("OATS_PORT", "9200"), dir);

    assertThat(config.server().port()).isEqualTo(9200);
    assertThat(config.server().maxConcurrent()).isEqualTo(2);
    assertThat(config.logging().json()).isTrue();
    assertThat(config.values().get("OATS_PORT").source())
        .isEqualTo(Source.environment("OATS_PORT"));
    assertThat(config.values().get("OATS_MAX_CONCURRENT").source()).isEqualTo(Source.file(file));
    assertThat(config.values().get("OATS_HOST").source()).isEqualTo(Source.DEFAULT);
    assertThat(config.file()).isEqualTo(file);
  }

  @Test
  void everyPartReadsItsRecordFromTheFile() throws Exception {
    yaml(
        "oats.yaml",
        """
        port: 9123
        runner: kubernetes
        data_dir: /var/lib/oats
        db_url: jdbc:postgresql://db:5432/oats
        db_user: oats
        agent_image: registry.example/oats-agent:2
        job_namespace: agents
        agent_memory_limit: 2Gi
        agent_report_grace_seconds: 20
        log_level: debug
        log_format: json
        prometheus_url: http://prometheus:9090
        file_roots: [/srv/repo, /etc/app]
        """);

    OatsConfig config = OatsConfig.load(Map.of(), dir);

    assertThat(config.server().port()).isEqualTo(9123);
    assertThat(config.server().runner()).isEqualTo("kubernetes");
    assertThat(config.server().apiKeysFile()).isEqualTo(Path.of("/var/lib/oats/api-keys"));
    assertThat(config.store().url()).isEqualTo("jdbc:postgresql://db:5432/oats");
    assertThat(config.store().user()).isEqualTo("oats");
    assertThat(config.kubernetes().agentImage()).isEqualTo("registry.example/oats-agent:2");
    assertThat(config.kubernetes().jobNamespace()).isEqualTo("agents");
    assertThat(config.kubernetes().memoryLimit()).isEqualTo("2Gi");
    assertThat(config.kubernetes().cpuLimit()).isEqualTo("1");
    assertThat(config.kubernetes().reportGrace()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.logging()).isEqualTo(new LoggingConfig("DEBUG", "json"));
    assertThat(config.toolSettings())
        .containsEntry("OATS_PROMETHEUS_URL", "http://prometheus:9090")
        .containsEntry("OATS_FILE_ROOTS", "/srv/repo,/etc/app");
    assertThat(config.tools().prometheusUrl()).isEqualTo("http://prometheus:9090");
    assertThat(config.tools().braveUrl()).isEqualTo("https://api.search.brave.com");
  }

  @Test
  void theStoreDefaultsToH2InTheDataDirectory() {
    OatsConfig config = OatsConfig.load(Map.of("OATS_DATA_DIR", dir.toString()), dir);

    assertThat(config.store().url()).isEqualTo("jdbc:h2:file:" + dir.resolve("oats"));
    assertThat(config.store().user()).isNull();
  }

  @Test
  void theSeedsVariableNamesAndDefaultsAreKept() {
    OatsConfig config = OatsConfig.fromEnvironment(Map.of());

    assertThat(config.kubernetes().agentImage()).isEqualTo("localhost/oats-agent:0.1.0");
    assertThat(config.kubernetes().apiKeySecretName()).isEqualTo("oats-api-keys");
    assertThat(config.server().port()).isEqualTo(8000);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.server().runner()).isEqualTo("local");
    assertThat(config.server().dataDir()).isEqualTo(Path.of("./data"));

    OatsConfig seed =
        OatsConfig.fromEnvironment(
            Map.of("AGENT_IMAGE", "my/agent:1", "API_KEY_SECRET_NAME", "keys", "OATS_PORT", "81"));
    assertThat(seed.kubernetes().agentImage()).isEqualTo("my/agent:1");
    assertThat(seed.kubernetes().apiKeySecretName()).isEqualTo("keys");
    assertThat(seed.server().port()).isEqualTo(81);
  }

  @Test
  void theFileIsLookedForInOrder() throws Exception {
    Path home = dir.resolve("home");
    Path user = yaml("home/.config/oats/oats.yaml", "max_turns: 3\n");
    Path work = dir.resolve("work");
    Files.createDirectories(work);
    Map<String, String> env = Map.of("HOME", home.toString());

    assertThat(OatsConfig.load(env, work).maxTurns()).as("user config dir").isEqualTo(3);

    yaml("xdg/oats/oats.yaml", "max_turns: 4\n");
    Map<String, String> xdg =
        Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    assertThat(OatsConfig.load(xdg, work).maxTurns()).as("XDG_CONFIG_HOME").isEqualTo(4);

    yaml("work/oats.yaml", "max_turns: 5\n");
    assertThat(OatsConfig.load(env, work).maxTurns()).as("./oats.yaml").isEqualTo(5);

    Path named = yaml("named.yaml", "max_turns: 6\n");
    Map<String, String> withVariable =
        Map.of("HOME", home.toString(), "OATS_CONFIG", named.toString());
    assertThat(OatsConfig.load(withVariable, work).maxTurns()).as("OATS_CONFIG").isEqualTo(6);

    Path option = yaml("option.yaml", "max_turns: 7\n");
    OatsConfig fromOption = OatsConfig.load(withVariable, work, option);
    assertThat(fromOption.maxTurns()).as("--config").isEqualTo(7);
    assertThat(fromOption.file()).isEqualTo(option);
    assertThat(user).exists();
  }

  @Test
  void aMissingFileNamedByTheOptionIsAnError() {
    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir, dir.resolve("nope.yaml")))
        .hasMessageContaining("--config names")
        .hasMessageContaining("does not exist");
  }

  @Test
  void pluginSettingsPassToTools() throws Exception {
    yaml("oats.yaml", "plugin_settings:\n  acme_url: http://acme:8080\n");

    OatsConfig config = OatsConfig.load(Map.of("OATS_ACME_GREETING", "hi"), dir);

    assertThat(config.toolSettings())
        .containsEntry("OATS_ACME_URL", "http://acme:8080")
        .containsEntry("OATS_ACME_GREETING", "hi");
  }

  @Test
  void secretsSetInTheFileAreMaskedAndRedacted() throws Exception {
    yaml(
        "oats.yaml",
        "anthropic_api_key: sk-ant-from-file-123456\n"
            + "db_url: jdbc:postgresql://db/oats?user=oats&password=hunter2hunter2\n"
            + "prometheus_url: http://scraper:s3cr3tpass@prom:9090\n");

    OatsConfig config = OatsConfig.load(Map.of(), dir);

    assertThat(config.provider()).isEqualTo("anthropic");
    assertThat(config.values().get("ANTHROPIC_API_KEY").masked()).isEqualTo("****");
    assertThat(config.values().get("OATS_DB_URL").masked())
        .isEqualTo("jdbc:postgresql://db/oats?user=oats&password=****");
    assertThat(config.values().get("OATS_PROMETHEUS_URL").masked())
        .isEqualTo("http://scraper:****@prom:9090");
    assertThat(config.secretValues()).contains("sk-ant-from-file-123456");
    assertThat(config.toString())
        .doesNotContain("sk-ant-from-file-123456")
        .doesNotContain("hunter2hunter2");
    assertThat(config.settings()).doesNotContainKey("ANTHROPIC_API_KEY");
  }

  @Test
  void theNearestKeyIsFoundByEditDistance() {
    assertThat(ConfigFile.distance("prot", "port")).isEqualTo(2);
    assertThat(ConfigFile.nearest("modle")).isEqualTo("model");
    assertThat(ConfigFile.nearest("OATS_MAX_TURN")).isEqualTo("max_turns");
  }

  @Test
  void thePublicUrlIsCheckedBecauseItIsPastedIntoShellCommands() throws Exception {
    Path file = yaml("oats.yaml", "public_url: https://oats.example.com/\n");
    assertThat(OatsConfig.load(Map.of(), dir).server().clientUrl(8000))
        .isEqualTo("https://oats.example.com");
    assertThat(OatsConfig.fromEnvironment(Map.of("OATS_HOST", "127.0.0.1")).server().clientUrl(81))
        .isEqualTo("http://127.0.0.1:81");

    Files.writeString(file, "public_url: \"https://x; rm -rf /\"\n");
    assertThatThrownBy(() -> OatsConfig.load(Map.of(), dir))
        .hasMessageContaining("public_url (in " + file.toAbsolutePath() + ") must be an http://")
        .hasMessageContaining("not 'https://x; rm -rf /'");
  }
}
