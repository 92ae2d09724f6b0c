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

  /** Parses a message whose header is already known, and learns from it. */
  public int mine(String content) {
    return miner.addJoined(masks.maskJoined(content));
  }

  /**
   * The measured numbers of {@code content}, the message just given to {@link #mine}, as {@link
   * NumberFields#read} finds them; where they lie is learnt once per shape of message.
   */
  int readNumbers(String content, NumberFields.Field[] out) {
    return masks.readNumbers(content, out);
  }

  /** The miner holding the templates learnt so far. */
  public TemplateMiner miner() {
    return miner;
  }
}
