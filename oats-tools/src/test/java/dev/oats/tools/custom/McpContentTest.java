package dev.oats.tools.custom;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How MCP tool results read in a prompt. */
class McpContentTest {

  @Test
  void textPartsAreJoinedAndBinaryPartsSummarisedByKindTypeAndSize() {
    String audio = Base64.getEncoder().encodeToString(new byte[3 * 1024]);
    McpSchema.CallToolResult result =
        McpSchema.CallToolResult.builder()
            .addTextContent("first")
            .addContent(McpSchema.AudioContent.builder(audio, "audio/wav").build())
            .addContent(
                McpSchema.EmbeddedResource.builder(
                        McpSchema.TextResourceContents.builder("file:///etc/app.conf", "port=8080")
                            .mimeType("text/plain")
                            .build())
                    .build())
            .addContent(
                McpSchema.EmbeddedResource.builder(
                        McpSchema.BlobResourceContents.builder("file:///core.dump", "AAAA")
                            .mimeType("application/octet-stream")
                            .build())
                    .build())
            .addContent(
                McpSchema.ResourceLink.builder()
                    .name("runbook")
                    .uri("https://wiki.example/runbook")
                    .build())
            .build();

    assertThat(McpContent.render(result))
        .isEqualTo(
            """
            first
            [audio, audio/wav, 3 KB]
            [resource file:///etc/app.conf]
            port=8080
            [resource file:///core.dump, application/octet-stream, 3 bytes]
            [resource link runbook: https://wiki.example/runbook]""");
  }

  @Test
  void structuredContentIsShownWhenThereIsNoOtherContent() {
    McpSchema.CallToolResult result =
        McpSchema.CallToolResult.builder().structuredContent(Map.of("replicas", 3)).build();

    assertThat(McpContent.render(result)).isEqualTo("{\n  \"replicas\" : 3\n}");
  }
}
