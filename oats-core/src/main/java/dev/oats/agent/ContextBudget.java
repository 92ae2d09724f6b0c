package dev.oats.agent;

import dev.oats.model.Message;
import dev.oats.model.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits a conversation into the token budget without losing what matters, in steps a prompt cache
 * can live with.
 *
 * <p>The full conversation is never changed: each turn a view of it is made. A provider's prompt
 * cache only serves a request whose beginning is exactly one it has seen, and bills what it writes
 * at more than plain input, so an observation is shown the same way from the turn it arrives on: as
 * an evidence excerpt (its first lines, its trouble lines, the most severe first and each kind once
 * with how often it occurs, its last line) of a size set by the budget, which says how to read the
 * rest with {@value OutputPages#NAME}. The view then only grows at its end, each observation is
 * written to the cache once and read after. When that no longer fits, every observation is cut to a
 * shorter excerpt at once; when even that does not fit, the oldest turns fold into a short summary
 * appended to the goal, and a fold goes well below the budget so the next one is many turns away.
 * These steps only go forward within a run. The goal and the tool definitions are never cut.
 */
public final class ContextBudget {

  /** The least an older observation keeps, in characters, however small the budget. */
  static final int MIN_EXCERPT_CHARS = 1_500;

  /** A fold leaves the view at this share of the budget, so the next fold is turns away. */
  private static final double FOLD_TO = 0.6;

  private static final String WHY = "to fit the context budget";

  /** What {@link Excerpt} says in an excerpt this class made. */
  private static final String CUT_NOTE = "kept " + WHY + ";";

  private static final int SUMMARY_LINE_CHARS = 320;
  private static final int MAX_SUMMARY_LINES = 40;

  private final int budget;
  private final TokenCounter counter;

  /**
   * The excerpts of the observations of the conversation this budget fits, by the very observation
   * (and size): the conversation keeps its messages from turn to turn, and each view looks up every
   * observation again, so a hit costs no hash of the observation's blocks (a record's hash, through
   * method handles, walks every block). Emptied past {@value #SEEN_MOST}.
   */
  private final Map<Message.ToolResults, Shrunk> seen =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  private static final int SEEN_MOST = 512;

  /**
   * Excerpts already made, by value (an equal observation in another object, such as one rebuilt
   * from the events), the least recently used dropped past a few investigations' worth.
   */
  private final Map<Cut, Message.ToolResults> excerpts =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Cut, Message.ToolResults> eldest) {
              return size() > 512;
            }
          });

  /**
   * How far a conversation is compacted. Within a run it only goes forward, so the view's beginning
   * stays what earlier requests sent.
   *
   * @param shorter whether older observations are cut to the shorter excerpt
   * @param foldedTurns how many of the oldest turns are folded into the summary
   */
  public record Compaction(boolean shorter, int foldedTurns) {
    /** Where a run starts: older observations as excerpts, nothing folded. */
    public static final Compaction START = new Compaction(false, 0);

    // Written out: a record's equals goes through method handles, which the loop, asking once a
    // turn, runs uncompiled for its first investigations in a JVM.
    @Override
    public boolean equals(Object other) {
      return other instanceof Compaction c && shorter == c.shorter && foldedTurns == c.foldedTurns;
    }

    @Override
    public int hashCode() {
      return 31 * Boolean.hashCode(shorter) + foldedTurns;
    }
  }

  /**
   * A view that fits, or is as close as the uncuttable parts allow.
   *
   * @param messages what to send
   * @param tokensBefore the estimate for the whole conversation (outputs shown as excerpts are
   *     estimated from their excerpts, not tokenized whole)
   * @param tokensAfter the estimate for the view
   * @param what what was cut, empty when nothing was
   * @param compaction how far the conversation is compacted; pass it to the next {@link #fit}
   * @param stablePrefix how many of the first messages the next view repeats unchanged if the
   *     compaction stays as it is: all of them, as an observation is shown as it will stay
   */
  public record Fitted(
      List<Message> messages,
      int tokensBefore,
      int tokensAfter,
      String what,
      Compaction compaction,
      int stablePrefix) {
    public boolean trimmed() {
      return !what.isEmpty();
    }

    /**
     * The cache breaks for this view, sent after {@code previous} (null for the first): the end of
     * the prefix the previous request wrote, when this view still starts with it, and the end of
     * this view's own stable prefix.
     */
    public List<Integer> cacheBreaks(Fitted previous) {
      List<Integer> breaks = new ArrayList<>(2);
      if (previous != null
          && previous.stablePrefix > 0
          && previous.stablePrefix < stablePrefix
          && messages
              .subList(0, previous.stablePrefix)
              .equals(previous.messages.subList(0, previous.stablePrefix))) {
        breaks.add(previous.stablePrefix - 1);
      }
      if (stablePrefix > 0) {
        breaks.add(stablePrefix - 1);
      }
      return breaks;
    }
  }

  public ContextBudget(int budget, TokenCounter counter) {
    this.budget = budget;
    this.counter = counter;
  }

  /** The first view of a conversation in a run. */
  public Fitted fit(List<Message> conversation, int fixedTokens) {
    return fit(conversation, fixedTokens, Compaction.START);
  }

  /**
   * @param conversation the goal first, then turns (an assistant message and the message answering
   *     it) and, between runs, the user's follow-up questions
   * @param fixedTokens what the system prompt and the tool definitions take
   * @param previous the compaction of the previous view of this conversation in this run, which
   *     this view keeps at least
   */
  public Fitted fit(List<Message> conversation, int fixedTokens, Compaction previous) {
    int turns = turnStarts(conversation).size();
    Compaction compaction =
        new Compaction(
            previous.shorter(), Math.min(previous.foldedTurns(), Math.max(0, turns - 1)));
    List<Message> view = render(conversation, compaction);
    int after = fixedTokens + counter.count(view);
    if (after > budget && !compaction.shorter()) {
      compaction = new Compaction(true, compaction.foldedTurns());
      view = render(conversation, compaction);
      after = fixedTokens + counter.count(view);
    }
    if (after > budget) {
      // One big step well below the budget, rather than a turn folded every turn.
      int target = (int) (budget * FOLD_TO);
      while (after > target && compaction.foldedTurns() < turns - 1) {
        compaction = new Compaction(true, compaction.foldedTurns() + 1);
        view = render(conversation, compaction);
        after = fixedTokens + counter.count(view);
      }
    }
    int before = fixedTokens + whole(conversation, compaction);
    return new Fitted(
        List.copyOf(view),
        before,
        after,
        describe(view, compaction, after),
        compaction,
        view.size());
  }

  /**
   * The view {@link #fit(List, int, Compaction)} would make, found without the tokenizer when it
   * clearly fits: every cl100k token is one byte or more, so a view whose UTF-8 bytes (with the
   * fixed part's bound) are within the budget is within it in tokens too. Loading the tokenizer's
   * table took a start's first turn 0.2-0.3 s of CPU that its first request waited for; this answer
   * needs none. Only for a view that cuts and folds nothing (the counts of what was cut are
   * reported, so those are counted): then its {@link Fitted#tokensBefore} and {@link
   * Fitted#tokensAfter} are that upper bound, not a count, and nothing reads them.
   *
   * @param fixedUpperBound at least what the system prompt and the tool definitions take
   * @return empty when the view cuts or folds something, or its bytes do not fit: then {@link
   *     #fit(List, int, Compaction)}, which counts
   */
  public java.util.Optional<Fitted> fitByBytes(
      List<Message> conversation, long fixedUpperBound, Compaction previous) {
    if (previous.foldedTurns() > 0) {
      return java.util.Optional.empty();
    }
    Compaction compaction = new Compaction(previous.shorter(), 0);
    List<Message> view = render(conversation, compaction);
    if (view.stream().anyMatch(ContextBudget::isExcerpt)) {
      return java.util.Optional.empty();
    }
    long bound = fixedUpperBound + TokenCounter.upperBound(view);
    if (bound > budget) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Fitted(List.copyOf(view), (int) bound, (int) bound, "", compaction, view.size()));
  }

  /**
   * What the whole conversation would take, sent as it is: exact for every message but the tool
   * outputs shown as excerpts, which are never sent whole and so never tokenized whole (a 16 KB
   * output cost a third of a turn to count for this figure alone); each of those is estimated from
   * its excerpt at this compaction (the one the view shows, already counted), at the excerpt's
   * tokens per character. It is the "before" of {@link dev.oats.event.AgentEvent.ContextTrimmed},
   * and decides nothing.
   */
  private int whole(List<Message> conversation, Compaction compaction) {
    int tokens = 0;
    for (Message message : conversation) {
      if (!(message instanceof Message.ToolResults results)) {
        tokens += counter.count(message);
        continue;
      }
      Message.ToolResults shown = shrink(results, excerptChars(compaction));
      if (shown == results) {
        tokens += counter.count(message);
        continue;
      }
      for (int i = 0; i < results.results().size(); i++) {
        String full = results.results().get(i).content();
        String excerpt = shown.results().get(i).content();
        tokens += TokenCounter.PER_MESSAGE_OVERHEAD;
        if (full.equals(excerpt) || excerpt.isEmpty()) {
          tokens += counter.count(full);
        } else {
          tokens += (int) ((long) counter.count(excerpt) * full.length() / excerpt.length());
        }
      }
      tokens += TokenCounter.PER_MESSAGE_OVERHEAD;
    }
    return tokens;
  }

  /**
   * What an observation keeps, in characters: about a 16th of the budget's tokens (at some four
   * characters a token), at least {@value #MIN_EXCERPT_CHARS}; the shorter excerpt keeps two fifths
   * of that. Every token shown is written to the cache once and read on every later turn, so this
   * size sets most of what a long investigation costs; the rest is a {@value OutputPages#NAME}
   * away.
   */
  int excerptChars(Compaction compaction) {
    int chars = Math.max(MIN_EXCERPT_CHARS, budget / 4);
    return compaction.shorter() ? chars * 2 / 5 : chars;
  }

  /** The conversation as sent at this compaction. */
  private List<Message> render(List<Message> conversation, Compaction compaction) {
    List<Integer> starts = turnStarts(conversation);
    int folded = compaction.foldedTurns();
    int maxChars = excerptChars(compaction);
    List<Message> view = new ArrayList<>(conversation.size());
    if (folded == 0) {
      view.add(conversation.getFirst());
    } else {
      List<String> summary = new ArrayList<>();
      for (int t = 0; t < folded; t++) {
        int at = starts.get(t);
        summary.add(
            summarise(t + 1, (Message.Assistant) conversation.get(at), conversation.get(at + 1)));
      }
      String goal = ((Message.User) conversation.getFirst()).text();
      view.add(new Message.User(goal + foldedSection(summary)));
    }
    for (int i = 1; i < conversation.size(); i++) {
      if (isFolded(starts, folded, i)) {
        continue;
      }
      Message message = conversation.get(i);
      if (message instanceof Message.ToolResults results) {
        message = shrink(results, maxChars);
      }
      view.add(message);
    }
    return view;
  }

  private static boolean isFolded(List<Integer> starts, int folded, int index) {
    for (int t = 0; t < folded; t++) {
      if (index == starts.get(t) || index == starts.get(t) + 1) {
        return true;
      }
    }
    return false;
  }

  private String describe(List<Message> view, Compaction compaction, int after) {
    List<String> parts = new ArrayList<>();
    int cut = 0;
    for (Message message : view) {
      cut += isExcerpt(message) ? 1 : 0;
    }
    if (cut > 0) {
      // Not String.formatted: "%,d" looks up the locale's number format every turn.
      StringBuilder part = new StringBuilder().append(cut).append(" older observation(s) cut to ");
      Excerpt.appendGrouped(part, excerptChars(compaction));
      parts.add(part.append(" characters").toString());
    }
    if (compaction.foldedTurns() > 0) {
      parts.add("the %d oldest turn(s) folded into a summary".formatted(compaction.foldedTurns()));
    }
    if (parts.isEmpty() && after > budget) {
      return "nothing could be cut (%d tokens)".formatted(after);
    }
    return String.join(", ", parts);
  }

  private static boolean isExcerpt(Message message) {
    if (message instanceof Message.ToolResults results) {
      for (Message.ToolResultBlock block : results.results()) {
        if (holdsCutNote(block.content())) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the text holds {@link #CUT_NOTE}: an excerpt says so on its last line, which is looked
   * at first, so the whole of each excerpt in the view is not searched every turn.
   */
  private static boolean holdsCutNote(String content) {
    int lastLine = content.lastIndexOf('\n') + 1;
    return content.indexOf(CUT_NOTE, lastLine) >= 0 || content.indexOf(CUT_NOTE) >= 0;
  }

  /**
   * Where each turn that may be folded starts, oldest first. A turn is an answer of the model and
   * the message right after it (its calls' results, or a correction); questions the user asked
   * between runs are not turns and stay where they are. The newest turn always stays.
   */
  private static List<Integer> turnStarts(List<Message> conversation) {
    List<Integer> starts = new ArrayList<>();
    for (int i = 1; i + 1 < conversation.size(); i++) {
      if (conversation.get(i) instanceof Message.Assistant
          && !(conversation.get(i + 1) instanceof Message.Assistant)) {
        starts.add(i);
      }
    }
    return starts;
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
        String first = firstMeaningfulLine(result.content());
        line.append(result.isError() ? "error: " : "got: ").append(clip(first, 120));
        // The worst line it showed, so a folded turn keeps its evidence.
        Excerpt.worstLine(result.content())
            .filter(worst -> !worst.equals(first))
            .ifPresent(worst -> line.append(" ... ").append(clip(worst, 160)));
        line.append("; ");
      }
    }
    return clip(line.toString().strip(), SUMMARY_LINE_CHARS);
  }

  private static String firstMeaningfulLine(String content) {
    return content.lines().filter(l -> !l.isBlank()).findFirst().orElse("(empty)").strip();
  }

  /**
   * The excerpt of an observation, made once: the same observation object is cut again every turn,
   * and the same excerpt object lets the token counts of earlier turns be reused.
   */
  private Message.ToolResults shrink(Message.ToolResults results, int maxChars) {
    Shrunk known = seen.get(results);
    Message.ToolResults cut = known == null ? null : known.at(maxChars);
    if (cut != null) {
      return cut;
    }
    cut = excerpts.computeIfAbsent(new Cut(results, maxChars), c -> cutTo(results, maxChars));
    synchronized (seen) {
      if (seen.size() >= SEEN_MOST) {
        seen.clear();
      }
      seen.computeIfAbsent(results, r -> new Shrunk()).put(maxChars, cut);
    }
    return cut;
  }

  /** An observation's excerpts at the two sizes a run shows it at (the excerpt, the shorter). */
  private static final class Shrunk {
    private final int[] sizes = {-1, -1};
    private final Message.ToolResults[] cuts = new Message.ToolResults[2];

    synchronized Message.ToolResults at(int maxChars) {
      return sizes[0] == maxChars ? cuts[0] : sizes[1] == maxChars ? cuts[1] : null;
    }

    synchronized void put(int maxChars, Message.ToolResults cut) {
      int slot = sizes[0] < 0 || sizes[0] == maxChars ? 0 : 1;
      sizes[slot] = maxChars;
      cuts[slot] = cut;
    }
  }

  /**
   * An observation and a size, as a key by value. Its hash is written out over the blocks' fields
   * (the content's hash is kept by the string): a record's hash, through method handles down to
   * each block's, ran uncompiled once a turn and cost more than the lookup it serves.
   */
  private record Cut(Message.ToolResults results, int maxChars) {
    @Override
    public int hashCode() {
      int hash = maxChars;
      for (Message.ToolResultBlock block : results.results()) {
        hash =
            31 * hash
                + java.util.Objects.hashCode(block.content())
                + 7 * java.util.Objects.hashCode(block.callId())
                + 13 * java.util.Objects.hashCode(block.toolName())
                + (block.isError() ? 1 : 0);
      }
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Cut cut && maxChars == cut.maxChars && results.equals(cut.results);
    }
  }

  private static Message.ToolResults cutTo(Message.ToolResults results, int maxChars) {
    List<Message.ToolResultBlock> blocks = new ArrayList<>();
    for (Message.ToolResultBlock block : results.results()) {
      String content = Excerpt.evidence(block.content(), maxChars, WHY, more(block));
      blocks.add(
          new Message.ToolResultBlock(block.callId(), block.toolName(), content, block.isError()));
    }
    // An excerpt is its output itself when the output fits, else a text made for it: the
    // observation is kept when every excerpt is its output. Asked by identity, not by the records'
    // equals, which compares through method handles that code run once a turn has seldom compiled
    // (a fifth of the budget's time in a JVM's first investigations); a cut that merely equals the
    // observation is a value like it, which nothing downstream tells apart.
    for (int i = 0; i < blocks.size(); i++) {
      if (blocks.get(i).content() != results.results().get(i).content()) {
        return new Message.ToolResults(blocks);
      }
    }
    return results;
  }

  /** How the model sees the rest of an output it was shown an excerpt of. */
  private static String more(Message.ToolResultBlock block) {
    return block.toolName().equals(OutputPages.NAME)
        ? "read_output with fewer lines shows the rest"
        : OutputPages.NAME
            + " {\"call_id\": \""
            + block.callId()
            + "\"} shows the rest (from_line and lines for a range, grep for a pattern)";
  }

  private static String clip(String text, int max) {
    return text.length() <= max ? text : dev.oats.redact.SafeCut.head(text, max - 3) + "...";
  }
}
