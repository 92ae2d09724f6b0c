package dev.oats.agent;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import dev.oats.model.ToolSpec;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Counts tokens with a real BPE tokenizer (cl100k, via jtokkit). Providers tokenize a little
 * differently, so the count is an estimate within a few percent; it is what the context budget
 * needs, and it costs no API call.
 *
 * <p>Each text is tokenized once: the loop asks for the count of the whole conversation every turn
 * (and the budget asks again for every view it tries), and re-tokenizing every observation each
 * time made a turn cost grow with the conversation. Counts are remembered by content, so a message
 * rebuilt with the same text (the conversation is a value folded anew from the events) costs a
 * lookup; a string's hash is computed once and kept by the string itself.
 */
public final class TokenCounter {

  /** What a provider adds around each message (role, separators). */
  static final int PER_MESSAGE_OVERHEAD = 4;

  /**
   * Beyond this many remembered texts (or messages) that memory starts again; a run holds fewer.
   */
  private static final int REMEMBERED = 4_096;

  /**
   * The cl100k table, loaded when a count first needs it (0.2-0.3 s of CPU), not when a counter is
   * made or a bound asked: a run whose first request fits by bytes asks before it is loaded.
   */
  private static final class Cl100k {
    static final Encoding ENCODING =
        Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

    /** Each piece counted alone by jtokkit, its count remembered: see {@link Cl100kPieces}. */
    static final Cl100kPieces PIECES = new Cl100kPieces(ENCODING::countTokensOrdinary);

    static int count(String text) {
      return PIECES.count(text);
    }
  }

  /**
   * What each tool definition takes, by value, for every counter with the standard tokenizer: a run
   * (a new loop, a new counter) counted every definition again, each serialised to be counted,
   * which cost its first turn a millisecond and more.
   */
  private static final Map<ToolSpec, Integer> STANDARD_TOOLS = new ConcurrentHashMap<>();

  /**
   * What each text that every run sends alike (the system prompt, the last turn's note) takes, for
   * every counter with the standard tokenizer: each run tokenized its system prompt again.
   */
  private static final Map<String, Integer> STANDARD_FIXED = new ConcurrentHashMap<>();

  /** Beyond this many fixed texts that memory starts again; a process has a few. */
  private static final int FIXED_REMEMBERED = 64;

  private final ToIntFunction<String> tokenizer;
  private final Map<ToolSpec, Integer> byTool;
  private final Map<String, Integer> byFixedText;
  private final Map<String, Integer> byText = new ConcurrentHashMap<>();
  private final Map<Message, Integer> byMessage =
      Collections.synchronizedMap(new IdentityHashMap<>());

  public TokenCounter() {
    this(Cl100k::count, STANDARD_TOOLS, STANDARD_FIXED);
  }

  /** A counter over another tokenizer: tests count how often it is called. */
  TokenCounter(ToIntFunction<String> tokenizer) {
    this(tokenizer, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
  }

  /**
   * A counter over another tokenizer that shares what it knows of tool definitions and fixed texts
   * with {@code process}, as the standard counters of a process share it: tests run loops with
   * both.
   */
  TokenCounter(ToIntFunction<String> tokenizer, TokenCounter process) {
    this(tokenizer, process.byTool, process.byFixedText);
  }

  private TokenCounter(
      ToIntFunction<String> tokenizer,
      Map<ToolSpec, Integer> byTool,
      Map<String, Integer> byFixedText) {
    this.tokenizer = tokenizer;
    this.byTool = byTool;
    this.byFixedText = byFixedText;
  }

  /**
   * The count of a text that every run sends alike, such as the system prompt: remembered for the
   * process (by content) with the standard tokenizer, not only for this counter's run.
   */
  public int countFixed(String text) {
    return remembered(byFixedText, FIXED_REMEMBERED, text, this::count);
  }

  public int count(String text) {
    return remembered(byText, REMEMBERED, text, tokenizer);
  }

  /**
   * The count of {@code text} kept in {@code counts}, which is emptied when it holds {@code most}.
   */
  private static int remembered(
      Map<String, Integer> counts, int most, String text, ToIntFunction<String> count) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    Integer known = counts.get(text);
    if (known != null) {
      return known;
    }
    int tokens = count.applyAsInt(text);
    if (counts.size() >= most) {
      counts.clear();
    }
    counts.put(text, tokens);
    return tokens;
  }

  /**
   * The message's count. A message of the conversation stays the same object from turn to turn, so
   * it is remembered by identity too: its calls' arguments are not serialised again to be counted.
   */
  public int count(Message message) {
    Integer known = byMessage.get(message);
    if (known != null) {
      return known;
    }
    int tokens = countNow(message);
    synchronized (byMessage) {
      if (byMessage.size() >= REMEMBERED) {
        byMessage.clear();
      }
      byMessage.put(message, tokens);
    }
    return tokens;
  }

