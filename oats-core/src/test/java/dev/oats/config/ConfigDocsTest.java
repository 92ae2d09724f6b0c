package dev.oats.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README and the example file say what the reader does. */
class ConfigDocsTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theReadmeListsEverySettingWithItsKeyAndVariable() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));

    assertThat(Settings.ALL.values())
        .allSatisfy(
            setting ->
                assertThat(readme)
                    .contains("| `" + setting.yamlKey() + "` | `" + setting.variable() + "` |"));
  }

  @Test
  void theExampleFileIsValidAndItsValuesAreTheDefaults() {
    OatsConfig example =
        OatsConfig.load(Map.of(), ROOT, ROOT.resolve("oats.example.yaml").toAbsolutePath());
    OatsConfig defaults = OatsConfig.fromEnvironment(Map.of("ANTHROPIC_API_KEY", "k"));

    assertThat(example.server()).isEqualTo(defaults.server());
    assertThat(example.logging()).isEqualTo(defaults.logging());
    assertThat(example.kubernetes()).isEqualTo(defaults.kubernetes());
    assertThat(example.maxTurns()).isEqualTo(defaults.maxTurns());
    assertThat(example.model()).isEqualTo(defaults.model());
  }
}
