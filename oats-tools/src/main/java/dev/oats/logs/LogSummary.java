package dev.oats.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What a log says, condensed for a model: totals, errors over time, what the filters left out and
 * why, and the templates ranked by severity then by how anomalous they are, each with its count,
 * first and last time, the range of its numeric variables and, where it adds information, an
 * example (a stack trace folded into its exception, top frames and repeated frame).
 *
 * @param lines the lines read
 * @param events the events kept: lines that start an event, within the time window and level
 * @param foldedLines continuation lines (stack-trace frames and the like) folded into their event
 * @param filteredEvents events left out by the time window or the minimum level
 * @param first the time of the first event kept, or null when no event has a timestamp
 * @param last the time of the last event kept, or null
 * @param levels how many events kept have each level
 * @param bucketWidth the width of the time buckets, or null without timestamps
 * @param buckets errors and warnings per time bucket, in time order
 * @param templateCount how many templates the events fall into (those still kept); a template seen
 *     at several levels has several entries in {@code templates}
 * @param evictedTemplates how many rarely seen templates were dropped to respect the memory cap
 * @param templates the templates by level, ranked: most severe first, then most anomalous
 * @param hasLevels whether any line of the log names its level (a header level, not a word of the
 *     message): without, "no errors" means nothing, and the templates are ranked by anomaly
 * @param filters what the time window and the minimum level left out, and why
 */
