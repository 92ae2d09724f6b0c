package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The analyser's way through the parser, {@link LogParser#header} then {@link LogParser#mineHeader}
 * and {@link LogParser#readNumbers}, which mines a line of a known shape from what the header
 * cache's slot remembers (the message's key, the miner's entry for it, the layout of its numbers),
 * against the full way: {@link HeaderCache#detect}, {@link LogParser#mine} and the shape cache's
 * numbers. Every line must get the same header, template id and measured numbers, and the miner
 * must end with the same templates and counts. As in the analyser, some headers are found and their
 * message not mined (a folded or filtered line). The lines are those of the repository's logs,
 * fuzzed lines and headers of every layout, each followed by copies with other digits, and, with a
 * small cap on templates, templates are evicted and merged on the way.
 */
class AnalyzerMemoTest {

  @Test
  void everyLineOfTheRepositorysLogsGetsTheHeaderTemplateAndNumbersTheFullWayGives()
      throws IOException {
    assertSameAnalysis(RepositoryLogs.lines(), 100_000, 2);
  }

  @Test
  void fuzzedLinesGetTheHeaderTemplateAndNumbersTheFullWayGivesWhileTemplatesAreEvicted() {
    List<String> lines = new ArrayList<>(FastPathTest.fuzzedLines(22, 4_000));
    for (String header : HeaderCacheTest.HEADERS) {
      for (int i = 0; i < 20; i++) {
        lines.add(header);
      }
    }
    assertSameAnalysis(lines, 50, 3);
  }

  @Test
  void numbersOfAKnownShapeAreReadFromEachLine() {
    LogParser memo = new LogParser();
    LineHeader first = memo.header("2024-05-01 10:00:00 INFO request took 12 ms size=300");
    memo.mineHeader(first);
    NumberFields.Field[] numbers = new NumberFields.Field[NumberFields.MAX_FIELDS];
    memo.readNumbers(first.content(), numbers);
    LineHeader second = memo.header("2024-05-01 10:00:01 INFO request took 47 ms size=815");
    memo.mineHeader(second);
    int found = memo.readNumbers(second.content(), numbers);
    NumberFields.Field[] read = new NumberFields.Field[NumberFields.MAX_FIELDS];
    assertThat(memo.memoHits()).isEqualTo(1);
    assertThat(found).isEqualTo(NumberFields.read(second.content(), read)).isEqualTo(2);
    assertThat(Arrays.asList(numbers).subList(0, found))
        .isEqualTo(Arrays.asList(read).subList(0, found));
  }

  private static void assertSameAnalysis(List<String> lines, int maxTemplates, int hitDivisor) {
    TemplateMiner.Config config = TemplateMiner.Config.defaults().withMaxTemplates(maxTemplates);
    LogParser memo = new LogParser(new TemplateMiner(config));
    LogParser full = new LogParser(new TemplateMiner(config));
    HeaderCache headers = new HeaderCache();
    NumberFields.Field[] memoNumbers = new NumberFields.Field[NumberFields.MAX_FIELDS];
    NumberFields.Field[] fullNumbers = new NumberFields.Field[NumberFields.MAX_FIELDS];
    Random random = new Random(maxTemplates);
    long mined = 0;
    long lineCount = 0;
    for (String line : lines) {
      for (String variant :
          new String[] {
            line,
            HeaderCacheTest.otherDigits(line, random),
            HeaderCacheTest.oneDigit(line, random),
            line
          }) {
        LineHeader header = memo.header(variant);
        LineHeader expected = headers.detect(variant);
        assertThat(header).as("line %s", variant).isEqualTo(expected);
        // One line in seven is folded or filtered: its header found, its message not mined.
        if (lineCount++ % 7 == 3) {
          continue;
        }
        mined++;
        assertThat(memo.mineHeader(header))
            .as("cap %d, line %s", maxTemplates, variant)
            .isEqualTo(full.mine(expected.content()));
        int found = memo.readNumbers(header.content(), memoNumbers);
        assertThat(found).as(variant).isEqualTo(full.readNumbers(expected.content(), fullNumbers));
        assertThat(Arrays.asList(memoNumbers).subList(0, found))
            .as(variant)
            .isEqualTo(Arrays.asList(fullNumbers).subList(0, found));
      }
    }
    assertThat(memo.miner().templates())
        .as("cap %d", maxTemplates)
        .containsExactlyElementsOf(full.miner().templates());
    assertThat(memo.miner().evictions()).isEqualTo(full.miner().evictions());
    assertThat(memo.memoHits()).as("cap %d", maxTemplates).isGreaterThan(mined / hitDivisor);
  }
}
