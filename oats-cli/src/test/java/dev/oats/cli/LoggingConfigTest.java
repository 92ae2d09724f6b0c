package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Logging is set up from the configuration's record, so {@code oats.yaml} decides it too. */
class LoggingConfigTest {

  @TempDir Path dir;

  private static Level rootLevel() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    return context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
  }

  @AfterEach
  void restore() {
    Logging.configure(Level.INFO, false);
  }

  @Test
  void theLevelInOatsYamlIsTheRootLevelAndTheEnvironmentWins() throws Exception {
    Path file = Files.writeString(dir.resolve("oats.yaml"), "log_level: debug\n");

    CliRun.run(Map.of(), "config", "--config", file.toString());
    assertThat(rootLevel()).isEqualTo(Level.DEBUG);

    CliRun.run(Map.of("OATS_LOG_LEVEL", "WARNING"), "config", "--config", file.toString());
    assertThat(rootLevel()).isEqualTo(Level.WARN);
  }
}
