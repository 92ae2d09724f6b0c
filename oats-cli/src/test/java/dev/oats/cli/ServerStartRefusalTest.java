package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data directory the server cannot write: one clear line, not a driver's stack trace. */
class ServerStartRefusalTest {

  @TempDir Path dir;

  /**
   * Root writes anywhere, so as root the child runs without the capability that lets it ignore file
   * permissions (it stays root otherwise, so it can still read the class path).
   */
  private static List<String> asAnOrdinaryUser() {
    return "root".equals(System.getProperty("user.name"))
        ? List.of("setpriv", "--bounding-set=-dac_override,-dac_read_search", "--inh-caps=-all")
        : List.of();
  }

  @Test
  void anUnwritableDataDirectoryIsOneLineThatSaysPermissionDenied() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));

    CliRun run =
        ServerProcess.refused(
            data, Map.of("ANTHROPIC_API_KEY", "sk-ant-test-0123456789"), asAnOrdinaryUser());

    assertThat(run.err())
        .contains("ERROR: permission denied on " + data.toAbsolutePath())
        .contains("OATS_DATA_DIR")
        .doesNotContain("OATS_DB_URL")
        .doesNotContain("OATS_DB_PASSWORD")
        .doesNotContainPattern("(?m)^\\s+at [a-z]");
    assertThat(run.err().lines().filter(l -> l.contains("ERROR"))).hasSize(1);
  }
}
