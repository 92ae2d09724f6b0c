package dev.oats.logs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the continuation lines of one event — a Java, Python or Go stack trace, or indented detail
 * — into what a reader needs: the exception lines ({@code Caused by:}, Python's last line, Go's
 * {@code panic:}), the top frames, and the frame repeated most with its count, which is the
 * evidence of a recursion. Memory is bounded whatever the length of the trace.
 */
final class TraceFold {

  private static final int MAX_EXCEPTIONS = 3;
  private static final int MAX_OTHER = 2;
  private static final int HEAD_FRAMES = 3;
  private static final int TAIL_FRAMES = 2;
  private static final int MAX_DISTINCT_FRAMES = 512;
  private static final int MAX_LINE = 240;

  private final String first;
  private final List<String> exceptions = new ArrayList<>();
  private final List<String> other = new ArrayList<>();
  private final List<String> head = new ArrayList<>();
  private final String[] tail = new String[TAIL_FRAMES];
  private final Map<String, Long> frameCounts = new HashMap<>();
  private int tailNext;
  private long frames;
  private long lines;
  private String lastFrame;
  private String previousKey;

  /** A fold of the event whose first line is {@code first}. */
  TraceFold(String first) {
    this.first = cut(first);
  }

  /** Adds one continuation line. */
  void add(String line) {
    lines++;
    String text = line.strip();
    if (text.isEmpty()) {
      return;
    }
    if (isFrame(text)) {
      addFrame(text);
      return;
    }
    long repeated = pythonRepeats(text);
    if (repeated > 0 && lastFrame != null) {
      frames += repeated;
      frameCounts.merge(lastFrame, repeated, Long::sum);
      return;
    }
    if (lastFrame != null && isFrameDetail(line, text)) {
      // Python's source line and Go's file:line belong to the frame above them.
      return;
    }
    if (text.startsWith("Traceback (most recent call last)") || text.startsWith("goroutine ")) {
      // Says only that a trace follows, which the frames show.
      return;
    }
    if (isExceptionLine(text)) {
      if (exceptions.size() < MAX_EXCEPTIONS) {
        exceptions.add(cut(text));
      } else {
        // The last exception line (Python's) is the one that names the error: keep it.
        exceptions.set(MAX_EXCEPTIONS - 1, cut(text));
      }
    } else if (other.size() < MAX_OTHER && !text.startsWith("...")) {
      other.add(cut(text));
    }
  }

  private void addFrame(String text) {
    frames++;
    String key = frameKey(text);
    lastFrame = key;
    if (frameCounts.containsKey(key) || frameCounts.size() < MAX_DISTINCT_FRAMES) {
      frameCounts.merge(key, 1L, Long::sum);
    }
    if (key.equals(previousKey)) {
      // A recursion: counted above, shown once.
      return;
    }
    previousKey = key;
    if (head.size() < HEAD_FRAMES) {
      head.add(cut(text));
    } else {
      tail[tailNext % TAIL_FRAMES] = cut(text);
      tailNext++;
    }
  }

  /** Whether any line was folded into the event. */
  boolean isEmpty() {
    return lines == 0;
  }

  /**
   * The event as its first line and the folded essentials, one per line, most telling first (a
   * reader with little room cuts from the end): the exception, its root cause, the top frame, the
   * repeated frame and its count (a recursion), the causes between, the other top frames, the
   * bottom frames.
   */
  String render() {
    StringBuilder b = new StringBuilder(first);
    for (String line : other) {
      b.append('\n').append(line);
    }
    if (!exceptions.isEmpty()) {
      b.append('\n').append(exceptions.get(0));
    }
    if (exceptions.size() > 1) {
      // The root cause, then the causes between.
      b.append('\n').append(exceptions.get(exceptions.size() - 1));
    }
    if (!head.isEmpty()) {
      b.append("\n  ").append(head.get(0));
    }
    Map.Entry<String, Long> top = mostRepeated();
    if (top != null && top.getValue() >= 3) {
      boolean above = !head.isEmpty() && frameKey(head.get(0)).equals(top.getKey());
      b.append("\n  [")
          .append(above ? "the frame above" : "frame " + top.getKey())
          .append(" repeated ")
          .append(top.getValue())
          .append(" times: recursive calls]");
    }
    for (int i = 1; i < exceptions.size() - 1; i++) {
      b.append('\n').append(exceptions.get(i));
    }
    for (int i = 1; i < head.size(); i++) {
      b.append("\n  ").append(head.get(i));
    }
    for (int i = Math.max(0, tailNext - TAIL_FRAMES); i < tailNext; i++) {
      String frame = tail[i % TAIL_FRAMES];
      if (!head.contains(frame)) {
        b.append("\n  ").append(frame);
      }
    }
    if (frames > head.size() + Math.min(tailNext, TAIL_FRAMES)) {
      b.append("\n  [").append(frames).append(" frames in all]");
    }
    return b.toString();
  }

  private Map.Entry<String, Long> mostRepeated() {
    Map.Entry<String, Long> top = null;
    for (Map.Entry<String, Long> e : frameCounts.entrySet()) {
      if (top == null
          || e.getValue() > top.getValue()
          || (e.getValue().equals(top.getValue()) && e.getKey().compareTo(top.getKey()) < 0)) {
        top = e;
      }
    }
    return top;
  }

  /** Java {@code at ...}, Python {@code File "...", line N, in f}, Go {@code pkg.f(...)}. */
  static boolean isFrame(String text) {
    return text.startsWith("at ")
        || text.startsWith("File \"")
        || text.startsWith("created by ")
        || isGoFunction(text);
  }

  /** {@code main.recurse(0x1f4?)} or {@code github.com/x/y.(*T).Run(...)}: a Go frame's call. */
  static boolean isGoFunction(String text) {
    int paren = text.indexOf('(');
    int space = text.indexOf(' ');
    if (paren <= 0 || !text.endsWith(")") || (space >= 0 && space < paren)) {
      return false;
    }
    if (text.startsWith("(")) {
      return false;
    }
    int dot = text.lastIndexOf('.', paren);
    return dot > 0;
  }

  private static boolean isFrameDetail(String line, String text) {
    char c = line.isEmpty() ? ' ' : line.charAt(0);
    boolean indented = c == ' ' || c == '\t';
    return indented && (text.startsWith("/") || text.contains(".go:") || !isExceptionLine(text));
  }

  /** Python's {@code [Previous line repeated 996 more times]}: the count, or 0. */
  private static long pythonRepeats(String text) {
    String prefix = "[Previous line repeated ";
    if (!text.startsWith(prefix)) {
      return 0;
    }
    int end = text.indexOf(' ', prefix.length());
    try {
      return end < 0 ? 0 : Long.parseLong(text.substring(prefix.length(), end));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean isExceptionLine(String text) {
    return text.startsWith("Caused by: ")
        || text.startsWith("panic: ")
        || text.startsWith("fatal error: ")
        || text.startsWith("Exception in thread ")
        || StackTraces.isExceptionLine(text);
  }

  /** A frame without what changes between calls of the same function: Go's arguments, offsets. */
  private static String frameKey(String text) {
    if (isGoFunction(text)) {
      int paren = text.indexOf('(', text.lastIndexOf('.'));
      return (paren > 0 ? text.substring(0, paren) : text) + "(...)";
    }
    return cut(text);
  }

  private static String cut(String line) {
    return line.length() <= MAX_LINE
        ? line
        : dev.oats.redact.SafeCut.head(line, MAX_LINE - 3) + "...";
  }
}
