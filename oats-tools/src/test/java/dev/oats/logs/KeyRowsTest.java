package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Rule 31: a key and one value after the level are a row of a dump, not a logger (logs made up).
 */
class KeyRowsTest {

  private final HeaderDetector detector = new HeaderDetector();
  private final Masker masker = new Masker();

  private int add(TemplateMiner miner, String line) {
    return miner.add(masker.mask(detector.detect(line).content()));
  }

  @Test
  void keepsTheKeyOfARowOfADumpInTheMessage() {
    LineHeader row = detector.detect("2026-01-02 03:04:05,678 INFO    retryLimit: 5");
    assertThat(row.level()).isEqualTo(LogLevel.INFO);
    assertThat(row.component()).isNull();
    assertThat(row.content().strip()).isEqualTo("retryLimit: 5");

    LineHeader bracketed =
        detector.detect("[42] 2026/01/02 03:04:05.678 [INF]   Region:   eu-west");
    assertThat(bracketed.component()).isNull();
    assertThat(bracketed.content().strip()).startsWith("Region:");

    // A logger name and a message of more than one token stay as they were.
    LineHeader logger = detector.detect("2026-01-02 03:04:05,678 INFO app.Cache: warmed up");
    assertThat(logger.component()).isEqualTo("app.Cache");
    assertThat(logger.content()).isEqualTo("warmed up");
  }

  @Test
  void keepsRowsOfDifferentKeysApartAndGroupsEachKeysRows() {
    TemplateMiner miner = new TemplateMiner(TemplateMiner.Config.defaults());
    String h = "2026-01-02 03:04:05,678 INFO    ";

    int limit = add(miner, h + "retryLimit: 5");
    int limitAgain = add(miner, h + "retryLimit: 7");
    int window = add(miner, h + "window: 600");
    int delay = add(miner, h + "delay: 30");

    assertThat(limitAgain).isEqualTo(limit);
    assertThat(window).isNotEqualTo(limit);
    assertThat(delay).isNotEqualTo(window);
  }
}
