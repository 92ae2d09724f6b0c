package dev.oats.logs;

/**
 * Remembers the header {@link HeaderDetector} found on recent lines by their <em>shape</em> (the
 * line with the value of every ASCII digit forgotten), so that a line repeating a recent one with
 * other numbers gets its header without the scan.
 *
 * <p>Why it gives the header the detector would: the detector reads where a line's digits are and
 * never what they are, but for a few checks of values ({@link HeaderChecks}: a timestamp's
 * validity, an epoch's leading {@code 1}, a syslog priority ...). Each of those the first line of a
 * shape made is recorded, with its range and result; another line of the shape whose checks all
 * give the same results on its own digits takes the same path through the detector, so its
 * timestamp, component and message lie at the same ranges, and its level is the same. A line whose
 * checks differ is read by the detector again (and its recording takes the slot). A line whose
 * header is not all ranges of it (a JSON or logfmt record), or whose timestamp or component was
 * neither cut from a recorded place ({@link HeaderChecks#place}) nor found once only on the line
 * (so its range is not known), is never answered from here: its slot says to read lines of its
 * shape in full. {@code HeaderCacheTest} checks every line of the repository's logs and fuzzed
 * lines against the detector.
 *
 * <p>Memory is bounded: a fixed number of slots, one shape per slot, the newest replacing the one
 * before. Not thread-safe: one parser reads one stream.
 */
final class HeaderCache {

  /** Slots in the table: a power of two. */
  private static final int SLOTS = 1 << 12;

  /** No checks of a slot whose shape is read in full. */
  private static final int[] READ_IN_FULL = null;

  private final HeaderDetector detector = new HeaderDetector();
  private final HeaderChecks recorder = new HeaderChecks();
  private final String[] shapes = new String[SLOTS];

  /** The checks recorded for the slot's shape (see {@link HeaderChecks#recorded}), or null. */
  private final int[][] checks = new int[SLOTS][];

  private final LogLevel[] levels = new LogLevel[SLOTS];

  /** Per slot: what the caller keeps about its lines ({@link #memo(int)}), or null. */
  private final Object[] memos = new Object[SLOTS];

  /** Per slot: timestamp start and end, component start and end (-1 for none), message start. */
  private final int[] ranges = new int[SLOTS * 5];

  /** Where a shape is written. */
  private char[] chars = new char[256];

  /** See {@link #learntSlot}. */
  private int learntSlot = -1;

  private long hits;
  private long misses;

  /** The header of {@code line}, as {@link HeaderDetector#detect} gives it. */
  LineHeader detect(String line) {
    String text = HeaderDetector.prepared(line);
    if (isJson(text)) {
      // A JSON record: its header is read out of its keys, not ranges of the line.
      misses++;
      return detector.detectPrepared(text, null);
    }
    return detectShaped(text, shapeOf(text));
  }

  /** Whether {@code text}, a line {@link HeaderDetector#prepared}, is a JSON record. */
  static boolean isJson(String text) {
    int first = CharRanges.skipSpaces(text, 0);
    return first < text.length() && text.charAt(first) == '{';
  }

  /**
   * The slot that answers {@code text}, a line {@link HeaderDetector#prepared} and no JSON record,
   * from its shape, the checks recorded there holding on it; -1 when the line must be read by
   * {@link #detectShaped}. {@code shape} is the line's shape: {@link #shapeOf}, or any finer one
   * (two lines of one finer shape have one shape here), such as {@link ShapeCache#shapeOf}, so long
   * as the same kind of shape is given for every line.
   */
  int hitSlot(String text, String shape) {
    int hash = shape.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String seen = shapes[slot];
    if (seen != null && seen.equals(shape)) {
      int[] recorded = checks[slot];
      if (recorded != READ_IN_FULL && HeaderChecks.hold(recorded, text)) {
        hits++;
        return slot;
      }
    }
    return -1;
  }

  /** The header of the line {@link #hitSlot} answered by {@code slot}. */
  LineHeader header(int slot, String text) {
    return fromRanges(slot, text);
  }

  /**
   * The slot the line last given to {@link #detectShaped} was learnt into, which answers the lines
   * of its shape whose checks hold as {@link #hitSlot} would; -1 when that line was not learnt.
   */
  int learntSlot() {
    return learntSlot;
  }

  /** Where the message starts on a line {@link #hitSlot} answered by {@code slot}. */
  int contentStart(int slot) {
    return ranges[slot * 5 + 4];
  }

