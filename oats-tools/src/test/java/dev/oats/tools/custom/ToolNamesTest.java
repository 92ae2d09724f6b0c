package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolNamesTest {

  @Test
  void validNamesAreKeptAsTheyAre() {
    assertThat(ToolNames.sanitise("pod_disk_usage")).isEqualTo("pod_disk_usage");
  }

  @Test
  void otherNamesBecomeSnakeCaseStartingWithALetter() {
    assertThat(ToolNames.sanitise("getPodLogs")).isEqualTo("get_pod_logs");
    assertThat(ToolNames.sanitise("search-docs.v2")).isEqualTo("search_docs_v2");
    assertThat(ToolNames.sanitise("2fa check")).isEqualTo("tool_2fa_check");
    assertThat(ToolNames.sanitise("---")).isEqualTo("tool_");
    assertThat(ToolNames.sanitise("x".repeat(80))).hasSize(64);
  }

  @Test
  void aFileNameLosesItsExtension() {
    assertThat(ToolNames.fromFileName("My Broken-Tool.yaml")).isEqualTo("my_broken_tool");
    assertThat(ToolNames.fromFileName(".hidden.yml")).isEqualTo("hidden");
  }
}
