package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server whose port is taken stops with that message as the last thing it says: its timers are
 * stopped before the database closes, so no warning about a closed pool follows the error.
 */
class ServerPortInUseTest {

  @TempDir Path dir;

  @Test
  void aTakenPortEndsTheStartWithThatMessageAndNothingAfterIt() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Throwable exited =
          catchThrowable(
              () ->
                  ServerProcess.start(
                      data, Map.of("OATS_PORT", String.valueOf(taken.getLocalPort())), List.of()));

      assertThat(exited).isInstanceOf(AssertionError.class);
      String output = exited.getMessage();
      assertThat(output)
          .contains("Port already in use")
          .doesNotContain("has been closed")
          .doesNotContain("Replica tick");
    }
  }
}
