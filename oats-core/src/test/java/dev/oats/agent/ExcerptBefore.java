package dev.oats.agent;

import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Excerpt as it was before it worked on positions in the text instead of copies of its lines: the
 * reference the faster one must agree with, character for character.
 */
final class ExcerptBefore {

  /**
   * Words of lines that look like trouble, matched anywhere in a line, ignoring ASCII case. Plain
   * substring searches of the lower-cased line: a case-insensitive regular expression of these
   * alternatives tried every word at every position, and cost most of the time of a turn whose tool
   * printed a few thousand lines.
   */
  private static final List<String> TROUBLE =
      List.of(
          "error",
          "warn",
          "fail",
          "fatal",
          "exception",
          "panic",
          "denied",
          "forbidden",
          "killed",
          "oom",
          "refused",
          "timeout",
          "timed out",
          "crash",
          "backoff",
          "unhealthy",
          "not found",
          "evict",
          "unschedulable",
          "exit code");

  /** The words of the most severe trouble, looked for first: fatal errors, exceptions, refusals. */
  private static final List<String> SEVERE =
      List.of(
          "fatal",
          "panic",
          "exception",
          "caused by",
          "oom",
          "killed",
          "denied",
          "forbidden",
          "refused",
          "exit code",
          "crash");

  /** The kinds of trouble lines, the most severe first. */
  private static final List<Predicate<String>> KINDS =
      List.of(ExcerptBefore::looksSevere, ExcerptBefore::looksLikeTrouble);

  private static final Pattern DIGITS = Pattern.compile("[0-9]+");
  private static final int MAX_LINE_CHARS = 400;

  private ExcerptBefore() {}

  /**
   * The text itself when it fits, else an excerpt of at most about {@code maxChars} characters.
   *
   * @param why what to say about the cut, such as "to fit the output limit"
   */
  static String of(String text, int maxChars, String why) {
    if (text.length() <= maxChars) {
      return text;
    }
    List<String> lines = text.lines().map(ExcerptBefore::clip).toList();
    int headBudget = maxChars * 2 / 5;
    int tailBudget = maxChars * 3 / 10;
    boolean[] keep = new boolean[lines.size()];
    int used = takeFromStart(lines, keep, headBudget);
    used += takeFromEnd(lines, keep, tailBudget);
    used += takeTrouble(lines, keep, maxChars - used);
    return render(
        lines,
        keep,
        new String[lines.size()],
        text.length(),
        why,
        "narrow the query (a filter, fewer lines, a shorter time range) to see the rest");
  }

  /**
   * The text itself when it fits, else a shorter excerpt than {@link #of} for an observation the
   * model has already read whole: the first lines (what was run, a header), the lines that look
   * like trouble, the most severe first (fatal errors, exceptions and refusals before other errors
   * and warnings) and each kind of line once whatever its numbers, then the last line.
   */
  static String evidence(String text, int maxChars, String why) {
    return evidence(
        text,
        maxChars,
        why,
        "narrow the query (a filter, fewer lines, a shorter time range) to see the rest");
  }

