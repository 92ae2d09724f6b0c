package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ToolRegistryTest {

  @Test
  void aNameClaimedTwiceStopsTheStartNamingBothSources() {
    ToolRegistry.Builder builder =
        ToolRegistry.builder()
            .add("builtin", TestTools.echo())
            .add("plugin x.jar", TestTools.echo());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tool 'echo' is defined twice: by builtin and by plugin x.jar");
  }

  @Test
  void anInvalidNameIsRejected() {
    ToolRegistry.Builder builder =
        ToolRegistry.builder()
            .add("yaml", TestTools.tool("Bad Name", "{\"type\":\"object\"}", a -> null));

    assertThatThrownBy(builder::build)
        .hasMessageContaining("'Bad Name'")
        .hasMessageContaining("lower case");
  }

  @Test
  void disabledToolsAreListedButNotOffered() {
    ToolRegistry registry =
        ToolRegistry.builder()
            .add("builtin", TestTools.echo())
            .addDisabled("builtin", "metrics_fetcher", "OATS_PROMETHEUS_URL is not set")
            .build();

    assertThat(registry.enabledNames()).containsExactly("echo");
    assertThat(registry.specs()).extracting(s -> s.name()).containsExactly("echo");
    assertThat(registry.find("metrics_fetcher")).isEmpty();
    assertThat(registry.entries())
        .extracting(ToolRegistry.Entry::disabledReason)
        .containsExactly(null, "OATS_PROMETHEUS_URL is not set");
  }
}
