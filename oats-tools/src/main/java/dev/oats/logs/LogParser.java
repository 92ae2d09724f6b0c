package dev.oats.logs;

/**
 * Turns raw log lines into templates: finds each line's header, masks the message's variables and
 * mines the template it belongs to. The one pipeline behind {@code oats logs templates}, the
 * analyser and the benchmark.
 *
 * <p>Not thread-safe: one parser reads one stream.
 */
public final class LogParser {

  /**
   * One parsed line.
   *
   * @param header the header and message found on the line
   * @param templateId the id of the template the message belongs to
   */
  public record Parsed(LineHeader header, int templateId) {}

  private final HeaderCache headers = new HeaderCache();
  private final ShapeCache masks = new ShapeCache(new Masker());
  private final TemplateMiner miner;

  /**
   * Lines {@link #templateId} and {@link #mineHeader} mined from what the header's slot remembered.
   */
  private long memoHits;

  /** The header cache's slot that answered the line last given to {@link #header}, or -1. */
  private int headerSlot = -1;

  /** The header {@link #header} gave last. */
  private LineHeader lastHeader;

  /**
   * The memo whose layout reads the numbers of the message last mined ({@link #readNumbers}), or
   * null when the shape cache masked it and knows its layout.
   */
  private Memo numbersFrom;

  /** The message last mined, which {@link #readNumbers} must be given. */
  private String minedContent;

  /** A parser with the default configuration. */
  public LogParser() {
    this(new TemplateMiner(TemplateMiner.Config.defaults()));
  }

  /** A parser feeding the given miner. */
  public LogParser(TemplateMiner miner) {
    this.miner = miner;
  }

  /** Parses one line and learns from it. */
  public Parsed parse(String line) {
    LineHeader header = headers.detect(line);
    return new Parsed(header, miner.addJoined(masks.maskJoined(header.content())));
  }

  /**
   * The id of the template of {@code line}, as {@code parse(line).templateId()} gives it, learning
   * from it likewise; for a caller that needs the id only.
   *
   * <p>The line's shape ({@link ShapeCache#shapeOf}, which is finer than the header's) is made
   * once: the header's slot is found by it, and that slot remembers, for the lines of its shape,
   * the masked key of their message (the message is the line's end from a place the slot fixes, so
   * its shape is the end of the line's) and the miner's entry for the key. A line of a known shape
   * is then mined without its header, its message or its message's shape being made, nor the
   * miner's table of recent keys being searched. {@code LineMemoTest} checks it against {@link
   * #parse} on every line of the repository's logs and fuzzed lines.
   */
  public int templateId(String line) {
    String text = HeaderDetector.prepared(line);
    if (HeaderCache.isJson(text)) {
      return parse(line).templateId();
    }
    String shape = masks.shapeOf(text);
    int slot = headers.hitSlot(text, shape);
    if (slot < 0) {
      String key = masks.maskJoined(headers.detectShaped(text, shape).content());
      slot = headers.learntSlot();
      if (slot < 0) {
        return miner.addJoined(key);
      }
      return remembered(slot, key);
    }
    Memo memo = (Memo) headers.memo(slot);
    int start = headers.contentStart(slot);
    if (memo != null) {
      String key = memo.known.keyOf(text, start);
      if (key != null) {
        memoHits++;
        if (key == memo.minedKey) {
          int id = miner.addAgain(key, memo.seen);
          if (id >= 0) {
            return id;
          }
        }
        return memo.mined(key, miner);
      }
    }
    return remembered(slot, masks.maskJoined(text.substring(start)));
  }

  /**
   * The header of {@code line}, as {@link HeaderCache#detect} gives it, found by the line's shape
   * as {@link #templateId} finds it; {@link #mineHeader} then mines its message from what the
   * header's slot remembers. For a caller that needs the header too (the analyser).
   */
  LineHeader header(String line) {
    String text = HeaderDetector.prepared(line);
    LineHeader header;
    if (HeaderCache.isJson(text)) {
      headerSlot = -1;
      header = headers.detect(line);
    } else {
      String shape = masks.shapeOf(text);
      int slot = headers.hitSlot(text, shape);
      if (slot >= 0) {
        header = headers.header(slot, text);
      } else {
        header = headers.detectShaped(text, shape);
        slot = headers.learntSlot();
      }
      headerSlot = slot;
    }
    lastHeader = header;
    return header;
  }

  /**
   * Mines the message of {@code header}, the header {@link #header} gave last, as {@link #mine}
   * would: the same template id, the same learning. {@code AnalyzerMemoTest} checks it against
   * {@link HeaderCache#detect} and {@link #mine} on every line of the repository's logs and fuzzed
   * lines.
   */
  int mineHeader(LineHeader header) {
    if (header != lastHeader) {
      throw new IllegalStateException("not the header last given");
    }
    String content = header.content();
    minedContent = content;
    numbersFrom = null;
    int slot = headerSlot;
    if (slot < 0) {
      return miner.addJoined(masks.maskJoined(content));
    }
    Memo memo = (Memo) headers.memo(slot);
    if (memo != null) {
      String key = memo.known.keyOf(content, 0);
      if (key != null) {
        memoHits++;
        numbersFrom = memo;
        if (key == memo.minedKey) {
          int id = miner.addAgain(key, memo.seen);
          if (id >= 0) {
            return id;
          }
        }
        return memo.mined(key, miner);
      }
    }
    return remembered(slot, masks.maskJoined(content));
  }

  /** Mines {@code key}, the message's key just masked, remembering it with the header's slot. */
  private int remembered(int slot, String key) {
    Memo memo = new Memo(masks.known());
    headers.memo(slot, memo);
    return memo.mined(key, miner);
  }

  /** What a slot of the header cache remembers of its lines' messages (see {@link #templateId}). */
  private static final class Memo {
    private final ShapeCache.Known known;

    /** The key last mined, and what the miner knew of it then. */
    private String minedKey;

    private TemplateMiner.Seen seen;

    /** The layout of the measured numbers of the messages of the slot's shape, or null: not yet. */
    private NumberFields.Layout numbers;

    Memo(ShapeCache.Known known) {
      this.known = known;
    }

    /** As {@link ShapeCache#readNumbers}: learnt once for the messages of the slot's shape. */
    int readNumbers(String content, NumberFields.Field[] out) {
      if (numbers == null) {
        numbers = NumberFields.layout(content);
      }
      return numbers.fill(content, out);
    }

    int mined(String key, TemplateMiner miner) {
      int id = miner.addJoined(key);
      minedKey = key;
      seen = miner.seen(key);
      return id;
    }
  }

  /** Parses a message whose header is already known, and learns from it. */
  public int mine(String content) {
    minedContent = content;
    numbersFrom = null;
    return miner.addJoined(masks.maskJoined(content));
  }

  /**
   * The measured numbers of {@code content}, the message just mined ({@link #mine}, {@link
   * #mineHeader}), as {@link NumberFields#read} finds them; where they lie is learnt once per shape
   * of message.
   */
  int readNumbers(String content, NumberFields.Field[] out) {
    if (content != minedContent) {
      throw new IllegalStateException("not the message last mined");
    }
    Memo memo = numbersFrom;
    return memo != null ? memo.readNumbers(content, out) : masks.readNumbers(content, out);
  }

  /** Lines {@link #templateId} mined from what the header's slot remembered. */
  long memoHits() {
    return memoHits;
  }

  /** The miner holding the templates learnt so far. */
  public TemplateMiner miner() {
    return miner;
  }
}
