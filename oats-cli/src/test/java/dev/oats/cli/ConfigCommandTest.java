package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oats config}: each setting's effective value and where it came from, secrets masked. */
class ConfigCommandTest {

  @TempDir Path dir;

  private Path yaml(String text) throws Exception {
    return Files.writeString(dir.resolve("oats.yaml"), text);
  }

  /** The row of one key: its value and source columns, spaces squeezed. */
  private static String row(String output, String key) {
    return output
        .lines()
        .filter(line -> line.startsWith(key + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + key + " in\n" + output))
        .replaceAll("\\s+", " ");
  }

  @Test
  void eachValueShowsWhereItCameFromAndSecretsAreMasked() throws Exception {
    Path file =
        yaml(
            """
            port: 9123
            max_turns: 9
            anthropic_api_key: sk-ant-from-the-file-0123456789
            db_url: jdbc:postgresql://db:5432/oats?user=oats&password=hunter2hunter2
            plugin_settings:
              acme_url: http://acme:8080
            """);

    CliRun run =
        CliRun.run(
            Map.of(
                "OATS_MAX_TURNS", "7",
                "OATS_DB_PASSWORD", "pg-password-0123456789",
                "OATS_ACME_TOKEN", "acme-token-0123456789"),
            "config",
            "--config",
            file.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    String out = run.out();
    assertThat(out).contains("Configuration file: " + file.toAbsolutePath().normalize());
    assertThat(row(out, "port")).endsWith(" 9123 " + file.toAbsolutePath());
    assertThat(row(out, "max_turns")).endsWith(" 7 env OATS_MAX_TURNS");
    assertThat(row(out, "host")).endsWith(" 0.0.0.0 default");
    assertThat(row(out, "anthropic_api_key")).endsWith(" **** " + file.toAbsolutePath());
    assertThat(row(out, "db_password")).endsWith(" **** env OATS_DB_PASSWORD");
    assertThat(row(out, "db_url"))
        .contains("jdbc:postgresql://db:5432/oats?user=oats&password=****");
    assertThat(row(out, "agent_image")).endsWith(" localhost/oats-agent:0.1.0 default");
    assertThat(row(out, "provider")).endsWith(" anthropic default");
    assertThat(row(out, "acme_url")).endsWith(" http://acme:8080 " + file.toAbsolutePath());
    assertThat(row(out, "acme_token")).endsWith(" **** env OATS_ACME_TOKEN");
    assertThat(out)
        .doesNotContain("sk-ant-from-the-file-0123456789")
        .doesNotContain("hunter2hunter2")
        .doesNotContain("pg-password-0123456789")
        .doesNotContain("acme-token-0123456789");
  }

  @Test
  void theOptionMayAlsoComeBeforeTheCommandAndOatsConfigNamesTheFileOtherwise() throws Exception {
    Path file = yaml("port: 9123\n");

    assertThat(row(CliRun.run(Map.of(), "--config", file.toString(), "config").out(), "port"))
        .contains(" 9123 ");
    assertThat(row(CliRun.run(Map.of("OATS_CONFIG", file.toString()), "config").out(), "port"))
        .contains(" 9123 ");
  }

  @Test
  void anUnknownKeyStopsTheCommandWithTheNearestKnownKey() throws Exception {
    Path file = yaml("prot: 9123\n");

    CliRun run = CliRun.run(Map.of(), "config", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown key 'prot' (did you mean 'port'?)");
  }

  @Test
  void aWrongValueStopsEveryCommandNamingTheKeyTheValueAndWhatIsExpected() throws Exception {
    Path file = yaml("max_turns: lots\n");

    CliRun run = CliRun.run(Map.of(), "tools", "--config", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(
            "max_turns (in " + file.toAbsolutePath() + ") must be a whole number, not 'lots'");
  }

  @Test
  void toolsTakeTheirSettingsFromTheFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.yaml"), "{}\n");
    Path file = yaml("prometheus_url: http://prometheus:9090\n");

    String without = CliRun.run(Map.of(), "tools", "--config", empty.toString()).out();
    String with = CliRun.run(Map.of(), "tools", "--config", file.toString()).out();

    assertThat(row(without, "metrics_fetcher")).contains("disabled");
    assertThat(row(with, "metrics_fetcher")).contains("enabled").doesNotContain("disabled");
  }
}
