package dev.oats.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's prompt cache as it bills a Messages API request, for tests and benchmarks that need
 * to know what a run of requests would cost.
 *
 * <p>The rule, as Anthropic documents it: the prompt is one sequence of blocks, tools first, then
 * the system blocks, then the messages' content blocks. A block with {@code cache_control} is a
 * breakpoint (at most four per request). The prefix up to a breakpoint is written to the cache
 * (billed at 1.25×) unless it is shorter than the model's minimum (1024 tokens for Sonnet and
 * Opus), and lives for five minutes after its last use. A request reads from the cache (0.1×) the
 * longest prefix that ends at a block boundary at most {@code lookback} blocks before one of its
 * breakpoints and is identical to a prefix written before; what follows it up to the last
 * breakpoint is written, and what follows the last breakpoint is plain input (1×). Identical means
 * the same blocks with the same content, the {@code cache_control} markers aside (a string content
 * counts as one text block, as the API reads it), and the same model.
 *
 * <p>Tokens are counted with cl100k over each block's text (a tool's name, description and schema;
 * a tool call's name and input; a result's content) plus a small overhead per block; Anthropic's
 * own tokenizer differs by a few percent, the same for every request compared.
 */
public final class AnthropicPromptCache {

  /** The fewest tokens a cached prefix may have (Claude Sonnet and Opus). */
  public static final int SONNET_MIN_TOKENS = 1024;

  /** How far before a breakpoint Anthropic looks for an earlier cached prefix. */
  public static final int DOCUMENTED_LOOKBACK_BLOCKS = 20;

  /** The most {@code cache_control} blocks a request may carry. */
  public static final int MAX_BREAKPOINTS = 4;

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final int PER_BLOCK_OVERHEAD = 3;
  private static final Encoding ENCODING =
      Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  private final int minTokens;
  private final int lookback;
  private final Map<String, Instant> expiries = new HashMap<>();

  /**
   * What one request was billed, in tokens.
   *
   * @param cacheRead read from the cache (0.1×)
   * @param cacheWrite written to the cache (1.25×)
   * @param plain neither (1×)
   * @param breakpoints the {@code cache_control} blocks it carried
   */
  public record Bill(long cacheRead, long cacheWrite, long plain, int breakpoints) {
    public static final Bill ZERO = new Bill(0, 0, 0, 0);

    /** Every input token of the request. */
    public long input() {
      return cacheRead + cacheWrite + plain;
    }

    /** The input priced in plain-token equivalents, as Anthropic bills it. */
    public double billed() {
      return plain + 1.25 * cacheWrite + 0.1 * cacheRead;
    }

    public Bill plus(Bill other) {
      return new Bill(
          cacheRead + other.cacheRead,
          cacheWrite + other.cacheWrite,
          plain + other.plain,
          breakpoints + other.breakpoints);
    }
  }

  /**
   * @param minTokens the fewest tokens a cached prefix may have, {@link #SONNET_MIN_TOKENS}
   * @param lookback how many block boundaries before a breakpoint are checked for a hit: {@link
   *     #DOCUMENTED_LOOKBACK_BLOCKS} as Anthropic does, 0 for a hit only at a breakpoint of an
   *     earlier request
   */
  public AnthropicPromptCache(int minTokens, int lookback) {
    this.minTokens = minTokens;
    this.lookback = lookback;
  }

  /** Sonnet's minimum and the documented look-back. */
  public static AnthropicPromptCache sonnet() {
    return new AnthropicPromptCache(SONNET_MIN_TOKENS, DOCUMENTED_LOOKBACK_BLOCKS);
  }

