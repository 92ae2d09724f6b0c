package dev.oats.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.oats.config.LoggingConfig;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging from the configuration's {@link LoggingConfig}: {@code OATS_LOG_LEVEL} (default
 * INFO) and {@code OATS_LOG_FORMAT} ({@code text}, or {@code json} for one JSON object a line).
 * Logs go to standard error, so standard output stays clean for results and {@code --json}.
 */
final class Logging {

  private Logging() {}

  static void configure(LoggingConfig logging) {
    configure(level(logging.level()), logging.json());
  }

  static void configure(Level level, boolean json) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(console);
    // Libraries speak only when something is wrong; their INFO is noise in an agent's log.
    for (String quiet : new String[] {"okhttp3", "com.anthropic", "com.openai", "io.fabric8"}) {
      context.getLogger(quiet).setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
  }

  static Level level(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return Level.toLevel(upper.equals("WARNING") ? "WARN" : upper, Level.INFO);
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %msg%n");
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.start();
    return encoder;
  }
}