  /**
   * An evidence excerpt, as {@link #evidence(String, int, String)}, that says how often each kept
   * trouble line's kind occurs ({@code [+N more like this]}) and ends its note with {@code more}:
   * how to see the rest.
   */
  static String evidence(String text, int maxChars, String why, String more) {
    if (text.length() <= maxChars) {
      return text;
    }
    List<String> lines = text.lines().map(ExcerptBefore::clip).toList();
    boolean[] keep = new boolean[lines.size()];
    int used = takeFromStart(lines, keep, maxChars / 5);
    int last = lines.size() - 1;
    // The last line, and the one before it when the last is a note (of an excerpt made before).
    int tailFrom = isNote(lines.get(last)) && last > 0 && !keep[last - 1] ? last - 1 : last;
    int tail = 0;
    for (int i = tailFrom; i <= last; i++) {
      tail += keep[i] ? 0 : lines.get(i).length() + 1;
    }
    if (tail > (tailFrom < last ? maxChars / 3 : maxChars / 5)) {
      tail = 0;
    }
    // Each kind of trouble line once: its shape (digits as #) and how many lines have it.
    String[] shapes = new String[lines.size()];
    java.util.Map<String, Integer> counts = new java.util.HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      if (looksLikeTrouble(lines.get(i))) {
        shapes[i] = DIGITS.matcher(lines.get(i)).replaceAll("#");
        counts.merge(shapes[i], 1, Integer::sum);
      }
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    String[] notes = new String[lines.size()];
    for (Predicate<String> kind : KINDS) {
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (keep[i] || shapes[i] == null || !kind.test(line) || seen.contains(shapes[i])) {
          continue;
        }
        int others = counts.get(shapes[i]) - 1;
        String note = others > 0 ? " [+" + others + " more like this]" : "";
        if (used + tail + line.length() + note.length() + 1 <= maxChars) {
          seen.add(shapes[i]);
          keep[i] = true;
          notes[i] = note;
          used += line.length() + note.length() + 1;
        }
      }
    }
    if (tail > 0) {
      java.util.Arrays.fill(keep, tailFrom, last + 1, true);
    }
    return render(lines, keep, notes, text.length(), why, more);
  }

  private static boolean isNote(String line) {
    return line.startsWith("[") && line.endsWith("]");
  }

  /** The first of the most severe lines, if any line looks like trouble. */
  static java.util.Optional<String> worstLine(String text) {
    for (Predicate<String> kind : KINDS) {
      java.util.Optional<String> found = text.lines().filter(kind).findFirst().map(String::strip);
      if (found.isPresent()) {
        return found;
      }
    }
    return java.util.Optional.empty();
  }

  private static int takeFromStart(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = 0; i < lines.size() && used + lines.get(i).length() + 1 <= budget; i++) {
      keep[i] = true;
      used += lines.get(i).length() + 1;
    }
    return used;
  }

  private static int takeFromEnd(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = lines.size() - 1; i >= 0 && !keep[i]; i--) {
      if (used + lines.get(i).length() + 1 > budget) {
        break;
      }
      keep[i] = true;
      used += lines.get(i).length() + 1;
    }
    return used;
  }

  private static int takeTrouble(List<String> lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!keep[i] && used + line.length() + 1 <= budget && looksLikeTrouble(line)) {
        keep[i] = true;
        used += line.length() + 1;
      }
    }
    return used;
  }

  static boolean looksLikeTrouble(String line) {
    return containsAny(line, TROUBLE);
  }

  static boolean looksSevere(String line) {
    return containsAny(line, SEVERE);
  }

  private static boolean containsAny(String line, List<String> words) {
    String lower = asciiLowerCase(line);
    for (String word : words) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** Only A-Z change, as in a case-insensitive match without Unicode case folding. */
  private static String asciiLowerCase(String text) {
    char[] chars = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        if (chars == null) {
          chars = text.toCharArray();
        }
        chars[i] = (char) (c + ('a' - 'A'));
      }
    }
    return chars == null ? text : new String(chars);
  }

  private static String render(
      List<String> lines,
      boolean[] keep,
      String[] notes,
      int originalChars,
      String why,
      String more) {
    StringBuilder out = new StringBuilder();
    int keptLines = 0;
    int skipped = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (!keep[i]) {
        skipped++;
        continue;
      }
      if (skipped > 0) {
        out.append("[... ").append(skipped).append(" lines cut ...]\n");
        skipped = 0;
      }
      out.append(lines.get(i));
      if (notes[i] != null) {
        out.append(notes[i]);
      }
      out.append('\n');
      keptLines++;
    }
    if (skipped > 0) {
      out.append("[... ").append(skipped).append(" lines cut ...]\n");
    }
    out.append(
        "[%d of %d lines (%,d characters) kept %s; %s]"
            .formatted(keptLines, lines.size(), originalChars, why, more));
    return out.toString();
  }

  private static String clip(String line) {
    return line.length() <= MAX_LINE_CHARS
        ? line
        : line.substring(0, MAX_LINE_CHARS) + "... [line cut]";
  }
}
