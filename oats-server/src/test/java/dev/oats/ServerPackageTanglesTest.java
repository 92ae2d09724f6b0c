package dev.oats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.server.OatsServer;
import dev.oats.testkit.PackageGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The server's packages may not tangle further. One tangle is known and open (REVIEW.md): {@code
 * server} holds both the wiring ({@code OatsServer}) and the services that {@code api}, {@code
 * alerts} and {@code notify} call, so each of them and {@code server} use one another. A new
 * package drawn into it, or a new tangle, fails here; when the services leave {@code server}, this
 * list shrinks to nothing.
 */
class ServerPackageTanglesTest {

  private static final Set<String> KNOWN =
      Set.of("dev.oats.alerts", "dev.oats.api", "dev.oats.notify", "dev.oats.server");

  @Test
  void theOnlyTangleIsTheKnownOneAroundTheServerPackage() throws Exception {
    Path classes =
        Path.of(OatsServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    Map<String, Set<String>> uses = PackageGraph.dependencies(classes);

    assertThat(uses)
        .as("packages read by jdeps")
        .containsKeys("dev.oats.server", "dev.oats.runner", "dev.oats.store");
    assertThat(PackageGraph.tangles(uses))
        .as("package tangles in %s", classes)
        .isEqualTo(List.of(KNOWN));
  }
}
