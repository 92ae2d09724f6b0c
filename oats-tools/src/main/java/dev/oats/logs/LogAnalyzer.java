package dev.oats.logs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a log of any length into a {@link LogSummary} that fits a model's context, in one pass and
 * bounded memory.
 *
 * <p>Each line's header is read by {@link HeaderDetector}; blank lines are counted and skipped, and
 * terminal colour codes removed. A line without a header that follows an event — a stack-trace
 * frame, a {@code Caused by:}, an indented line, or any header-less line in a log whose lines
 * mostly have headers — is folded into that event. Events outside the time window or below the
 * minimum level are counted and left out; the others are mined into templates by {@link
 * TemplateMiner}, and for each template the analyser keeps its count, the most severe level, the
 * first and last time, a sample of each numeric variable and the first event as an example, its
 * stack trace folded by {@link TraceFold}. Errors and warnings are counted per time slot. Within a
 * level, templates are ranked by how anomalous they are: failure words, slow durations, bursts, new
 * late in the log, rare; start-up lines seen once rank last. What the filters leave out is counted
 * by level and time, so that a summary never comes back empty without saying why. Memory stays
 * flat: templates are capped, examples and samples are bounded, and the time slots widen as the log
 * grows.
 *
 * <p>Feed lines with {@link #accept} and ask for {@link #summary} at any time, or use one of the
 * static {@code analyze} methods. Not thread-safe.
 */
public final class LogAnalyzer {

  private static final int EXAMPLE_MAX_CHARS = 1000;

  /** Year-less timestamps up to this far ahead of now are clock skew, not last year's. */
  private static final long FUTURE_SLACK_MILLIS = 86_400_000L;

  private static final int LEVELS = LogLevel.values().length;

  private final AnalyzerOptions options;
  private final LogParser parser;
  private final TimestampParser timestamps;

  /** Per template id, its statistics per level (indexed by ordinal): one entry per pair. */
  private final Map<Integer, TemplateStats[]> stats = new HashMap<>();

  private final TimeHistogram histogram = new TimeHistogram();
  private final EnumMap<LogLevel, Long> levels = new EnumMap<>(LogLevel.class);

  private long lines;
  private long linesWithHeader;
  private long events;
  private long foldedLines;
  private long filteredEvents;
  private long eventsWithLevel;
  private final EnumMap<LogLevel, Long> leftOutByLevel = new EnumMap<>(LogLevel.class);
  private long leftOutByTime;
  private long firstLeftOut = Long.MAX_VALUE;
  private long lastLeftOut = Long.MIN_VALUE;
  private long keptWithoutTime;
  private final NumberFields.Field[] numbers = new NumberFields.Field[NumberFields.MAX_FIELDS];
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;

  /** The time of the last line that had one: header-less events inherit it. */
  private long currentTime = TimestampParser.NONE;

  private String lastTimestampText;
  private long lastTimestampMillis = TimestampParser.NONE;

  /** Whether there is an event that following lines may continue, and whether it was kept. */
  private boolean inEvent;

  private boolean currentKept;

  /** The level of the event that following lines may continue. */
  private LogLevel currentLevel = LogLevel.UNKNOWN;

  /** The example still growing with the continuation lines of its event, or null. */
  private TemplateStats growingExample;

  /** An analyser with these options, dating year-less timestamps by the system clock. */
  public LogAnalyzer(AnalyzerOptions options) {
    this(options, Clock.systemUTC());
  }

  /**
   * An analyser with these options; a year-less timestamp (syslog) that would fall after {@code
   * clock}'s now takes the year before.
   */
  public LogAnalyzer(AnalyzerOptions options, Clock clock) {
    this.options = options;
    this.timestamps =
        new TimestampParser(options.defaultYear(), clock.millis() + FUTURE_SLACK_MILLIS);
    TemplateMiner miner =
        new TemplateMiner(
            TemplateMiner.Config.defaults().withMaxTemplates(options.maxTemplates()),
            new StatsFollower());
    this.parser = new LogParser(miner);
  }

  /** Summarises all lines of a stream. */
  public static LogSummary analyze(Stream<String> lines, AnalyzerOptions options) {
    LogAnalyzer analyzer = new LogAnalyzer(options);
    lines.forEachOrdered(analyzer::accept);
    return analyzer.summary();
  }

  /** Summarises all lines from an iterator. */
  public static LogSummary analyze(Iterator<String> lines, AnalyzerOptions options) {
    LogAnalyzer analyzer = new LogAnalyzer(options);
    lines.forEachRemaining(analyzer::accept);
    return analyzer.summary();
  }

  /** Summarises all lines a reader gives; the caller closes the reader. */
  public static LogSummary analyze(Reader reader, AnalyzerOptions options) throws IOException {
    BufferedReader buffered =
        reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
    try {
      return analyze(buffered.lines(), options);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Summarises all lines a {@link LineReader} gives; the caller closes it. */
  public static LogSummary analyze(LineReader lines, AnalyzerOptions options) throws IOException {
    LogAnalyzer analyzer = new LogAnalyzer(options);
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      analyzer.accept(line);
    }
    return analyzer.summary();
  }

  /** Reads one line. */
  public void accept(String rawLine) {
    lines++;
    if (rawLine.isBlank()) {
      // Blank lines separate nothing a model needs and start no event.
      return;
    }
    String line = AnsiCodes.strip(rawLine);
    LineHeader header = parser.header(line);
    if (header.hasHeader()) {
      linesWithHeader++;
    } else if (inEvent && isContinuation(line)) {
      if (!StackTraces.startsTrace(line) || currentLevel.isWarningOrWorse()) {
        fold(line);
        return;
      }
    }
    startEvent(line, header);
  }

  /**
   * A line without a header continues the event before it when it has the shape of a stack-trace
   * line, or when most lines so far had a header (so this one is the odd one out) and the event
   * before is an error or warning, whose detail it likely is. After an ordinary event such a line
   * is more often a message of its own (a start-up line printed without the logger), and folding it
   * would hide it.
   */
  private boolean isContinuation(String line) {
    if (!line.isEmpty() && line.charAt(0) == '{') {
      return false;
    }
    return StackTraces.looksLikeContinuation(line)
        || (linesWithHeader * 2 > lines && currentLevel.isWarningOrWorse());
  }

  private void fold(String line) {
    foldedLines++;
    if (currentKept && growingExample != null) {
      growingExample.fold.add(line);
    }
  }

  private void startEvent(String line, LineHeader header) {
    inEvent = true;
    growingExample = null;
    long time = timeOf(header);
    if (header.level() != LogLevel.UNKNOWN) {
      eventsWithLevel++;
    }
    LogLevel level =
        header.level() != LogLevel.UNKNOWN ? header.level() : inferLevel(header.content());
    currentLevel = level;
    currentKept = passesFilters(time, level);
    if (!currentKept) {
      filteredEvents++;
      return;
    }
    if (time == TimestampParser.NONE && (options.since() != null || options.until() != null)) {
      keptWithoutTime++;
    }
    events++;
    levels.merge(level, 1L, Long::sum);
    if (time != TimestampParser.NONE) {
      first = Math.min(first, time);
      last = Math.max(last, time);
      histogram.add(time, level);
    }
    int id = parser.mineHeader(header);
    TemplateStats template = statsOf(id, level);
    if (template.record(time, line, events)) {
      growingExample = template;
    }
    int found = parser.readNumbers(header.content(), numbers);
    for (int i = 0; i < found; i++) {
      template.addNumber(i, numbers[i]);
    }
  }

  /**
   * The statistics of a template at one level. The same message logged at ERROR and at INFO (an
   * access log's 503s and 200s) are different facts for whoever reads the summary, so they are
   * counted apart, under the one template id.
   */
  private TemplateStats statsOf(int id, LogLevel level) {
    TemplateStats[] byLevel = stats.computeIfAbsent(id, k -> new TemplateStats[LEVELS]);
    TemplateStats template = byLevel[level.ordinal()];
    if (template == null) {
      template = new TemplateStats(id, level);
      byLevel[level.ordinal()] = template;
    }
    return template;
  }

  private boolean passesFilters(long time, LogLevel level) {
    if (level.compareTo(options.minLevel()) < 0) {
      leftOutByLevel.merge(level, 1L, Long::sum);
      return false;
    }
    if (time == TimestampParser.NONE) {
      return true;
    }
    boolean inside =
        (options.since() == null || time >= options.since().toEpochMilli())
            && (options.until() == null || time < options.until().toEpochMilli());
    if (!inside) {
      leftOutByTime++;
      firstLeftOut = Math.min(firstLeftOut, time);
      lastLeftOut = Math.max(lastLeftOut, time);
    }
    return inside;
  }

  /** The event's time: its own, or the last one seen when it has none. */
  private long timeOf(LineHeader header) {
    String text = header.timestamp();
    if (text != null) {
      // Consecutive lines often share a timestamp to the second or better: parse it once.
      if (!text.equals(lastTimestampText)) {
        lastTimestampText = text;
        lastTimestampMillis = timestamps.parse(text);
      }
      if (lastTimestampMillis != TimestampParser.NONE) {
        currentTime = lastTimestampMillis;
      }
    }
    return currentTime;
  }

  /**
   * A level for a line whose header has none, from the words of its message: {@code fatal} and
   * {@code panic}, {@code error} and exception class names, {@code warn} and {@code fail}.
   */
  static LogLevel inferLevel(String content) {
    LogLevel level = LogLevel.UNKNOWN;
    int n = content.length();
    int i = 0;
    while (i < n) {
      while (i < n && !CharRanges.isLetter(content.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && CharRanges.isLetter(content.charAt(i))) {
        i++;
      }
      LogLevel word = levelOfWord(content, start, i);
      if (word.compareTo(level) > 0) {
        level = word;
      }
    }
    return level;
  }

  private static LogLevel levelOfWord(String s, int start, int end) {
    if (end - start < 4) {
      return LogLevel.UNKNOWN;
    }
    // Every word below starts with e, f, p or w, or ends in r or n: most words are neither.
    char first = Character.toLowerCase(s.charAt(start));
    char last = Character.toLowerCase(s.charAt(end - 1));
    if ("efpw".indexOf(first) < 0 && last != 'r' && last != 'n') {
      return LogLevel.UNKNOWN;
    }
    if (isWord(s, start, end, "fatal") || isWord(s, start, end, "panic")) {
      return LogLevel.FATAL;
    }
    if (startsWith(s, start, end, "error")
        || endsWithClassName(s, start, end, "Error")
        || endsWithClassName(s, start, end, "Exception")) {
      return LogLevel.ERROR;
    }
    if (startsWith(s, start, end, "warn") || startsWith(s, start, end, "fail")) {
      return LogLevel.WARN;
    }
    return LogLevel.UNKNOWN;
  }

  private static boolean isWord(String s, int start, int end, String word) {
    return end - start == word.length() && s.regionMatches(true, start, word, 0, word.length());
  }

  private static boolean startsWith(String s, int start, int end, String prefix) {
    return end - start >= prefix.length()
        && s.regionMatches(true, start, prefix, 0, prefix.length());
  }

  /**
   * A class name that ends in {@code suffix} ({@code OutOfMemoryError}, {@code IOException}): its
   * capital marks where the suffix starts, so that a word that merely ends in the letters ({@code
   * liberror}, a Debian package) is not read as an error.
   */
  private static boolean endsWithClassName(String s, int start, int end, String suffix) {
    return endsWith(s, start, end, suffix)
        && (end - start == suffix.length() || s.charAt(end - suffix.length()) == suffix.charAt(0));
  }

  private static boolean endsWith(String s, int start, int end, String suffix) {
    return end - start >= suffix.length()
        && s.regionMatches(true, end - suffix.length(), suffix, 0, suffix.length());
  }

  /** What has been read so far, summarised. */
  public LogSummary summary() {
    Instant firstTime = first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first);
    Instant lastTime = last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last);
    Duration width = firstTime == null ? null : histogram.width(firstTime, lastTime);
    List<LogSummary.Bucket> buckets =
        firstTime == null ? List.of() : histogram.buckets(firstTime, lastTime, width);
    List<Ranked> ranked = new ArrayList<>(stats.size());
    for (TemplateStats[] byLevel : stats.values()) {
      for (TemplateStats template : byLevel) {
        if (template != null) {
          ranked.add(rank(template));
        }
      }
    }
    ranked.sort(RANKING);
    List<LogSummary.TemplateSummary> templates = new ArrayList<>(ranked.size());
    for (Ranked r : ranked) {
      templates.add(r.summary());
    }
    LogSummary.Filters filters =
        new LogSummary.Filters(
            options.minLevel(),
            leftOutByLevel,
            options.since(),
            options.until(),
            leftOutByTime,
            leftOutByTime == 0 ? null : Instant.ofEpochMilli(firstLeftOut),
            leftOutByTime == 0 ? null : Instant.ofEpochMilli(lastLeftOut),
            keptWithoutTime);
    return new LogSummary(
        lines,
        events,
        foldedLines,
        filteredEvents,
        firstTime,
        lastTime,
        levels,
        width,
        buckets,
        stats.size(),
        parser.miner().evictions(),
        templates,
        eventsWithLevel > 0,
        filters);
  }

  /** A template's summary and the score it ranks by within its severity. */
  private record Ranked(LogSummary.TemplateSummary summary, int severity, int score) {}

  /** Errors, then warnings, then the rest; within each, most anomalous, then rarest, earliest. */
  private static final Comparator<Ranked> RANKING =
      Comparator.comparingInt(Ranked::severity)
          .reversed()
          .thenComparing(Comparator.comparingInt(Ranked::score).reversed())
          .thenComparingLong(r -> r.summary().count())
          .thenComparing(r -> r.summary().first(), Comparator.nullsLast(Comparator.naturalOrder()))
          .thenComparingInt(r -> r.summary().id());

  /**
   * Scores how anomalous a template is: a failure word (retry, timeout, refused ...), durations of
   * a second or more, a burst (most of its events in a tenth of the log), new late in the log,
   * rare; a line seen once at the very start (a start-up banner) scores below the rest.
   */
  private Ranked rank(TemplateStats template) {
    LogTemplate mined = parser.miner().template(template.id);
    String text = mined == null ? "" : mined.text();
    List<LogSummary.NumberSummary> numberSummaries = template.numberSummaries();
    List<String> signals = new ArrayList<>();
    int score = 0;
    String word = FailureWords.find(text);
    if (word != null) {
      score += 4;
      if (!template.level.isWarningOrWorse()) {
        signals.add(word);
      }
    }
    if (numberSummaries.stream().anyMatch(LogAnalyzer::isSlow)) {
      score += 3;
      signals.add("slow");
    }
    boolean isNew = isRecent(template);
    if (isNew) {
      score += 2;
      signals.add("NEW");
    }
    if (isBurst(template)) {
      score += 2;
      signals.add("burst");
    }
    if (template.count <= 2) {
      score += 1;
    }
    if (template.count == 1 && word == null && template.firstEvent <= Math.max(5, events / 20)) {
      score -= 2;
    }
    int severity = template.level.isErrorOrWorse() ? 2 : template.level.isWarningOrWorse() ? 1 : 0;
    LogSummary.TemplateSummary summary = template.summary(text, isNew, numberSummaries, signals);
    return new Ranked(summary, severity, score);
  }

  /** A duration of a second or more: a request or call that took long enough to matter. */
  private static boolean isSlow(LogSummary.NumberSummary number) {
    String unit = number.unit().toLowerCase(java.util.Locale.ROOT);
    double seconds =
        switch (unit) {
          case "ns" -> number.max() / 1e9;
          case "us", "µs" -> number.max() / 1e6;
          case "ms" -> number.max() / 1e3;
          case "s", "sec", "secs", "second", "seconds" -> number.max();
          case "m", "min", "mins", "minute", "minutes" -> number.max() * 60;
          case "h", "hour", "hours" -> number.max() * 3600;
          default -> -1;
        };
    return seconds >= 1;
  }

  /** At least five events, nearly all within a tenth of the log's span. */
  private boolean isBurst(TemplateStats template) {
    if (template.count < 5) {
      return false;
    }
    if (template.first != TimestampParser.NONE && last > first) {
      return template.last - template.first <= (last - first) / 10;
    }
    return events >= 50 && template.lastEvent - template.firstEvent <= events / 10;
  }

  /**
   * Whether the template first appeared in the recent part of the log: the last {@code
   * recentFraction} of its time range, or of its events when it has no timestamps. A log that
   * starts with it has nothing new about it.
   */
  private boolean isRecent(TemplateStats template) {
    if (options.recentFraction() == 0) {
      return false;
    }
    if (template.first != TimestampParser.NONE && last > first) {
      long threshold = last - (long) ((last - first) * options.recentFraction());
      return template.first > threshold;
    }
    long threshold = events - (long) (events * options.recentFraction());
    return template.firstEvent > threshold && template.firstEvent > 1;
  }

  /** Keeps each template's statistics in step with the miner's merges and evictions. */
  private final class StatsFollower implements TemplateMiner.Listener {
    @Override
    public void merged(int from, int into) {
      TemplateStats[] gone = stats.remove(from);
      if (gone == null) {
        return;
      }
      for (TemplateStats level : gone) {
        if (level != null) {
          TemplateStats survivor = statsOf(into, level.level);
          boolean tookExample = survivor.absorb(level);
          if (level == growingExample) {
            growingExample = tookExample ? survivor : null;
          }
        }
      }
    }

    @Override
    public void evicted(LogTemplate template) {
      TemplateStats[] gone = stats.remove(template.id());
      if (gone != null
          && growingExample != null
          && gone[growingExample.level.ordinal()] == growingExample) {
        growingExample = null;
      }
    }
  }

  /** What is known about one template at one level. */
  private static final class TemplateStats {
    final int id;
    final LogLevel level;
    long count;
    long first = TimestampParser.NONE;
    long last = TimestampParser.NONE;
    long firstEvent = Long.MAX_VALUE;
    long lastEvent;
    TraceFold fold;
    List<ValueSample> samples = List.of();

    TemplateStats(int id, LogLevel level) {
      this.id = id;
      this.level = level;
    }

    /** Counts one event; true when its line became the example. */
    boolean record(long time, String line, long eventNumber) {
      count++;
      if (time != TimestampParser.NONE) {
        first = first == TimestampParser.NONE ? time : Math.min(first, time);
        last = Math.max(last, time);
      }
      firstEvent = Math.min(firstEvent, eventNumber);
      lastEvent = Math.max(lastEvent, eventNumber);
      if (fold == null) {
        fold = new TraceFold(cut(line, EXAMPLE_MAX_CHARS));
        return true;
      }
      return false;
    }

    /** Adds the {@code slot}th number of an event, when it is the same variable as before. */
    void addNumber(int slot, NumberFields.Field field) {
      if (slot == samples.size()) {
        if (samples.isEmpty()) {
          samples = new ArrayList<>(2);
        }
        samples.add(new ValueSample(field.label(), field.unit(), field.keyed(), 31L * id + slot));
      }
      if (slot < samples.size() && samples.get(slot).matches(field)) {
        samples.get(slot).add(samples.get(slot).valueOf(field));
      }
    }

    List<LogSummary.NumberSummary> numberSummaries() {
      List<LogSummary.NumberSummary> out = new ArrayList<>(samples.size());
      for (ValueSample sample : samples) {
        LogSummary.NumberSummary summary = sample.summary();
        if (summary != null) {
          out.add(summary);
        }
      }
      return out.isEmpty() ? List.of() : out;
    }

    /** Adds another template's statistics to these; true when its example was taken. */
    boolean absorb(TemplateStats other) {
      count += other.count;
      if (other.first != TimestampParser.NONE) {
        first = first == TimestampParser.NONE ? other.first : Math.min(first, other.first);
        last = Math.max(last, other.last);
      }
      lastEvent = Math.max(lastEvent, other.lastEvent);
      for (int i = 0; i < other.samples.size(); i++) {
        ValueSample theirs = other.samples.get(i);
        if (i < samples.size() && samples.get(i).label.equals(theirs.label)) {
          samples.get(i).absorb(theirs);
        } else if (i == samples.size()) {
          samples = new ArrayList<>(samples);
          samples.add(theirs);
        }
      }
      if (other.firstEvent < firstEvent) {
        firstEvent = other.firstEvent;
        fold = other.fold;
        return true;
      }
      return false;
    }

    LogSummary.TemplateSummary summary(
        String text,
        boolean isNew,
        List<LogSummary.NumberSummary> numberSummaries,
        List<String> signals) {
      String example = fold == null ? "" : fold.render();
      boolean folded = fold != null && !fold.isEmpty();
      boolean adds = folded || (count > 1 && wildcards(text) > samples.size());
      return new LogSummary.TemplateSummary(
          id,
          text,
          level,
          count,
          first == TimestampParser.NONE ? null : Instant.ofEpochMilli(first),
          last == TimestampParser.NONE ? null : Instant.ofEpochMilli(last),
          example,
          isNew,
          numberSummaries,
          Collections.unmodifiableList(signals),
          adds);
    }

    private static int wildcards(String text) {
      int n = 0;
      for (int i = text.indexOf(Masker.WILDCARD);
          i >= 0;
          i = text.indexOf(Masker.WILDCARD, i + 1)) {
        n++;
      }
      return n;
    }

    private static String cut(String line, int max) {
      return line.length() <= max
          ? line
          : dev.oats.redact.SafeCut.head(line, Math.max(0, max - 3)) + "...";
    }
  }
}