  /**
   * What the caller keeps about the lines of the slot's shape, or null: set by {@link #memo(int,
   * Object)}, forgotten whenever the slot learns a line again (another shape, or other results of
   * its checks, and so maybe other ranges).
   */
  Object memo(int slot) {
    return memos[slot];
  }

  /** Keeps {@code memo} with the slot, until the slot learns a line again. */
  void memo(int slot, Object memo) {
    memos[slot] = memo;
  }

  /**
   * The header of {@code text}, a line {@link HeaderDetector#prepared} and no JSON record, whose
   * shape is {@code shape} (see {@link #hitSlot}).
   */
  LineHeader detectShaped(String text, String shape) {
    int hash = shape.hashCode();
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    String seen = shapes[slot];
    learntSlot = -1;
    if (seen != null && seen.equals(shape)) {
      int[] recorded = checks[slot];
      if (recorded == READ_IN_FULL) {
        misses++;
        return detector.detectPrepared(text, null);
      }
      if (HeaderChecks.hold(recorded, text)) {
        hits++;
        return fromRanges(slot, text);
      }
    }
    misses++;
    recorder.reset();
    LineHeader header = detector.detectPrepared(text, recorder);
    memos[slot] = null;
    shapes[slot] = shape;
    boolean learnt = learn(slot, header, text);
    checks[slot] = learnt ? recorder.recorded() : READ_IN_FULL;
    learntSlot = learnt ? slot : -1;
    return header;
  }

  /** Lines answered from the cache. */
  long hits() {
    return hits;
  }

  /** Lines read by the detector. */
  long misses() {
    return misses;
  }

  private LineHeader fromRanges(int slot, String text) {
    int at = slot * 5;
    int tsStart = ranges[at];
    int componentStart = ranges[at + 2];
    return new LineHeader(
        tsStart < 0 ? null : text.substring(tsStart, ranges[at + 1]),
        levels[slot],
        componentStart < 0 ? null : text.substring(componentStart, ranges[at + 3]),
        text.substring(ranges[at + 4]));
  }

  /**
   * Keeps where the header of {@code text} lies in the slot; false when it is not known: the
   * recording was refused, the message is not the end of the line, or the timestamp or component is
   * not found exactly once on the line.
   */
  private boolean learn(int slot, LineHeader header, String text) {
    if (recorder.refused()) {
      return false;
    }
    String content = header.content();
    int contentStart = text.length() - content.length();
    if (contentStart < 0 || !text.startsWith(content, contentStart)) {
      return false;
    }
    int tsStart = placeOf(text, header.timestamp());
    int componentStart = placeOf(text, header.component());
    if (tsStart == AMBIGUOUS || componentStart == AMBIGUOUS) {
      return false;
    }
    int at = slot * 5;
    ranges[at] = tsStart;
    ranges[at + 1] = tsStart < 0 ? -1 : tsStart + header.timestamp().length();
    ranges[at + 2] = componentStart;
    ranges[at + 3] = componentStart < 0 ? -1 : componentStart + header.component().length();
    ranges[at + 4] = contentStart;
    levels[slot] = header.level();
    return true;
  }

  private static final int AMBIGUOUS = -2;

  /**
   * Where {@code part} of the header lies in {@code text}: where the scan cut that very string from
   * the line, or else its only place in the line (see {@link #onlyPlace}).
   */
  private int placeOf(String text, String part) {
    if (part == null) {
      return -1;
    }
    int cut = recorder.placeOf(part);
    return cut >= 0 ? cut : onlyPlace(text, part);
  }

  /**
   * Where {@code part} occurs in {@code text}: -1 for a null part, {@link #AMBIGUOUS} when it is
   * empty, missing or found more than once (overlapping too).
   */
  private static int onlyPlace(String text, String part) {
    if (part == null) {
      return -1;
    }
    if (part.isEmpty()) {
      return AMBIGUOUS;
    }
    int at = text.indexOf(part);
    return at < 0 || text.indexOf(part, at + 1) >= 0 ? AMBIGUOUS : at;
  }

  /**
   * The line with every ASCII digit written {@code 1}. (The masker's shape keeps a {@code 0} before
   * an {@code x}; header detection has no use for it, so the loop here reads one character at a
   * time, which the JIT vectorises.)
   */
  private String shapeOf(String s) {
    int n = s.length();
    if (chars.length < n) {
      chars = new char[Math.max(n, chars.length * 2)];
    }
    char[] c = chars;
    s.getChars(0, n, c, 0);
    for (int i = 0; i < n; i++) {
      char x = c[i];
      c[i] = (char) (x - '0') <= 9 ? '1' : x;
    }
    return new String(c, 0, n);
  }
}
