package dev.oats.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oats.model.Message;
import dev.oats.model.ToolSpec;
import dev.oats.tool.TimedText;
import dev.oats.tool.ToolResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The loop's own tool {@value #NAME}: any part of an earlier tool output, read from the
 * conversation. The model is shown each output as an excerpt (its trouble lines, first and last
 * lines, how often each kind of trouble line occurs); the output itself, as the executor kept it,
 * stays in the conversation (rebuilt from the events), so none of it is out of the model's reach. A
 * page is never longer than the excerpt size, so the context budget shows it whole.
 */
final class OutputPages {

  static final String NAME = "read_output";

  /** The most lines one page shows. */
  static final int MAX_LINES = 200;

  private static final int DEFAULT_LINES = 80;

  /**
   * How long a {@code grep} may search one output: a pattern that backtracks without end, such as
   * {@code (.*a){20}b}, would otherwise hold the investigation's loop for good.
   */
  static final java.time.Duration GREP_TIME = java.time.Duration.ofSeconds(2);

  private static final ToolSpec SPEC = build();

  private OutputPages() {}

  /** The tool as the model sees it. */
  static ToolSpec spec() {
    return new ToolSpec(SPEC.name(), SPEC.description(), SPEC.inputSchema().deepCopy());
  }

  private static ToolSpec build() {
    ObjectNode schema = new ObjectMapper().createObjectNode();
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    properties
        .putObject("call_id")
        .put("type", "string")
        .put("minLength", 1)
        .put("description", "The id of the earlier tool call whose output to read.");
    properties
        .putObject("from_line")
        .put("type", "integer")
        .put("minimum", 1)
        .put("description", "The first line to show (1 by default).");
    properties
        .putObject("lines")
        .put("type", "integer")
        .put("minimum", 1)
        .put("maximum", MAX_LINES)
        .put("description", "How many lines to show (%d by default).".formatted(DEFAULT_LINES));
    properties
        .putObject("grep")
        .put("type", "string")
        .put(
            "description",
            "Only the lines matching this regular expression (case-insensitive), with their"
                + " line numbers, from from_line on.");
    schema.putArray("required").add("call_id");
    return new ToolSpec(
        NAME,
        "Shows lines of an earlier tool output that you were shown as an excerpt (it says how many"
            + " lines it kept): a range of lines, or the lines matching a pattern. Reads what the"
            + " tool already printed; runs nothing. Example: {\"call_id\": \"toolu_1\", \"grep\":"
            + " \"error|refused\"}",
        schema);
  }

  /**
   * A page of the output of the call {@code arguments.call_id} in {@code conversation}, at most
   * {@code maxChars} characters; an error result naming what is wrong with the arguments.
   */
  static ToolResult read(List<Message> conversation, ObjectNode arguments, int maxChars) {
    String callId = arguments.path("call_id").asText("").strip();
    if (callId.isEmpty()) {
      return ToolResult.error("read_output needs call_id: the id of an earlier tool call.");
    }
    Optional<Message.ToolResultBlock> found = find(conversation, callId);
    if (found.isEmpty()) {
      return ToolResult.error(
          "No tool output with call_id '%s'. Earlier calls: %s."
              .formatted(callId, String.join(", ", callIds(conversation))));
    }
    Message.ToolResultBlock block = found.get();
    int from = intArgument(arguments, "from_line", 1);
    int count = intArgument(arguments, "lines", DEFAULT_LINES);
    if (from < 1 || count < 1 || count > MAX_LINES) {
      return ToolResult.error(
          "read_output: from_line must be at least 1 and lines between 1 and %d."
              .formatted(MAX_LINES));
    }
    List<String> lines = block.content().lines().toList();
    String grep = arguments.path("grep").asText("");
    return grep.isEmpty()
        ? ToolResult.success(range(block, lines, from, count, maxChars))
        : matching(block, lines, from, count, grep, maxChars);
  }

