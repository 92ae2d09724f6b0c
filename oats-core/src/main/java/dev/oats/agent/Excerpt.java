package dev.oats.agent;

import dev.oats.redact.LowerCaseText;
import java.util.List;
import java.util.function.Predicate;

/**
 * Cuts a long text to a size while keeping what an engineer would look at: the first lines (what
 * was run, headers), the last lines (the verdict, the newest log lines) and, from the middle, the
 * lines that look like trouble. Says how much was cut and how to see it.
 */
final class Excerpt {

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

  /**
   * Every word either list has, each a bit of a line's {@link Lines#hits}: the lines are searched
   * once for all of them, and {@link #TROUBLE_BITS} and {@link #SEVERE_BITS} say which bits make
   * which kind (so an evidence excerpt does not search the text once per list).
   */
  private static final List<String> WORDS = union(TROUBLE, SEVERE);

  private static final int TROUBLE_BITS = bits(TROUBLE);
  private static final int SEVERE_BITS = bits(SEVERE);

  /**
   * The analyses of the last outputs capped by {@link #of}, found by the very text it returned: the
   * excerpt an output becomes when the model first sees it is made from that text, and its lines
   * and trouble words are known from the cap's own pass (see {@link Lines#capped}), so the evidence
   * excerpt does not split, lower-case and search the same 16 KB again.
   */
  private static final Lines[] CAPPED = new Lines[16];

  private static int nextCapped;

  /** The kinds of trouble lines, the most severe first. */
  private static final List<Predicate<String>> KINDS =
      List.of(Excerpt::looksSevere, Excerpt::looksLikeTrouble);

  private static final int MAX_LINE_CHARS = 400;
  private static final String NARROW =
      "narrow the query (a filter, fewer lines, a shorter time range) to see the rest";
  private static final String LINE_CUT = "... [line cut]";

  private Excerpt() {}

  /**
   * The text itself when it fits, else an excerpt of at most about {@code maxChars} characters.
   *
   * @param why what to say about the cut, such as "to fit the output limit"
   */
  static String of(String text, int maxChars, String why) {
    if (text.length() <= maxChars) {
      return text;
    }
    Lines lines = new Lines(text);
    int headBudget = maxChars * 2 / 5;
    int tailBudget = maxChars * 3 / 10;
    boolean[] keep = new boolean[lines.count];
    int used = takeFromStart(lines, keep, headBudget);
    used += takeFromEnd(lines, keep, tailBudget);
    used += takeTrouble(lines, keep, maxChars - used);
    Lines shown = new Lines(text.length());
    String capped = render(lines, keep, null, text.length(), why, NARROW, shown);
    if (shown.text != null) {
      remember(shown);
    }
    return capped;
  }

  private static void remember(Lines capped) {
    synchronized (CAPPED) {
      CAPPED[nextCapped] = capped;
      nextCapped = (nextCapped + 1) % CAPPED.length;
    }
  }

  /** The analysis the cap made of this very text (not an equal one), or null. */
  static Lines cappedAnalysis(String text) {
    synchronized (CAPPED) {
      for (Lines lines : CAPPED) {
        if (lines != null && lines.text == text) {
          return lines;
        }
      }
    }
    return null;
  }