public record LogSummary(
    long lines,
    long events,
    long foldedLines,
    long filteredEvents,
    Instant first,
    Instant last,
    Map<LogLevel, Long> levels,
    Duration bucketWidth,
    List<Bucket> buckets,
    int templateCount,
    long evictedTemplates,
    List<TemplateSummary> templates,
    boolean hasLevels,
    Filters filters) {

  /** How many characters of a template or example line are kept. */
  private static final int EXAMPLE_LINE_LENGTH = 240;

  /** Below this budget the header is written in its compact form. */
  private static final int COMPACT_BUDGET = 700;

  /**
   * One time bucket.
   *
   * @param start the start of the bucket
   * @param errors events of level ERROR or worse in it
   * @param warnings events of level WARN in it
   */
  public record Bucket(Instant start, long errors, long warnings) {}

  /**
   * The values one numeric variable of a template took (a duration, a size, a count).
   *
   * @param label the key of its {@code key=value} pair, or the word before it
   * @param unit its unit as written ({@code ms}, {@code seconds}, {@code %}), maybe empty
   * @param keyed whether the label is the key of a {@code key=value} pair
   * @param count how many values were seen
   * @param min the smallest value
   * @param p50 the median, from a bounded sample
   * @param p90 the 90th percentile, from the sample
   * @param p99 the 99th percentile, from the sample
   * @param max the largest value
   */
  public record NumberSummary(
      String label,
      String unit,
      boolean keyed,
      long count,
      double min,
      double p50,
      double p90,
      double p99,
      double max) {

    /** {@code in: 5 to 10.01 seconds (p50 9.01, p90 10.01; 19 values)}, or {@code always 2}. */
    public String render() {
      String u = unit.isEmpty() ? "" : unit.equals("%") ? "%" : " " + unit;
      if (min == max) {
        // The template masks it, but it never changed: say its one value.
        return keyed
            ? label + "=" + number(min) + unit + " in all " + count
            : label + ": always " + number(min) + u + " (" + count + " values)";
      }
      StringBuilder b = new StringBuilder();
      b.append(label).append(": ").append(number(min)).append(" to ").append(number(max)).append(u);
      b.append(" (p50 ").append(number(p50));
      if (count >= 10) {
        b.append(", p90 ").append(number(p90));
      }
      if (count >= 100) {
        b.append(", p99 ").append(number(p99));
      }
      return b.append("; ").append(count).append(" values)").toString();
    }

    private static String number(double v) {
      if (v == Math.rint(v) && Math.abs(v) < 1e15) {
        return Long.toString((long) v);
      }
      String s = String.format(java.util.Locale.ROOT, "%.3f", v);
      s = s.replaceAll("0+$", "");
      return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
  }

  /**
   * One template at one level, and what the log says about it. A template logged at several levels
   * (an access log's 200s and 503s) has one entry per level.
   *
   * @param id the template id, as {@code oats logs templates} prints it
   * @param template the template text, variables as {@code <*>}
   * @param level the level of these events
   * @param count how many events it has at this level
   * @param first the time of its first event, or null without timestamps
   * @param last the time of its last event, or null
   * @param example its first event as written; a stack trace folded into its exception lines, top
   *     frames and most repeated frame with its count
   * @param isNew whether it first appeared only in the recent part of the log
   * @param numbers the ranges of its numeric variables that varied
   * @param signals why it ranks where it does: a failure word, {@code slow}, {@code burst}, {@code
   *     NEW}; empty when nothing about it is anomalous
   * @param exampleAddsInformation whether the example says more than the template and the number
   *     ranges (a stack trace, or a value of a variable that is not a number)
   */
  public record TemplateSummary(
      int id,
      String template,
      LogLevel level,
      long count,
      Instant first,
      Instant last,
      String example,
      boolean isNew,
      List<NumberSummary> numbers,
      List<String> signals,
      boolean exampleAddsInformation) {

    /** Copies the lists. */
    public TemplateSummary {
      numbers = List.copyOf(numbers);
      signals = List.copyOf(signals);
    }
  }

  /**
   * What the filters left out, so that an empty or thin summary says why.
   *
   * @param minLevel the minimum level asked for, or {@link LogLevel#UNKNOWN} for none
   * @param byLevel events left out for their level, per level
   * @param since the lower time bound asked for, or null
   * @param until the upper time bound asked for, or null
   * @param byTime timestamped events left out by the time window
   * @param firstLeftOut the time of the earliest event left out by the window, or null
   * @param lastLeftOut the time of the latest event left out by the window, or null
   * @param keptWithoutTime events kept although the window was set, because they have no timestamp
   */
  public record Filters(
      LogLevel minLevel,
      Map<LogLevel, Long> byLevel,
      Instant since,
      Instant until,
      long byTime,
      Instant firstLeftOut,
      Instant lastLeftOut,
      long keptWithoutTime) {

    /** No filter asked for. */
    public static Filters none() {
      return new Filters(LogLevel.UNKNOWN, Map.of(), null, null, 0, null, null, 0);
    }

    /** Copies the map. */
    public Filters {
      byLevel = Map.copyOf(byLevel);
    }

    long leftOutByLevel() {
      return byLevel.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Copies the collections so that the summary cannot change. */
  public LogSummary {
    levels = Map.copyOf(levels);
    buckets = List.copyOf(buckets);
    templates = List.copyOf(templates);
  }

  /** Events of level ERROR or worse. */
  public long errors() {
    return count(LogLevel.ERROR) + count(LogLevel.FATAL);
  }

  /** Events of level WARN. */
  public long warnings() {
    return count(LogLevel.WARN);
  }

  private long count(LogLevel level) {
    return levels.getOrDefault(level, 0L);
  }

  /**
   * The summary as compact text of at most {@code budget} characters: totals, what the filters left
   * out, the error timeline while it is short beside the budget, then the ranked templates. Every
   * template shown first gets its one line; then, in rank order, the ranges of its numbers and the
   * examples that add information; then more templates while room is left. The top template always
   * appears, cut if it must be.
   */
  public String render(int budget) {
    boolean compact = budget < COMPACT_BUDGET;
    StringBuilder out = new StringBuilder();
    appendBounded(out, compact ? compactOverview() : overview(), budget);
    appendBounded(out, filterLines(), budget);
    if (!compact) {
      appendBounded(out, levelLine(), budget);
      String timeline = timeline();
      appendBounded(out, timeline.length() <= budget / 10 ? timeline : peakLine(), budget);
    }
    if (templates.isEmpty()) {
      appendBounded(out, emptyLine(), budget);
      return out.toString();
    }
    if (!compact) {
      appendBounded(out, templatesHeading(), budget);
    }
    appendTemplates(out, budget);
    return out.toString();
  }

  private void appendTemplates(StringBuilder out, int budget) {
    int n = templates.size();
    String[] lines = new String[n];
    String[] numbers = new String[n];
    String[] examples = new String[n];
    int shown = 0;
    int used = out.length();
    // First pass: one line per template while half of the room is left for details. With little
    // room, lines are cut shorter so that the first few templates all get one.
    int firstPassLimit = used + (budget - used) / 2;
    int standingOut = (int) templates.stream().filter(LogSummary::standsOut).limit(5).count();
    int lineLength =
        Math.max(100, Math.min(EXAMPLE_LINE_LENGTH, (budget - used) / Math.max(1, standingOut)));
    while (shown < n) {
      String line = headLine(shown + 1, templates.get(shown), lineLength);
      int reserve = shown + 1 < n ? notShown(shown + 1).length() : 0;
      if (used + line.length() + reserve > (shown == 0 ? budget : firstPassLimit)) {
        if (shown == 0) {
          // The top template always appears, cut to the room there is.
          int room = budget - used - 1;
          if (room > 4) {
            lines[0] =
                dev.oats.redact.SafeCut.head(line, Math.min(line.length() - 1, room - 3)) + "...\n";
            used += lines[0].length();
            shown = 1;
          }
        }
        break;
      }
      lines[shown++] = line;
      used += line.length();
    }
    // Second pass, details: the stack traces of the errors, warnings and anomalous templates,
    // then the number ranges, then more templates, then the other examples.
    String[][] exampleParts = new String[shown][];
    for (int i = 0; i < shown; i++) {
      exampleParts[i] = exampleParts(templates.get(i));
      examples[i] = "";
    }
    int moreLine = shown < n ? notShown(shown).length() : 0;
    used = addExamples(exampleParts, examples, Detail.STANDOUT_TRACE, used, budget - moreLine);
    for (int i = 0; i < shown; i++) {
      String number = numberLines(templates.get(i));
      if (!number.isEmpty() && used + number.length() + moreLine <= budget) {
        numbers[i] = number;
        used += number.length();
      }
    }
    // Third pass: more templates, one line each, while they fit.
    while (shown < n) {
      String line = headLine(shown + 1, templates.get(shown), lineLength);
      int reserve = shown + 1 < n ? notShown(shown + 1).length() : 0;
      if (used + line.length() + reserve > budget) {
        break;
      }
      lines[shown++] = line;
      used += line.length();
    }
    moreLine = shown < n ? notShown(shown).length() : 0;
    exampleParts = java.util.Arrays.copyOf(exampleParts, shown);
    for (int i = 0; i < shown; i++) {
      if (exampleParts[i] == null) {
        exampleParts[i] = exampleParts(templates.get(i));
        examples[i] = "";
      }
    }
    used = addExamples(exampleParts, examples, Detail.VALUES, used, budget - moreLine);
    used = addExamples(exampleParts, examples, Detail.OTHER_TRACE, used, budget - moreLine);
    for (int i = 0; i < shown; i++) {
      out.append(lines[i]);
      if (numbers[i] != null) {
        out.append(numbers[i]);
      }
      if (examples[i] != null) {
        out.append(examples[i]);
      }
    }
    if (shown < n) {
      appendBounded(out, notShown(shown), budget);
    }
  }

  /**
   * Adds example lines a line at a time round the templates (those that stand out, or the others),
   * in rank order, so that two stack traces each keep their exception and top frames rather than
   * one keeping all of its own; the characters used after.
   */
  private int addExamples(String[][] parts, String[] examples, Detail kind, int used, int limit) {
    int[] taken = new int[parts.length];
    boolean added = true;
    while (added) {
      added = false;
      for (int i = 0; i < parts.length; i++) {
        if (detailOf(templates.get(i)) != kind || taken[i] >= parts[i].length) {
          continue;
        }
        int next = examples[i].isEmpty() ? 0 : examples[i].split("\n", -1).length - 1;
        if (next >= parts[i].length) {
          continue;
        }
        String part = parts[i][next];
        if (used + part.length() <= limit) {
          examples[i] += part;
          used += part.length();
          taken[i]++;
          added = true;
        } else {
          // Lines after one that does not fit would read out of order.
          taken[i] = parts[i].length;
        }
      }
    }
    return used;
  }

  /** What an example adds, which decides when it gets room. */
  private enum Detail {
    /** A stack trace or detail lines of an error, a warning or an anomalous template. */
    STANDOUT_TRACE,
    /** One line: the values of the template's variables in one event. */
    VALUES,
    /** Detail lines of an ordinary template. */
    OTHER_TRACE
  }

  private static Detail detailOf(TemplateSummary t) {
    boolean trace = t.example().indexOf('\n') >= 0;
    if (!trace) {
      return Detail.VALUES;
    }
    return standsOut(t) ? Detail.STANDOUT_TRACE : Detail.OTHER_TRACE;
  }

  /** An error, a warning, or a template with something anomalous about it. */
  private static boolean standsOut(TemplateSummary t) {
    return t.level().isWarningOrWorse() || !t.signals().isEmpty();
  }

  private static String[] exampleParts(TemplateSummary t) {
    String example = exampleLines(t);
    return example.isEmpty() ? new String[0] : example.split("(?<=\n)");
  }

  private static void appendBounded(StringBuilder out, String text, int budget) {
    if (text.isEmpty()) {
      return;
    }
    int room = budget - out.length();
    if (text.length() <= room) {
      out.append(text);
    } else if (room > 4) {
      out.append(text, 0, room - 4).append("...\n");
    }
  }

  private String overview() {
    StringBuilder b = new StringBuilder();
    b.append(lines).append(" lines, ").append(events).append(" events");
    if (foldedLines > 0) {
      b.append(" (").append(foldedLines).append(" continuation lines folded)");
    }
    if (filteredEvents > 0) {
      b.append(", ").append(filteredEvents).append(" events left out by the filters");
    }
    if (first != null) {
      b.append(", ").append(time(first)).append(" to ").append(time(last));
    }
    return b.append('\n').toString();
  }

  /** Totals and levels on one short line, for small budgets. */
  private String compactOverview() {
    StringBuilder b = new StringBuilder();
    b.append(lines).append(" lines");
    if (filteredEvents > 0) {
      b.append(", ").append(filteredEvents).append(" filtered");
    }
    if (!hasLevels) {
      b.append(", no levels");
    } else {
      b.append("; errors ").append(errors()).append(", warnings ").append(warnings());
    }
    return b.append('\n').toString();
  }

  private String levelLine() {
    if (!hasLevels) {
      StringBuilder b = new StringBuilder("levels: none (no line of this log names its level)");
      long inferred = errors() + warnings();
      if (inferred > 0) {
        b.append("; read as errors or warnings by their words: ").append(inferred);
      }
      return b.append('\n').toString();
    }
    StringBuilder b = new StringBuilder("levels:");
    LogLevel[] order = LogLevel.values();
    for (int i = order.length - 1; i >= 0; i--) {
      long n = count(order[i]);
      if (n > 0) {
        b.append(' ')
            .append(order[i] == LogLevel.UNKNOWN ? "without-level" : order[i].name())
            .append(' ');
        b.append(n);
      }
    }
    return b.append('\n').toString();
  }

  /** What the filters left out and why; empty when they left out nothing. */
  private String filterLines() {
    if (filters == null || filteredEvents == 0 && filters.keptWithoutTime() == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    long byLevel = filters.leftOutByLevel();
    if (byLevel > 0) {
      b.append("filter: level ")
          .append(filters.minLevel().name())
          .append(" or worse left out ")
          .append(byLevel)
          .append(" events (");
      boolean firstLevel = true;
      for (LogLevel level : LogLevel.values()) {
        Long n = filters.byLevel().get(level);
        if (n != null && n > 0) {
          b.append(firstLevel ? "" : ", ")
              .append(level == LogLevel.UNKNOWN ? "no level" : level.name())
              .append(' ')
              .append(n);
          firstLevel = false;
        }
      }
      b.append(')');
      if (!hasLevels) {
        b.append(": this log names no levels, so a level filter only keeps lines whose words")
            .append(" read as errors or warnings; analyse it without the level filter");
      }
      b.append('\n');
    }
    if (filters.byTime() > 0) {
      b.append("filter: time window");
      if (filters.since() != null) {
        b.append(" from ").append(time(filters.since()));
      }
      if (filters.until() != null) {
        b.append(" until ").append(time(filters.until()));
      }
      b.append(" left out ")
          .append(filters.byTime())
          .append(" timestamped events (")
          .append(time(filters.firstLeftOut()))
          .append(" to ")
          .append(time(filters.lastLeftOut()))
          .append(')');
      if (first == null) {
        b.append(": no timestamped event is inside the window");
      }
      b.append('\n');
    }
    if (filters.keptWithoutTime() > 0 && filters.byTime() > 0) {
      b.append("filter: ")
          .append(filters.keptWithoutTime())
          .append(" events kept have no timestamp of their own, so the window cannot place them\n");
    }
    return b.toString();
  }

  private String emptyLine() {
    if (filteredEvents > 0) {
      return "nothing left after the filters: widen the time window or lower the level\n";
    }
    return "no events\n";
  }

  private String timeline() {
    if (bucketWidth == null || buckets.isEmpty()) {
      return "";
    }
    long peak = 0;
    Instant peakAt = null;
    StringBuilder counts = new StringBuilder();
    for (Bucket bucket : buckets) {
      counts.append(' ').append(bucket.errors());
      if (bucket.errors() > peak) {
        peak = bucket.errors();
        peakAt = bucket.start();
      }
    }
    if (peak == 0) {
      // Without levels, no error counted is no news.
      return hasLevels ? "errors: none\n" : "";
    }
    return "errors per "
        + duration(bucketWidth)
        + " from "
        + time(buckets.get(0).start())
        + ":"
        + counts
        + " (peak "
        + peak
        + " at "
        + time(peakAt)
        + ")\n";
  }

  /** The timeline's peak alone, when the whole timeline would take too much of the budget. */
  private String peakLine() {
    long peak = 0;
    Instant peakAt = null;
    for (Bucket bucket : buckets) {
      if (bucket.errors() > peak) {
        peak = bucket.errors();
        peakAt = bucket.start();
      }
    }
    if (peak == 0) {
      return bucketWidth != null && hasLevels ? "errors: none\n" : "";
    }
    if (peak == 1) {
      // One error at a time: the templates say as much.
      return "";
    }
    return "errors peak " + peak + " per " + duration(bucketWidth) + " at " + time(peakAt) + "\n";
  }

  private String templatesHeading() {
    StringBuilder b =
        new StringBuilder()
            .append(templateCount)
            .append(templateCount == 1 ? " template" : " templates");
    if (templates.size() > templateCount) {
      b.append(" (").append(templates.size()).append(" with their levels)");
    }
    if (evictedTemplates > 0) {
      b.append(", ").append(evictedTemplates).append(" rare ones dropped");
    }
    if (!hasLevels) {
      return b.append(
              "; no levels (shown as -), so ranked by anomaly: failure words, slow, burst, NEW,"
                  + " rare\n")
          .toString();
    }
    return b.append(", ranked by level then anomaly (NEW = first seen late, - = no level)\n")
        .toString();
  }

  private String notShown(int shown) {
    int more = templates.size() - shown;
    return "... " + more + (more == 1 ? " more template" : " more templates") + " not shown\n";
  }

  /**
   * The template's one line: rank, level, count, times, signals, and the template; a template seen
   * once shows its line as written instead, values and all.
   */
  private String headLine(int rank, TemplateSummary t, int length) {
    StringBuilder b = new StringBuilder();
    b.append(rank).append(". ").append(t.level() == LogLevel.UNKNOWN ? "-" : t.level().name());
    b.append(" x").append(t.count());
    boolean once = t.count() == 1;
    if (t.first() != null && !once) {
      b.append(' ').append(shortTime(t.first()));
      if (!t.last().equals(t.first())) {
        b.append("..").append(shortTime(t.last()));
      }
    }
    for (String signal : t.signals()) {
      b.append(' ').append(signal);
    }
    b.append(" [T").append(t.id()).append("] ");
    String text = once ? firstLine(t.example()) : t.template();
    b.append(text.isEmpty() ? t.template() : text);
    if (b.length() > length) {
      b.setLength(length - 3);
      b.append("...");
    }
    return b.append('\n').toString();
  }

  /** The time of day alone when the whole log is within one day (the overview gives the date). */
  private String shortTime(Instant instant) {
    String full = time(instant);
    boolean oneDay =
        first != null
            && first.truncatedTo(ChronoUnit.DAYS).equals(last.truncatedTo(ChronoUnit.DAYS));
    return oneDay ? full.substring(11) : full;
  }

  private static String numberLines(TemplateSummary t) {
    StringBuilder b = new StringBuilder();
    for (NumberSummary number : t.numbers()) {
      b.append("   ").append(number.render()).append('\n');
    }
    return b.toString();
  }

  /** The example, where it says more than the line above it; else empty. */
  private static String exampleLines(TemplateSummary t) {
    if (!t.exampleAddsInformation() || t.example().isEmpty()) {
      return "";
    }
    String[] exampleLines = t.example().split("\n", -1);
    boolean once = t.count() == 1;
    StringBuilder b = new StringBuilder();
    for (int i = once ? 1 : 0; i < exampleLines.length; i++) {
      b.append(i == 0 ? "   e.g. " : "        ").append(truncate(exampleLines[i])).append('\n');
    }
    return b.toString();
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static String truncate(String line) {
    return line.length() <= EXAMPLE_LINE_LENGTH
        ? line
        : dev.oats.redact.SafeCut.head(line, EXAMPLE_LINE_LENGTH - 3) + "...";
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static String duration(Duration d) {
    long seconds = d.getSeconds();
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
