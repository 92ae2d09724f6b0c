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
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Sets up logging from the configuration's {@link LoggingConfig}: {@code OATS_LOG_LEVEL} (default
 * INFO) and {@code OATS_LOG_FORMAT} ({@code text}, or {@code json} for one JSON object a line).
 * Logs go to standard error, so standard output stays clean for results and {@code --json}.
 */
final class Logging {

  private Logging() {}

  /**
   * @param secrets the secret settings in force (by variable name), masked in every line, beside
   *     any secret-looking variable of {@code environment}
   */
  static void configure(
      LoggingConfig logging, Map<String, String> environment, Map<String, String> secrets) {
    Map<String, String> masked = new HashMap<>(environment);
    masked.putAll(secrets);
    configure(level(logging.level()), logging.json(), masked);
  }

  static void configure(Level level, boolean json) {
    configure(level, json, Map.of());
  }

  static void configure(Level level, boolean json, Map<String, String> environment) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("console");
    console.setTarget("System.err");
    console.setEncoder(
        new SafeLogEncoder(json ? jsonEncoder(context) : textEncoder(context), environment, !json));
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level);
    root.addAppender(console);
    // Libraries speak only when something is wrong; their INFO is noise in an agent's log.
    for (String quiet : new String[] {"okhttp3", "com.anthropic", "com.openai", "io.fabric8"}) {
      context.getLogger(quiet).setLevel(level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN);
    }
    // Their DEBUG dumps every request's headers, API keys and bearer tokens included, at about a
    // megabyte a second: OATS_LOG_LEVEL=DEBUG is for OATS's own decisions.
    for (String chatty :
        new String[] {
          "org.eclipse.jetty", "io.javalin", "com.zaxxer.hikari", "org.jdbi", "org.flywaydb",
          "org.apache.hc", "io.modelcontextprotocol", "io.netty", "reactor", "jdk.internal",
          // fabric8's HTTP client here: it carries the cluster's bearer token.
          "io.vertx"
        }) {
      context.getLogger(chatty).setLevel(level.isGreaterOrEqual(Level.INFO) ? level : Level.INFO);
    }
  }

  /**
   * Silences {@code source}'s INFO lines unless DEBUG was asked for: for a command whose output
   * already says what they would.
   */
  static void quietBelowDebug(Class<?> source) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger logger = context.getLogger(source);
    if (logger.getEffectiveLevel().isGreaterOrEqual(Level.INFO)
        && !logger.getEffectiveLevel().isGreaterOrEqual(Level.WARN)) {
      logger.setLevel(Level.WARN);
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