  private int countNow(Message message) {
    int tokens =
        switch (message) {
          case Message.User user -> count(user.text());
          case Message.Assistant assistant -> count(assistant.text()) + countCalls(assistant);
          case Message.ToolResults results -> {
            int blocks = 0;
            for (Message.ToolResultBlock block : results.results()) {
              blocks += count(block.content()) + PER_MESSAGE_OVERHEAD;
            }
            yield blocks;
          }
        };
    return tokens + PER_MESSAGE_OVERHEAD;
  }

  /** A loop, not a stream: the budget asks this of every view it tries, every turn. */
  public int count(List<Message> messages) {
    int tokens = 0;
    for (int i = 0; i < messages.size(); i++) {
      tokens += count(messages.get(i));
    }
    return tokens;
  }

  public int countTools(List<ToolSpec> tools) {
    int tokens = 0;
    for (ToolSpec tool : tools) {
      Integer known = byTool.get(tool);
      if (known == null) {
        known =
            count(tool.name()) + count(tool.description()) + count(tool.inputSchema().toString());
        if (byTool.size() >= REMEMBERED) {
          byTool.clear();
        }
        // A copy: the key must not change under the map if the caller changes its schema.
        byTool.put(
            new ToolSpec(tool.name(), tool.description(), tool.inputSchema().deepCopy()), known);
      }
      tokens += known;
    }
    return tokens;
  }

  /**
   * At least as many as {@link #count(String)} says, without the tokenizer: the text's UTF-8 bytes.
   * Every cl100k token stands for one byte or more, so no text has more tokens than bytes.
   */
  public static long upperBound(String text) {
    if (text == null) {
      return 0;
    }
    long bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        // Three bytes; a lone surrogate, which UTF-8 cannot hold, as three too: still a bound.
        bytes += 3;
      }
    }
    return bytes;
  }

  /** At least as many as {@link #count(Message)} says, without the tokenizer. */
  public static long upperBound(Message message) {
    long tokens =
        switch (message) {
          case Message.User user -> upperBound(user.text());
          case Message.Assistant assistant -> {
            long calls = upperBound(assistant.text());
            for (ToolCall call : assistant.toolCalls()) {
              calls +=
                  upperBound(call.name())
                      + upperBound(CompactJson.of(call.arguments()))
                      + PER_MESSAGE_OVERHEAD;
            }
            yield calls;
          }
          case Message.ToolResults results -> {
            long blocks = 0;
            for (Message.ToolResultBlock block : results.results()) {
              blocks += upperBound(block.content()) + PER_MESSAGE_OVERHEAD;
            }
            yield blocks;
          }
        };
    return tokens + PER_MESSAGE_OVERHEAD;
  }

  /** At least as many as {@link #count(List)} says, without the tokenizer. */
  public static long upperBound(List<Message> messages) {
    long tokens = 0;
    for (Message message : messages) {
      tokens += upperBound(message);
    }
    return tokens;
  }

  /**
   * The bound of each tool definition, by value, for the process: every run's first turn asked it
   * of every definition, each schema serialised to be measured (a tenth of that turn).
   */
  private static final Map<ToolSpec, Long> TOOL_BOUNDS = new ConcurrentHashMap<>();

  /** At least as many as {@link #countTools} says, without the tokenizer. */
  public static long upperBoundOfTools(List<ToolSpec> tools) {
    long tokens = 0;
    for (ToolSpec tool : tools) {
      Long known = TOOL_BOUNDS.get(tool);
      if (known == null) {
        known = upperBoundOfTool(tool);
        if (TOOL_BOUNDS.size() >= REMEMBERED) {
          TOOL_BOUNDS.clear();
        }
        // A copy: the key must not change under the map if the caller changes its schema.
        TOOL_BOUNDS.put(
            new ToolSpec(tool.name(), tool.description(), tool.inputSchema().deepCopy()), known);
      }
      tokens += known;
    }
    return tokens;
  }

  /** {@link #upperBoundOfTools} of one definition, measured. */
  static long upperBoundOfTool(ToolSpec tool) {
    return upperBound(tool.name())
        + upperBound(tool.description())
        + upperBound(tool.inputSchema().toString());
  }

  private int countCalls(Message.Assistant assistant) {
    int tokens = 0;
    for (ToolCall call : assistant.toolCalls()) {
      tokens += count(call.name()) + count(CompactJson.of(call.arguments())) + PER_MESSAGE_OVERHEAD;
    }
    return tokens;
  }
}
