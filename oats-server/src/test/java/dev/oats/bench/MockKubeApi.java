package dev.oats.bench;

import dev.oats.testkit.CrudApiServer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * fabric8's mock API server in CRUD mode as a process of its own, for the control-plane benchmark
 * ({@code bench/control-plane.sh}): both the seed and OATS create their Jobs in it. Writes its URL
 * to the file named by the first argument and runs until killed.
 */
public final class MockKubeApi {

  private MockKubeApi() {}

  public static void main(String[] args) throws Exception {
    CrudApiServer api = new CrudApiServer();
    Files.writeString(Path.of(args[0]), api.client.getMasterUrl().toString());
    Thread.currentThread().join();
  }
}
