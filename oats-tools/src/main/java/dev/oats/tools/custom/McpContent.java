package dev.oats.tools.custom;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.tools.shell.ChildProcess;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of an MCP tool result as text for the model: text parts as they are, joined by
 * newlines; embedded text resources with their URI; images, audio and binary resources summarised
 * by kind, type and size, since their bytes mean nothing in a prompt. When there is no content but
 * structured content, that is shown as JSON.
 */
final class McpContent {

  private static final ObjectMapper JSON = new ObjectMapper();

  private McpContent() {}

  static String render(McpSchema.CallToolResult result) {
    List<String> parts = new ArrayList<>();
    if (result.content() != null) {
      result.content().forEach(content -> parts.add(part(content)));
    }
    if (parts.isEmpty() && result.structuredContent() != null) {
      parts.add(json(result.structuredContent()));
    }
    return String.join("\n", parts);
  }

  private static String part(McpSchema.Content content) {
    return switch (content) {
      case McpSchema.TextContent text -> text.text();
      case McpSchema.ImageContent image ->
          "[image, %s, %s]".formatted(image.mimeType(), base64Size(image.data()));
      case McpSchema.AudioContent audio ->
          "[audio, %s, %s]".formatted(audio.mimeType(), base64Size(audio.data()));
      case McpSchema.EmbeddedResource embedded -> resource(embedded.resource());
      case McpSchema.ResourceLink link ->
          "[resource link %s: %s]".formatted(link.name(), link.uri());
      default -> "[%s content]".formatted(content.type());
    };
  }

  private static String resource(McpSchema.ResourceContents contents) {
    return switch (contents) {
      case McpSchema.TextResourceContents text ->
          "[resource %s]\n%s".formatted(text.uri(), text.text());
      case McpSchema.BlobResourceContents blob ->
          "[resource %s, %s, %s]".formatted(blob.uri(), blob.mimeType(), base64Size(blob.blob()));
      default -> "[resource %s]".formatted(contents.uri());
    };
  }

  /** The size of the bytes a base64 text stands for, without decoding it. */
  private static String base64Size(String base64) {
    if (base64 == null) {
      return ChildProcess.size(0);
    }
    String trimmed = base64.strip();
    int padding = trimmed.endsWith("==") ? 2 : trimmed.endsWith("=") ? 1 : 0;
    return ChildProcess.size(Math.max(0, trimmed.length() / 4L * 3 - padding));
  }

  private static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      return String.valueOf(value);
    }
  }
}