  /**
   * The text itself when it fits, else a shorter excerpt than {@link #of} for an observation the
   * model has already read whole: the first lines (what was run, a header), the lines that look
   * like trouble, the most severe first (fatal errors, exceptions and refusals before other errors
   * and warnings) and each kind of line once whatever its numbers, then the last line.
   */
  static String evidence(String text, int maxChars, String why) {
    return evidence(text, maxChars, why, NARROW);
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
    Lines lines = cappedAnalysis(text);
    if (lines == null) {
      lines = new Lines(text);
    }
    boolean[] keep = new boolean[lines.count];
    int used = takeFromStart(lines, keep, maxChars / 5);
    int last = lines.count - 1;
    // The last line, and the one before it when the last is a note (of an excerpt made before).
    int tailFrom = isNote(lines.line(last)) && last > 0 && !keep[last - 1] ? last - 1 : last;
    int tail = 0;
    for (int i = tailFrom; i <= last; i++) {
      tail += keep[i] ? 0 : lines.length(i) + 1;
    }
    if (tail > (tailFrom < last ? maxChars / 3 : maxChars / 5)) {
      tail = 0;
    }
    // Each kind of trouble line once: its shape (digits as #) and how many lines have it.
    int[] hits = lines.hits();
    int[] kindOf = shapeGroups(lines, hits);
    int[] counts = new int[lines.count];
    for (int i = 0; i < lines.count; i++) {
      if (kindOf[i] >= 0) {
        counts[kindOf[i]]++;
      }
    }
    boolean[] seen = new boolean[lines.count];
    String[] notes = new String[lines.count];
    for (int kind : new int[] {SEVERE_BITS, TROUBLE_BITS}) {
      for (int i = 0; i < lines.count; i++) {
        if (keep[i] || kindOf[i] < 0 || (hits[i] & kind) == 0 || seen[kindOf[i]]) {
          continue;
        }
        int others = counts[kindOf[i]] - 1;
        String note = others > 0 ? " [+" + others + " more like this]" : "";
        if (used + tail + lines.length(i) + note.length() + 1 <= maxChars) {
          seen[kindOf[i]] = true;
          keep[i] = true;
          notes[i] = note;
          used += lines.length(i) + note.length() + 1;
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

  private static int takeFromStart(Lines lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = 0; i < lines.count && used + lines.length(i) + 1 <= budget; i++) {
      keep[i] = true;
      used += lines.length(i) + 1;
    }
    return used;
  }

  private static int takeFromEnd(Lines lines, boolean[] keep, int budget) {
    int used = 0;
    for (int i = lines.count - 1; i >= 0 && !keep[i]; i--) {
      if (used + lines.length(i) + 1 > budget) {
        break;
      }
      keep[i] = true;
      used += lines.length(i) + 1;
    }
    return used;
  }

  private static int takeTrouble(Lines lines, boolean[] keep, int budget) {
    int used = 0;
    int[] hits = lines.hits();
    for (int i = 0; i < lines.count; i++) {
      if (!keep[i] && used + lines.length(i) + 1 <= budget && (hits[i] & TROUBLE_BITS) != 0) {
        keep[i] = true;
        used += lines.length(i) + 1;
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

  private static List<String> union(List<String> first, List<String> second) {
    List<String> words = new java.util.ArrayList<>(first);
    for (String word : second) {
      if (!words.contains(word)) {
        words.add(word);
      }
    }
    if (words.size() > Integer.SIZE) {
      throw new IllegalStateException("more trouble words than bits in an int");
    }
    return List.copyOf(words);
  }

  private static int bits(List<String> words) {
    int bits = 0;
    for (String word : words) {
      bits |= 1 << WORDS.indexOf(word);
    }
    return bits;
  }

  /** The words of {@link #WORDS} a line holds within what an excerpt shows of it, as bits. */
  private static int hitsOf(String line) {
    String lower =
        asciiLowerCase(line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS));
    int hits = 0;
    for (int w = 0; w < WORDS.size(); w++) {
      if (lower.contains(WORDS.get(w))) {
        hits |= 1 << w;
      }
    }
    return hits;
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
    return dev.oats.redact.Redactor.asciiLowerCase(text);
  }

  /**
   * For each trouble line, the first trouble line of its shape (the line as shown with every run of
   * digits as one {@code #}, so lines differing in numbers are one kind); -1 for other lines. Found
   * in a table of the shapes' hashes, each shape compared where it lies in the text: making each
   * line's shape a string to count it in a map cost a fifth of the evidence excerpt.
   */
  private static int[] shapeGroups(Lines lines, int[] hits) {
    int[] kindOf = new int[lines.count];
    int trouble = 0;
    for (int i = 0; i < lines.count; i++) {
      kindOf[i] = -1;
      trouble += (hits[i] & TROUBLE_BITS) != 0 ? 1 : 0;
    }
    int[] table = new int[Integer.highestOneBit(Math.max(1, trouble) * 2) * 2];
    int mask = table.length - 1;
    for (int i = 0; i < lines.count; i++) {
      if ((hits[i] & TROUBLE_BITS) == 0) {
        continue;
      }
      int slot = mix(lines.shapeHash(i)) & mask;
      while (true) {
        int held = table[slot] - 1;
        if (held < 0) {
          table[slot] = i + 1;
          kindOf[i] = i;
          break;
        }
        if (lines.sameShape(held, i)) {
          kindOf[i] = held;
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return kindOf;
  }

  private static int mix(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  private static String render(
      Lines lines, boolean[] keep, String[] notes, int originalChars, String why, String more) {
    return render(lines, keep, notes, originalChars, why, more, null);
  }

  /**
   * The excerpt; when {@code shown} is given, also its lines and their trouble words, as {@link
   * Lines} would find them in the excerpt: a kept line is shown as it was (clipped the same way,
   * the clipping's mark holding no word), so its words are the ones found in the text it came from;
   * the marks of cut lines and the last note are searched themselves.
   */
  private static String render(
      Lines lines,
      boolean[] keep,
      String[] notes,
      int originalChars,
      String why,
      String more,
      Lines shown) {
    int capacity = capacity(lines, keep, notes, why, more);
    StringBuilder out = new StringBuilder(capacity);
    int[] hits = shown == null ? null : lines.hits();
    int keptLines = 0;
    int skipped = 0;
    for (int i = 0; i < lines.count; i++) {
      if (!keep[i]) {
        skipped++;
        continue;
      }
      if (skipped > 0) {
        appendSkipped(out, skipped, shown);
        skipped = 0;
      }
      int start = out.length();
      lines.appendTo(out, i);
      if (notes != null && notes[i] != null) {
        out.append(notes[i]);
      }
      if (shown != null) {
        shown.add(start, out.length(), hits[i]);
      }
      out.append('\n');
      keptLines++;
    }
    if (skipped > 0) {
      appendSkipped(out, skipped, shown);
    }
    int start = out.length();
    out.append('[').append(keptLines).append(" of ").append(lines.count).append(" lines (");
    appendGrouped(out, originalChars);
    String text =
        out.append(" characters) kept ")
            .append(why)
            .append("; ")
            .append(more)
            .append(']')
            .toString();
    // The tests run with assertions: an excerpt longer than its estimate turns them red.
    assert text.length() <= capacity : "an excerpt of " + text.length() + " > " + capacity;
    if (shown != null
        && why.indexOf('\n') < 0
        && why.indexOf('\r') < 0
        && more.indexOf('\n') < 0
        && more.indexOf('\r') < 0) {
      shown.add(start, text.length(), hitsOf(text.substring(start)));
      shown.done(text);
    }
    return text;
  }

  /**
   * What {@link #render} writes, in characters, or a little more: the builder grew by doubling from
   * 256, copying the excerpt of a 16 KB output seven times (a quarter of what a turn allocated).
   */
  private static int capacity(
      Lines lines, boolean[] keep, String[] notes, String why, String more) {
    int chars = why.length() + more.length() + 80; // the last note
    boolean inCut = false;
    for (int i = 0; i < lines.count; i++) {
      if (keep[i]) {
        chars += lines.length(i) + 1;
        if (notes != null && notes[i] != null) {
          chars += notes[i].length();
        }
        inCut = false;
      } else if (!inCut) {
        chars += 40; // "[... n lines cut ...]" and its line break
        inCut = true;
      }
    }
    return chars;
  }

  private static void appendSkipped(StringBuilder out, int skipped, Lines shown) {
    int start = out.length();
    out.append("[... ").append(skipped).append(" lines cut ...]");
    if (shown != null) {
      shown.add(start, out.length(), hitsOf(out.substring(start)));
    }
    out.append('\n');
  }

  /** {@code n} with a comma between each group of three digits, as {@code %,d} writes it. */
  static void appendGrouped(StringBuilder out, int n) {
    String digits = Integer.toString(n);
    int first = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    out.append(digits, 0, first);
    for (int i = first; i < digits.length(); i += 3) {
      out.append(',').append(digits, i, i + 3);
    }
  }

  /**
   * A text's lines as {@link String#lines} splits them (at {@code \n}, {@code \r} and {@code
   * \r\n}), held as positions in the text rather than copied, each seen as an excerpt shows it:
   * clipped to {@value #MAX_LINE_CHARS} characters and marked as cut.
   */
  static final class Lines {
    String text;
    int count;
    private int[] starts;
    private int[] ends;
    private int[] hits;

    /**
     * Lines to be added one by one, as {@link #render} writes an excerpt, with the words each
     * holds; the text is set by {@link #done}. {@code expected} sizes the arrays.
     */
    private Lines(int expected) {
      int size = Math.max(16, expected / 64);
      this.starts = new int[size];
      this.ends = new int[size];
      this.hits = new int[size];
    }

    private void add(int start, int end, int words) {
      if (count == starts.length) {
        starts = java.util.Arrays.copyOf(starts, count * 2);
        ends = java.util.Arrays.copyOf(ends, count * 2);
        hits = java.util.Arrays.copyOf(hits, count * 2);
      }
      starts[count] = start;
      ends[count] = end;
      hits[count] = words;
      count++;
    }

    private void done(String text) {
      this.text = text;
    }

    /** The text's pre-scan, when this was made from a text (not added line by line). */
    private LowerCaseText scan;

    Lines(String text) {
      this.text = text;
      // Lower-cased once for the redactor and the cap (the same output), with its pairs of
      // characters (so a word the text cannot hold is not searched for) and its line feeds.
      this.scan = LowerCaseText.of(text);
      int length = text.length();
      if (scan.breaksOnlyAtNewlines()) {
        // The lines end at the line feeds the scan found: no search per line.
        int n = scan.newlineCount();
        int count = n > 0 && scan.newline(n - 1) == length - 1 ? n : n + 1;
        int[] s = new int[count];
        int[] e = new int[count];
        int at = 0;
        for (int i = 0; i < count; i++) {
          int end = i < n ? scan.newline(i) : length;
          s[i] = at;
          e[i] = end;
          at = end + 1;
        }
        this.starts = s;
        this.ends = e;
        this.count = length == 0 ? 0 : count;
        return;
      }
      int[] s = new int[64];
      int[] e = new int[64];
      int n = 0;
      boolean onlyNewlines = text.indexOf('\r') < 0;
      int at = 0;
      while (at < length) {
        int end;
        int next;
        if (onlyNewlines) {
          end = text.indexOf('\n', at);
          end = end < 0 ? length : end;
          next = end + 1;
        } else {
          end = at;
          while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
          }
          next =
              end + 1 < length && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n'
                  ? end + 2
                  : end + 1;
        }
        if (n == s.length) {
          s = java.util.Arrays.copyOf(s, n * 2);
          e = java.util.Arrays.copyOf(e, n * 2);
        }
        s[n] = at;
        e[n] = end;
        n++;
        at = next;
      }
      this.starts = s;
      this.ends = e;
      this.count = n;
    }

    /** The length of the line as shown. */
    int length(int i) {
      int length = ends[i] - starts[i];
      return length <= MAX_LINE_CHARS ? length : MAX_LINE_CHARS + LINE_CUT.length();
    }

    /** The {@code p}-th character of the line as shown: {@link #line}'s, without making it. */
    private char shownChar(int i, int p) {
      return p < MAX_LINE_CHARS || ends[i] - starts[i] <= MAX_LINE_CHARS
          ? text.charAt(starts[i] + p)
          : LINE_CUT.charAt(p - MAX_LINE_CHARS);
    }

    /**
     * The hash of the line's shape, as shown, each run of digits one {@code #}: the {@link
     * String#hashCode} of that shape.
     */
    int shapeHash(int i) {
      int length = length(i);
      int hash = 0;
      boolean inDigits = false;
      for (int p = 0; p < length; p++) {
        char c = shownChar(i, p);
        boolean digit = c >= '0' && c <= '9';
        if (!digit) {
          hash = 31 * hash + c;
        } else if (!inDigits) {
          hash = 31 * hash + '#';
        }
        inDigits = digit;
      }
      return hash;
    }

    /** Whether two lines, as shown, have the same shape (each run of digits one {@code #}). */
    boolean sameShape(int i, int j) {
      int p = 0;
      int q = 0;
      int m = length(i);
      int n = length(j);
      while (p < m && q < n) {
        char a = shownChar(i, p++);
        char b = shownChar(j, q++);
        if (a >= '0' && a <= '9') {
          while (p < m && isDigit(shownChar(i, p))) {
            p++;
          }
          a = '#';
        }
        if (b >= '0' && b <= '9') {
          while (q < n && isDigit(shownChar(j, q))) {
            q++;
          }
          b = '#';
        }
        if (a != b) {
          return false;
        }
      }
      return p == m && q == n;
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    /** The line as shown. */
    String line(int i) {
      return appendTo(new StringBuilder(length(i)), i).toString();
    }

    StringBuilder appendTo(StringBuilder out, int i) {
      if (ends[i] - starts[i] <= MAX_LINE_CHARS) {
        return out.append(text, starts[i], ends[i]);
      }
      return out.append(text, starts[i], starts[i] + MAX_LINE_CHARS).append(LINE_CUT);
    }

    /**
     * Which of {@link #WORDS} each line, as shown, contains ignoring ASCII case, as bits: each word
     * is searched through the whole lower-cased text at once rather than line by line. No word
     * holds a line break, so a match lies within one line; it counts when it lies within the part
     * shown (what the clipping appends holds no word).
     */
    int[] hits() {
      if (hits != null) {
        return hits;
      }
      LowerCaseText lower = scan != null && scan.isOf(text) ? scan : LowerCaseText.of(text);
      String lowerCase = lower.text();
      int[] found = new int[count];
      for (int w = 0; w < WORDS.size(); w++) {
        String word = WORDS.get(w);
        if (!lower.mayContain(word)) {
          continue;
        }
        int line = 0;
        for (int at = lowerCase.indexOf(word); at >= 0; ) {
          while (line + 1 < count && starts[line + 1] <= at) {
            line++;
          }
          int shownEnd = starts[line] + Math.min(ends[line] - starts[line], MAX_LINE_CHARS);
          if (at + word.length() <= shownEnd) {
            found[line] |= 1 << w;
          }
          // Any later match in this line is either found already or past what is shown.
          if (line + 1 >= count) {
            break;
          }
          at = lowerCase.indexOf(word, starts[line + 1]);
        }
      }
      hits = found;
      return found;
    }
  }
}
