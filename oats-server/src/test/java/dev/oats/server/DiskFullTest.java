package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 4 MB tmpfs mounted by the test holds the data directory. A write that does
 * not fit fails its request (503), the server says it is not ready, nothing acknowledged is lost,
 * and it recovers when the disk has room again.
 */
class DiskFullTest {

  @TempDir Path dir;

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }

  @Test
  void aFullDiskFailsTheRequestMarksTheServerNotReadyAndRecovers() throws Exception {
    Path disk = Files.createDirectories(dir.resolve("disk"));
    assumeTrue(
        run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk.toString()) == 0,
        "cannot mount a tmpfs here (needs root or CAP_SYS_ADMIN): the full-disk test did not run");
    ServerHarness harness = new ServerHarness(disk.resolve("data"));
    try {
      harness.start();
      Path filler = disk.resolve("filler");
      try (OutputStream out = Files.newOutputStream(filler)) {
        byte[] block = new byte[16 * 1024];
        for (int i = 0; i < 10_000; i++) {
          out.write(block);
        }
      } catch (IOException full) {
        // the disk is full
      }

      List<String> acknowledged = new ArrayList<>();
      HttpResponse<String> refused = null;
      String goal = "disk full? " + "g".repeat(9_000);
      for (int i = 0; i < 300 && refused == null; i++) {
        HttpResponse<String> answer =
            harness.post("/investigate", "{\"goal\": \"" + goal + i + "\"}");
        if (answer.statusCode() == 200) {
          acknowledged.add(json(answer).get("job_id").asText());
        } else {
          refused = answer;
        }
      }

      assertThat(refused).as("a write that does not fit is refused").isNotNull();
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      assertThat(json(refused).at("/error/code").asText()).isEqualTo("store_unavailable");
      assertThat(harness.get("/readyz").statusCode()).isEqualTo(503);

      Files.delete(filler);
      Instant deadline = Instant.now().plusSeconds(30);
      while (harness.get("/readyz").statusCode() != 200 && Instant.now().isBefore(deadline)) {
        Thread.sleep(100);
      }
      assertThat(harness.get("/readyz").statusCode()).as("ready again").isEqualTo(200);
      HttpResponse<String> after = harness.post("/investigate", "{\"goal\": \"room again\"}");
      assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
      acknowledged.add(json(after).get("job_id").asText());

      harness.stop();
      harness.start();
      for (String id : acknowledged) {
        HttpResponse<String> found = harness.get("/investigations/" + id);
        assertThat(found.statusCode()).as("acknowledged %s after a restart", id).isEqualTo(200);
        if (json(found).get("status").asText().equals("succeeded")) {
          assertThat(harness.get("/investigations/" + id + "/events").body())
              .contains("\"finished\"");
        }
      }
    } finally {
      harness.close();
      run("umount", "-l", disk.toString());
    }
  }
}
