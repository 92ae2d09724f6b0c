package dev.oats.eval.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.oats.eval.scenario.ScenarioException;
import dev.oats.model.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded model side: the model's reply to each request of one investigation, in order. Written
 * by {@code oats eval --record} from a live run, or by hand; read by the replay model.
 *
 * @param model who produced it: the live model's label, or {@code scripted}
 * @param replies one per model call
 */
public record ModelScript(String model, List<Reply> replies) {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

  public ModelScript {
    replies = List.copyOf(replies);
  }

  /**
   * One reply.
   *
   * @param text the prose (reasoning, or a text-protocol answer)
   * @param calls the tool calls, {@code finish} included
   * @param usage the tokens the live call consumed; zero for a scripted reply
   */
  public record Reply(String text, List<Call> calls, Usage usage) {
    public Reply {
      text = text == null ? "" : text;
      calls = List.copyOf(calls);
      usage = usage == null ? Usage.ZERO : usage;
    }
  }

  /**
   * One tool call.
   *
   * @param tool the tool's name
   * @param arguments its arguments
   * @param status the observation's status when it was recorded ({@code success}, {@code error},
   *     {@code no_data}), or null; a replay whose call now ends otherwise has diverged
   */
  public record Call(String tool, ObjectNode arguments, String status) {}

  public static ModelScript read(Path file) throws IOException {
    JsonNode root;
    try {
      root = YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new ScenarioException(file + " is not valid YAML: " + e.getMessage());
    }
    if (root == null || !root.path("replies").isArray()) {
      throw new ScenarioException(file + ": 'replies' must be a list of model replies");
    }
    List<Reply> replies = new ArrayList<>();
    int index = 0;
    for (JsonNode reply : root.get("replies")) {
      index++;
      List<Call> calls = new ArrayList<>();
      for (JsonNode call : reply.path("calls")) {
        if (!call.path("tool").isTextual() || !call.path("arguments").isObject()) {
          throw new ScenarioException(
              file + ": reply #" + index + ": every call needs 'tool' and an 'arguments' mapping");
        }
        calls.add(
            new Call(
                call.get("tool").asText(),
                (ObjectNode) call.get("arguments"),
                call.hasNonNull("status") ? call.get("status").asText() : null));
      }
      JsonNode usage = reply.path("usage");
      replies.add(
          new Reply(
              reply.path("text").asText(""),
              calls,
              new Usage(
                  usage.path("input").asLong(),
                  usage.path("output").asLong(),
                  usage.path("cache_read").asLong(),
                  usage.path("cache_write").asLong())));
    }
    return new ModelScript(root.path("model").asText("scripted"), replies);
  }

  public void write(Path file) throws IOException {
    ObjectNode root = YAML.createObjectNode().put("model", model);
    ArrayNode list = root.putArray("replies");
    for (Reply reply : replies) {
      ObjectNode node = list.addObject();
      if (!reply.text().isEmpty()) {
        node.put("text", reply.text());
      }
      ArrayNode calls = node.putArray("calls");
      for (Call call : reply.calls()) {
        ObjectNode c = calls.addObject().put("tool", call.tool());
        c.set("arguments", call.arguments());
        if (call.status() != null) {
          c.put("status", call.status());
        }
      }
      if (!reply.usage().equals(Usage.ZERO)) {
        node.putObject("usage")
            .put("input", reply.usage().inputTokens())
            .put("output", reply.usage().outputTokens())
            .put("cache_read", reply.usage().cacheReadTokens())
            .put("cache_write", reply.usage().cacheWriteTokens());
      }
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, YAML.writeValueAsString(root));
  }
}