  private static String range(
      Message.ToolResultBlock block, List<String> lines, int from, int count, int maxChars) {
    if (from > lines.size()) {
      return "The output of %s (call %s) has %d lines; nothing from line %d."
          .formatted(block.toolName(), block.callId(), lines.size(), from);
    }
    StringBuilder page = new StringBuilder();
    int to = from - 1;
    while (to < lines.size() && to - from + 1 < count) {
      String line = lines.get(to);
      if (page.length() + line.length() + 1 > maxChars - 200 && to > from - 1) {
        break;
      }
      page.append(clip(line, maxChars - 200)).append('\n');
      to++;
    }
    return "[lines %d-%d of %d of the output of %s (call %s)]\n"
            .formatted(from, to, lines.size(), block.toolName(), block.callId())
        + page
        + (to < lines.size()
            ? "[more from from_line %d]".formatted(to + 1)
            : "[end of the output]");
  }

  private static ToolResult matching(
      Message.ToolResultBlock block,
      List<String> lines,
      int from,
      int count,
      String grep,
      int maxChars) {
    Pattern pattern;
    try {
      pattern = TimedText.compile(grep, Pattern.CASE_INSENSITIVE);
    } catch (PatternSyntaxException e) {
      return ToolResult.error(
          "read_output: grep is not a valid regular expression: "
              + e.getDescription().toLowerCase(Locale.ROOT));
    }
    StringBuilder page = new StringBuilder();
    int shown = 0;
    int total = 0;
    int next = 0;
    long deadline = System.nanoTime() + GREP_TIME.toNanos();
    for (int i = from - 1; i < lines.size(); i++) {
      try {
        if (!TimedText.find(pattern, lines.get(i), deadline)) {
          continue;
        }
      } catch (TimedText.TimeUp e) {
        return ToolResult.error(
            ("read_output: grep /%s/ was stopped at line %d (%s, %d s at most): a pattern with"
                    + " nested repeats backtracks without end; use a plainer one, such as"
                    + " error|refused")
                .formatted(grep, i + 1, e.getMessage(), GREP_TIME.toSeconds()));
      }
      total++;
      String line = (i + 1) + ": " + clip(lines.get(i), maxChars - 200);
      if (shown < count && page.length() + line.length() + 1 <= maxChars - 200) {
        page.append(line).append('\n');
        shown++;
      } else if (next == 0) {
        next = i + 1;
      }
    }
    String head =
        "[%d of %d lines of the output of %s (call %s) match /%s/ from line %d]\n"
            .formatted(total, lines.size(), block.toolName(), block.callId(), grep, from);
    String tail = next > 0 ? "[more matches from from_line %d]".formatted(next) : "";
    return ToolResult.success(head + page + tail);
  }

  private static int intArgument(ObjectNode arguments, String name, int fallback) {
    JsonNode value = arguments.get(name);
    return value == null || value.isNull() ? fallback : value.asInt(-1);
  }

  /** The newest output of that call: a follow-up's calls may reuse an earlier run's ids. */
  private static Optional<Message.ToolResultBlock> find(List<Message> conversation, String id) {
    for (Message message : conversation.reversed()) {
      if (message instanceof Message.ToolResults results) {
        for (Message.ToolResultBlock block : results.results()) {
          if (block.callId().equals(id) && !block.toolName().equals(NAME)) {
            return Optional.of(block);
          }
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> callIds(List<Message> conversation) {
    return conversation.stream()
        .filter(Message.ToolResults.class::isInstance)
        .flatMap(m -> ((Message.ToolResults) m).results().stream())
        .filter(block -> !block.toolName().equals(NAME))
        .map(Message.ToolResultBlock::callId)
        .toList();
  }

  private static String clip(String line, int max) {
    return line.length() <= max ? line : line.substring(0, Math.max(0, max)) + "... [line cut]";
  }
}
