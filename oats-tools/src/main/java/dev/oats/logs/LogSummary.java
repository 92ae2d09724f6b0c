package dev.oats.logs;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * What a log says, condensed for a model: totals, errors over time, and the templates ranked by
 * severity then rarity, each with its count, first and last time and one example.
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
 * @param templates the templates by level, ranked: most severe first, then rarest, then earliest
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
    List<TemplateSummary> templates) {

  /** How many characters of an example line are kept. */
  private static final int EXAMPLE_LINE_LENGTH = 240;

  /**
   * One time bucket.
   *
   * @param start the start of the bucket
   * @param errors events of level ERROR or worse in it
   * @param warnings events of level WARN in it
   */
  public record Bucket(Instant start, long errors, long warnings) {}

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
   * @param example its first event as written, with up to a few folded continuation lines
   * @param isNew whether it first appeared only in the recent part of the log
   */
  public record TemplateSummary(
      int id,
      String template,
      LogLevel level,
      long count,
      Instant first,
      Instant last,
      String example,
      boolean isNew) {}

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
   * The summary as compact text of at most {@code budget} characters: totals first, then the error
   * timeline, then as many ranked templates as fit, each with an example while room allows.
   */
  public String render(int budget) {
    StringBuilder out = new StringBuilder();
    appendBounded(out, overview(), budget);
    appendBounded(out, levelLine(), budget);
    appendBounded(out, timeline(), budget);
    if (templates.isEmpty()) {
      return out.toString();
    }
    appendBounded(out, templatesHeading(), budget);
    int shown = 0;
    for (TemplateSummary template : templates) {
      String more = notShown(shown);
      int room = budget - out.length() - (shown + 1 < templates.size() ? more.length() : 0);
      String full = entry(shown + 1, template, true);
      String brief = entry(shown + 1, template, false);
      if (full.length() <= room) {
        out.append(full);
      } else if (brief.length() <= room) {
        out.append(brief);
      } else {
        break;
      }
      shown++;
    }
    if (shown < templates.size()) {
      appendBounded(out, notShown(shown), budget);
    }
    return out.toString();
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

  private String levelLine() {
    StringBuilder b = new StringBuilder("levels:");
    LogLevel[] order = LogLevel.values();
    for (int i = order.length - 1; i >= 0; i--) {
      long n = count(order[i]);
      if (n > 0) {
        b.append(' ').append(order[i] == LogLevel.UNKNOWN ? "none" : order[i].name()).append(' ');
        b.append(n);
      }
    }
    return b.append('\n').toString();
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
      return "errors: none\n";
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

  private String templatesHeading() {
    StringBuilder b = new StringBuilder().append(templateCount).append(" templates");
    if (templates.size() > templateCount) {
      b.append(" (").append(templates.size()).append(" with their levels)");
    }
    if (evictedTemplates > 0) {
      b.append(", ").append(evictedTemplates).append(" rare ones dropped");
    }
    return b.append(", most severe then rarest first; NEW = first seen late in the log\n")
        .toString();
  }

  private String notShown(int shown) {
    return "... " + (templates.size() - shown) + " more templates not shown\n";
  }

  private String entry(int rank, TemplateSummary t, boolean withExample) {
    StringBuilder b = new StringBuilder();
    b.append(rank).append(". ").append(t.level() == LogLevel.UNKNOWN ? "-" : t.level().name());
    b.append(" x").append(t.count());
    if (t.first() != null) {
      b.append(' ').append(time(t.first()));
      if (!t.last().equals(t.first())) {
        b.append(" .. ").append(time(t.last()));
      }
    }
    if (t.isNew()) {
      b.append(" NEW");
    }
    b.append(" [T").append(t.id()).append("] ").append(truncate(t.template())).append('\n');
    if (withExample && !t.example().equals(t.template())) {
      String[] exampleLines = t.example().split("\n", -1);
      for (int i = 0; i < exampleLines.length; i++) {
        b.append(i == 0 ? "   e.g. " : "        ").append(truncate(exampleLines[i])).append('\n');
      }
    }
    return b.toString();
  }

  private static String truncate(String line) {
    return line.length() <= EXAMPLE_LINE_LENGTH
        ? line
        : line.substring(0, EXAMPLE_LINE_LENGTH - 3) + "...";
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
