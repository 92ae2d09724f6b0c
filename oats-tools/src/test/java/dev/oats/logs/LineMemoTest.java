package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LogParser#templateId}, which mines a line of a known shape from what the header cache's
 * slot remembers (the message's key, the miner's entry for it), against {@link LogParser#parse},
 * which finds the header, masks the message through its own shape and looks the key up: every line
 * must get the same template id, and the miner must end with the same templates and counts. The
 * lines are those of the repository's logs, fuzzed lines and headers of every layout, each followed
 * by copies with other digits, so that header checks fail on some, keys holding digits are rebuilt,
 * and, with a small cap on templates, templates are evicted and merged and the miner's table of
 * recent keys is cleared on the way.
 */
class LineMemoTest {

  @Test
  void everyLineOfTheRepositorysLogsGetsTheTemplateTheFullParseGivesIt() throws IOException {
    assertSameTemplates(RepositoryLogs.lines(), 100_000, 2);
  }

  @Test
  void fuzzedLinesGetTheTemplateTheFullParseGivesItWhileTemplatesAreEvicted() {
    List<String> lines = new ArrayList<>(FastPathTest.fuzzedLines(21, 4_000));
    for (String header : HeaderCacheTest.HEADERS) {
      for (int i = 0; i < 20; i++) {
        lines.add(header);
      }
    }
    // Fuzzed lines are mostly new shapes: a third of them repeat one.
    assertSameTemplates(lines, 50, 3);
  }

  private static void assertSameTemplates(List<String> lines, int maxTemplates, int hitDivisor) {
    TemplateMiner.Config config = TemplateMiner.Config.defaults().withMaxTemplates(maxTemplates);
    LogParser memo = new LogParser(new TemplateMiner(config));
    LogParser full = new LogParser(new TemplateMiner(config));
    Random random = new Random(maxTemplates);
    long lineCount = 0;
    for (String line : lines) {
      for (String variant :
          new String[] {
            line,
            HeaderCacheTest.otherDigits(line, random),
            HeaderCacheTest.oneDigit(line, random),
            line
          }) {
        assertThat(memo.templateId(variant))
            .as("cap %d, line %s", maxTemplates, variant)
            .isEqualTo(full.parse(variant).templateId());
        lineCount++;
      }
    }
    assertThat(memo.miner().templates())
        .as("cap %d", maxTemplates)
        .containsExactlyElementsOf(full.miner().templates());
    assertThat(memo.miner().evictions()).isEqualTo(full.miner().evictions());
    // Enough lines took the short way: more than one in hitDivisor.
    assertThat(memo.memoHits()).as("cap %d", maxTemplates).isGreaterThan(lineCount / hitDivisor);
  }

  @Test
  void aKeyHoldingDigitsOfTheMessageIsRebuiltForEachLine() {
    LogParser memo = new LogParser();
    LogParser full = new LogParser();
    String[] lines = {
      "2024-05-01 10:00:00 INFO link eth3 up on alt0",
      "2024-05-01 10:00:01 INFO link eth3 up on alt0",
      "2024-05-01 10:00:02 INFO link eth7 up on alt0",
      "2024-05-01 10:00:03 INFO link eth7 up on alt5",
      "2024-05-01 10:00:04 INFO link eth3 up on alt0",
    };
    for (String line : lines) {
      assertThat(memo.templateId(line)).as(line).isEqualTo(full.parse(line).templateId());
    }
    assertThat(memo.miner().templates()).containsExactlyElementsOf(full.miner().templates());
    assertThat(memo.memoHits()).isEqualTo(lines.length - 1);
  }

  @Test
  void aSlotThatLearnsAnotherHeaderForgetsWhatItRemembered() {
    // One shape, two headers: an epoch and its message, or no header (the first digit is no
    // epoch's). The parser is asked both ways, so that the slot is learnt again by parse.
    LogParser mixed = new LogParser();
    LogParser full = new LogParser();
    String[] lines = {
      "1714557600 worker 3 done",
      "1714557601 worker 4 done",
      "2714557600 worker 3 done",
      "2714557601 worker 4 done",
      "2714557602 worker 5 done",
      "1714557602 worker 5 done",
      "1714557603 worker 6 done",
    };
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int expected = full.parse(line).templateId();
      int got = i == 2 || i == 5 ? mixed.parse(line).templateId() : mixed.templateId(line);
      assertThat(got).as(line).isEqualTo(expected);
    }
    assertThat(mixed.miner().templates()).containsExactlyElementsOf(full.miner().templates());
    // Lines 1 and 4: the slot remembered what lines 0 and 3 taught it.
    assertThat(mixed.memoHits()).isEqualTo(2);
  }
}
