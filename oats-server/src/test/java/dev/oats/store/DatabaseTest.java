package dev.oats.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.config.ConfigException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

  /**
   * V1 (investigations and events), V2 (event-token hashes), V3 (the store numbers events), V4
   * (approvals), V5 (the store probe).
   */
  private static final int MIGRATIONS = 7;

  @TempDir Path dir;

  @Test
  void withoutAUrlTheStoreIsAnH2FileInTheDataDirectory() {
    DatabaseConfig config = DatabaseConfig.fromEnvironment(Map.of("OATS_DB_URL", " "), dir);

    assertThat(config.url()).isEqualTo("jdbc:h2:file:" + dir.toAbsolutePath().resolve("oats"));
    assertThat(config.kind()).isEqualTo("H2");
    assertThat(config.user()).isNull();
    assertThat(config.password()).isNull();
  }

  @Test
  void theEnvironmentNamesThePostgresDatabaseAndItsLogin() {
    DatabaseConfig config =
        DatabaseConfig.fromEnvironment(
            Map.of(
                "OATS_DB_URL", "jdbc:postgresql://db.internal:5432/oats",
                "OATS_DB_USER", "oats",
                "OATS_DB_PASSWORD", "s3cret-pw"),
            dir);

    assertThat(config.url()).isEqualTo("jdbc:postgresql://db.internal:5432/oats");
    assertThat(config.kind()).isEqualTo("PostgreSQL");
    assertThat(config.user()).isEqualTo("oats");
    assertThat(config.password()).isEqualTo("s3cret-pw");
    assertThat(config.toString())
        .isEqualTo("PostgreSQL at jdbc:postgresql://db.internal:5432/oats as oats")
        .doesNotContain("s3cret-pw");
  }

  @Test
  void aPasswordInTheUrlIsNeverShown() {
    DatabaseConfig config =
        new DatabaseConfig(
            "jdbc:postgresql://db:5432/oats?user=oats&password=hunter2&ssl=true", null, null);

    assertThat(config.redactedUrl())
        .isEqualTo("jdbc:postgresql://db:5432/oats?user=oats&password=****&ssl=true");
    assertThat(config.toString()).doesNotContain("hunter2");
  }

  @Test
  void anUnsupportedUrlIsAConfigurationError() {
    assertThatThrownBy(() -> new DatabaseConfig("jdbc:mysql://db/oats", null, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("OATS_DB_URL")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void anUnreachablePostgresIsAClearErrorWithoutThePassword() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:%d/oats?password=in-url-pw".formatted(closedPort());
    DatabaseConfig config = new DatabaseConfig(url, "oats", "s3cret-pw");

    assertThatThrownBy(() -> Database.open(config))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:")
        .hasMessageContainingAll("password=****", "Connection refused", "OATS_DB_URL")
        .message()
        .doesNotContain("s3cret-pw")
        .doesNotContain("in-url-pw");
  }

  @Test
  void anH2FileDatabaseIsCreatedInItsDirectory() {
    Path dataDir = dir.resolve("data");
    try (Database db = Database.open(DatabaseConfig.h2File(dataDir))) {
      assertThat(db.migrationsApplied()).isEqualTo(MIGRATIONS);
    }

    assertThat(Files.exists(dataDir.resolve("oats.mv.db"))).isTrue();
  }

  /** A port nothing listens on: bound to learn a free number, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
