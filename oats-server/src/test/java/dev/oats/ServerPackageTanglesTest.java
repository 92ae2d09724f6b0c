package dev.oats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.wiring.OatsServer;
import dev.oats.testkit.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server's packages use one another one way only. {@code server.wiring} builds the server and
 * nothing uses it; {@code api}, {@code alerts} and {@code notify} use the services in {@code
 * server}, which uses none of them; runners see the server only through {@code runner.RunnerHost}.
 * One edge back (a service that calls the HTTP layer, a runner that reaches for the service) makes
 * a tangle, and fails here.
 */
class ServerPackageTanglesTest {

  private static Map<String, Set<String>> uses;

  @BeforeAll
  static void readPackages() throws Exception {
    Path classes =
        Path.of(OatsServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    uses = PackageGraph.dependencies(classes);
    assertThat(uses)
        .as("packages read by jdeps from %s", classes)
        .containsKeys(
            "dev.oats.server", "dev.oats.server.wiring", "dev.oats.runner", "dev.oats.store");
  }

  @Test
  void noPackagesOfTheServerUseOneAnother() {
    assertThat(PackageGraph.tangles(uses)).as("package tangles").isEqualTo(List.of());
  }

  @Test
  void onlyTheWiringUsesTheWiring() {
    for (Map.Entry<String, Set<String>> entry : uses.entrySet()) {
      if (!entry.getKey().equals("dev.oats.server.wiring")) {
        assertThat(entry.getValue())
            .as("used by %s", entry.getKey())
            .doesNotContain("dev.oats.server.wiring");
      }
    }
  }

  @Test
  void servicesUseNeitherTheHttpLayerNorWhatUsesThem() {
    assertThat(uses.get("dev.oats.server"))
        .as("used by dev.oats.server")
        .doesNotContain("dev.oats.api", "dev.oats.alerts", "dev.oats.notify");
  }

  @Test
  void runnersUseNoServerPackage() {
    for (String runner : List.of("dev.oats.runner", "dev.oats.runner.kubernetes")) {
      assertThat(uses.get(runner))
          .as("used by %s", runner)
          .doesNotContain(
              "dev.oats.server",
              "dev.oats.server.wiring",
              "dev.oats.api",
              "dev.oats.alerts",
              "dev.oats.notify");
    }
  }
}