  /**
   * Bills a request body received at {@code at}, and remembers what it wrote.
   *
   * @throws IllegalArgumentException for more than four breakpoints, as the API refuses them
   */
  public synchronized Bill bill(JsonNode body, Instant at) {
    List<Block> blocks = blocks(body);
    int breakpoints = (int) blocks.stream().filter(Block::marked).count();
    if (breakpoints > MAX_BREAKPOINTS) {
      throw new IllegalArgumentException(
          "A maximum of %d blocks with cache_control may be provided. Found %d."
              .formatted(MAX_BREAKPOINTS, breakpoints));
    }
    expiries.values().removeIf(expiry -> !expiry.isAfter(at));
    long[] upTo = new long[blocks.size()];
    String[] prefix = new String[blocks.size()];
    MessageDigest digest = sha256();
    digest.update(body.path("model").asText().getBytes(StandardCharsets.UTF_8));
    long tokens = 0;
    for (int i = 0; i < blocks.size(); i++) {
      tokens += blocks.get(i).tokens();
      upTo[i] = tokens;
      digest.update(blocks.get(i).key().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      prefix[i] = HexFormat.of().formatHex(cloneDigest(digest).digest());
    }
    int hit = -1;
    int lastWrite = -1;
    for (int b = 0; b < blocks.size(); b++) {
      if (!blocks.get(b).marked()) {
        continue;
      }
      for (int j = b; j >= Math.max(0, b - lookback); j--) {
        if (j > hit && expiries.containsKey(prefix[j])) {
          hit = j;
          break;
        }
      }
      if (upTo[b] >= minTokens) {
        lastWrite = b;
      }
    }
    long read = hit >= 0 ? upTo[hit] : 0;
    long written = lastWrite > hit ? upTo[lastWrite] - read : 0;
    if (hit >= 0) {
      expiries.put(prefix[hit], at.plus(TTL));
    }
    for (int b = hit + 1; b < blocks.size(); b++) {
      if (blocks.get(b).marked() && upTo[b] >= minTokens) {
        expiries.put(prefix[b], at.plus(TTL));
      }
    }
    return new Bill(read, written, tokens - read - written, breakpoints);
  }

  /** The tokens of a request body, as {@link #bill} counts them, with nothing cached. */
  public static long tokens(JsonNode body) {
    return blocks(body).stream().mapToLong(Block::tokens).sum();
  }

  private record Block(String key, long tokens, boolean marked) {}

  private static List<Block> blocks(JsonNode body) {
    List<Block> blocks = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      blocks.add(
          block(
              "tool",
              tool,
              tool.path("name").asText()
                  + tool.path("description").asText()
                  + tool.path("input_schema")));
    }
    JsonNode system = body.path("system");
    if (system.isTextual()) {
      ObjectNode text =
          JsonNodeFactory.instance.objectNode().put("type", "text").put("text", system.asText());
      blocks.add(block("system", text, system.asText()));
    }
    for (JsonNode block : system.isArray() ? system : List.<JsonNode>of()) {
      blocks.add(block("system", block, block.path("text").asText()));
    }
    for (JsonNode message : body.path("messages")) {
      String role = message.path("role").asText();
      JsonNode content = message.path("content");
      if (content.isTextual()) {
        // A string is the API's shorthand for one text block: the same prompt either way.
        ObjectNode text =
            JsonNodeFactory.instance.objectNode().put("type", "text").put("text", content.asText());
        blocks.add(block(role, text, content.asText()));
        continue;
      }
      for (JsonNode block : content) {
        blocks.add(block(role, block, text(block)));
      }
    }
    return blocks;
  }

  private static Block block(String where, JsonNode node, String text) {
    ObjectNode key = node.deepCopy();
    key.remove("cache_control");
    return new Block(where + "\0" + canonical(key), count(text), node.hasNonNull("cache_control"));
  }

  /** The node as JSON with the fields of every object in name order: equal content, equal text. */
  private static String canonical(JsonNode node) {
    if (node.isObject()) {
      java.util.TreeMap<String, JsonNode> fields = new java.util.TreeMap<>();
      node.properties().forEach(field -> fields.put(field.getKey(), field.getValue()));
      StringBuilder json = new StringBuilder("{");
      fields.forEach(
          (name, value) ->
              json.append(json.length() > 1 ? "," : "")
                  .append(JsonNodeFactory.instance.textNode(name))
                  .append(':')
                  .append(canonical(value)));
      return json.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder json = new StringBuilder("[");
      node.forEach(value -> json.append(json.length() > 1 ? "," : "").append(canonical(value)));
      return json.append(']').toString();
    }
    return node.toString();
  }

  private static String text(JsonNode block) {
    return switch (block.path("type").asText()) {
      case "text" -> block.path("text").asText();
      case "tool_use" -> block.path("name").asText() + block.path("input");
      case "tool_result" -> {
        JsonNode content = block.path("content");
        if (content.isTextual()) {
          yield content.asText();
        }
        StringBuilder text = new StringBuilder();
        content.forEach(part -> text.append(part.path("text").asText()));
        yield text.toString();
      }
      default -> block.toString();
    };
  }

  private static long count(String text) {
    return (text.isEmpty() ? 0 : ENCODING.countTokensOrdinary(text)) + PER_BLOCK_OVERHEAD;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static MessageDigest cloneDigest(MessageDigest digest) {
    try {
      return (MessageDigest) digest.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
  }
}
