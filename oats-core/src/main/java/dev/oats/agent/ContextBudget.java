package dev.oats.agent;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fits a conversation into the token budget without losing what matters.
 *
 * <p>The full conversation is never changed: each turn a view of it is made. First the older
 * observations shrink (their error and warning lines, first and last lines stay, with a note of
 * what was cut); if that is not enough, the oldest turns fold into a short summary appended to the
 * goal. The goal, the tool definitions and the newest observation are never cut.
 */
public final class ContextBudget {

  private static final int SUMMARY_LINE_CHARS = 240;
  private static final int MAX_SUMMARY_LINES = 40;

  private static final int REMEMBERED = 1_024;

  private final int budget;
  private final TokenCounter counter;
  private final Map<Shrinking, Message.ToolResults> shrunk = new ConcurrentHashMap<>();

  /**
   * A view that fits, or is as close as the uncuttable parts allow.
   *
   * @param messages what to send
   * @param tokensBefore the estimate for the whole conversation
   * @param tokensAfter the estimate for the view
   * @param what what was cut, empty when nothing was
   */
  public record Fitted(List<Message> messages, int tokensBefore, int tokensAfter, String what) {
    public boolean trimmed() {
      return !what.isEmpty();
    }
  }

  public ContextBudget(int budget, TokenCounter counter) {
    this.budget = budget;
    this.counter = counter;
  }

  /**
   * @param conversation the goal first, then turns (an assistant message and the message answering
   *     it) and, between runs, the user's follow-up questions
   * @param fixedTokens what the system prompt and the tool definitions take
   */
  public Fitted fit(List<Message> conversation, int fixedTokens) {
    int before = fixedTokens + counter.count(conversation);
    if (before <= budget) {
      return new Fitted(conversation, before, before, "");
    }
    List<Message> view = new ArrayList<>(conversation);
    int shrunk = shrinkObservations(view, fixedTokens, 1_500);
    shrunk += shrinkObservations(view, fixedTokens, 300);
    int folded = foldOldestTurns(view, fixedTokens);
    int after = fixedTokens + counter.count(view);
    return new Fitted(List.copyOf(view), before, after, describe(shrunk, folded, after));
  }

  private static String describe(int shrunk, int folded, int after) {
    List<String> parts = new ArrayList<>();
    if (shrunk > 0) {
      parts.add("shrank %d older observation(s)".formatted(shrunk));
    }
    if (folded > 0) {
      parts.add("folded the %d oldest turn(s) into a summary".formatted(folded));
    }
    return parts.isEmpty()
        ? "nothing could be cut (%d tokens)".formatted(after)
        : String.join(", ", parts);
  }

  /** Shrinks observations oldest first, sparing the newest, until the view fits. */
  private int shrinkObservations(List<Message> view, int fixedTokens, int maxChars) {
    int shrunk = 0;
    int newest = lastObservationIndex(view);
    for (int i = 1; i < newest && !fits(view, fixedTokens); i++) {
      if (view.get(i) instanceof Message.ToolResults results) {
        Message.ToolResults smaller = shrunk(results, maxChars);
        if (!smaller.equals(results)) {
          view.set(i, smaller);
          shrunk++;
        }
      }
    }
    return shrunk;
  }

  private int foldOldestTurns(List<Message> view, int fixedTokens) {
    List<String> summary = new ArrayList<>();
    String goal = ((Message.User) view.getFirst()).text();
    int folded = 0;
    for (int i = oldestFoldableTurn(view); i > 0 && !fits(view, fixedTokens); ) {
      summary.add(summarise(folded + 1, (Message.Assistant) view.get(i), view.get(i + 1)));
      view.remove(i + 1);
      view.remove(i);
      folded++;
      view.set(0, new Message.User(goal + foldedSection(summary)));
      i = oldestFoldableTurn(view);
    }
    return folded;
  }

  /**
   * Where the oldest turn that may be folded starts, or -1. A turn is an answer of the model and
   * the message right after it (its calls' results, or a correction); questions the user asked
   * between runs are not turns and stay where they are. The newest turn always stays.
   */
  private static int oldestFoldableTurn(List<Message> view) {
    int oldest = -1;
    int turns = 0;
    for (int i = 1; i + 1 < view.size(); i++) {
      if (view.get(i) instanceof Message.Assistant
          && !(view.get(i + 1) instanceof Message.Assistant)) {
        oldest = oldest < 0 ? i : oldest;
        turns++;
      }
    }
    return turns >= 2 ? oldest : -1;
  }

  private static String foldedSection(List<String> summary) {
    StringBuilder text =
        new StringBuilder("\n\n[Earlier turns, folded to fit the context budget]\n");
    int omitted = Math.max(0, summary.size() - MAX_SUMMARY_LINES);
    if (omitted > 0) {
      text.append("- (%d older turns omitted)\n".formatted(omitted));
    }
    for (String line : summary.subList(omitted, summary.size())) {
      text.append("- ").append(line).append('\n');
    }
    return text.toString();
  }

  private static String summarise(int turn, Message.Assistant asked, Message answer) {
    StringBuilder line = new StringBuilder("turn ").append(turn).append(": ");
    if (asked.toolCalls().isEmpty()) {
      line.append("answered without a tool call");
    }
    for (ToolCall call : asked.toolCalls()) {
      line.append("called ").append(call.name()).append(' ').append(call.arguments()).append("; ");
    }
    if (answer instanceof Message.ToolResults results) {
      for (Message.ToolResultBlock result : results.results()) {
        line.append(result.isError() ? "error: " : "got: ")
            .append(firstMeaningfulLine(result.content()))
            .append("; ");
      }
    }
    return clip(line.toString().strip(), SUMMARY_LINE_CHARS);
  }

  private static String firstMeaningfulLine(String content) {
    return content.lines().filter(l -> !l.isBlank()).findFirst().orElse("(empty)").strip();
  }

  private boolean fits(List<Message> view, int fixedTokens) {
    return fixedTokens + counter.count(view) <= budget;
  }

  private static int lastObservationIndex(List<Message> view) {
    for (int i = view.size() - 1; i > 0; i--) {
      if (view.get(i) instanceof Message.ToolResults) {
        return i;
      }
    }
    return view.size();
  }

  /**
   * The observation shrunk, remembered: every turn the same older observations shrink the same way,
   * and excerpting each of them anew made a turn cost grow with the conversation.
   */
  private Message.ToolResults shrunk(Message.ToolResults results, int maxChars) {
    Shrinking key = new Shrinking(results, maxChars);
    Message.ToolResults known = shrunk.get(key);
    if (known == null) {
      known = shrink(results, maxChars);
      if (shrunk.size() >= REMEMBERED) {
        shrunk.clear();
      }
      shrunk.put(key, known);
    }
    return known;
  }

  private record Shrinking(Message.ToolResults results, int maxChars) {}

  private static Message.ToolResults shrink(Message.ToolResults results, int maxChars) {
    List<Message.ToolResultBlock> blocks = new ArrayList<>();
    for (Message.ToolResultBlock block : results.results()) {
      String content = Excerpt.of(block.content(), maxChars, "to fit the context budget");
      blocks.add(
          new Message.ToolResultBlock(block.callId(), block.toolName(), content, block.isError()));
    }
    return new Message.ToolResults(blocks);
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 3) + "...";
  }
}
