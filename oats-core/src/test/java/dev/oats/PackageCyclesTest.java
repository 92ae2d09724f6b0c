package dev.oats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.llm.providers.Models;
import dev.oats.testkit.PackageGraph;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The core's packages depend on each other one way: a cycle makes two packages one in all but name
 * (the model adapters and {@code dev.oats.llm} were one, through the factory that knew them all).
 * Read from the compiled classes by the JDK's {@code jdeps}.
 */
class PackageCyclesTest {

  @Test
  void theCoresPackagesHaveNoCycle() throws Exception {
    Path classes =
        Path.of(Models.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    Map<String, Set<String>> uses = PackageGraph.dependencies(classes);

    assertThat(uses).as("packages read by jdeps").containsKeys("dev.oats.llm", "dev.oats.agent");
    assertThat(PackageGraph.tangles(uses)).as("package cycles in %s", classes).isEmpty();
  }
}
