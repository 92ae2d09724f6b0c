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

  private final HeaderDetector headers = new HeaderDetector();
  private final Masker masker = new Masker();
  private final TemplateMiner miner;

  /** The masked message of the line being parsed: one buffer for all lines, not one per line. */
  private final StringBuilder key = new StringBuilder(256);

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
    return new Parsed(header, mine(header.content()));
  }

  /** Parses a message whose header is already known, and learns from it. */
  public int mine(String content) {
    masker.maskJoined(content, key);
    int id = miner.addJoined(key.toString());
    if (key.length() > 4096) {
      // One very long line does not keep its buffer's size for the rest of the log.
      key.setLength(0);
      key.trimToSize();
    }
    return id;
  }

  /** The miner holding the templates learnt so far. */
  public TemplateMiner miner() {
    return miner;
  }
}
