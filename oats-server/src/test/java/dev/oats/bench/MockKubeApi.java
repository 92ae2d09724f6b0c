package dev.oats.bench;

import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.LeanKubeApi;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An in-memory Kubernetes API server as a process of its own, for the control-plane benchmark
 * ({@code bench/control-plane.sh}): both the seed and OATS create their Jobs in it. Writes its URL
 * to the file named by the first argument and runs until killed. The second argument picks the
 * server: {@code lean} ({@link LeanKubeApi}, the default) or {@code fabric8} (fabric8's mock API
 * server in CRUD mode). With a third argument, {@code log}, the lean server prints each request's
 * method and path on stdout.
 */
public final class MockKubeApi {

  private MockKubeApi() {}

  public static void main(String[] args) throws Exception {
    String kind = args.length > 1 ? args[1] : "lean";
    String url =
        switch (kind) {
          case "lean" -> {
            LeanKubeApi api = new LeanKubeApi();
            if (args.length > 2 && args[2].equals("log")) {
              api.logRequests(System.out::println);
            }
            yield api.url();
          }
          case "fabric8" -> new CrudApiServer().client.getMasterUrl().toString();
          default ->
              throw new IllegalArgumentException(
                  "unknown API server " + kind + ": lean or fabric8");
        };
    Files.writeString(Path.of(args[0]), url);
    Thread.currentThread().join();
  }
}
