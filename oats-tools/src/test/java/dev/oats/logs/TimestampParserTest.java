package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TimestampParserTest {

  private final TimestampParser parser = new TimestampParser(2024);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          2024-05-01T10:00:00Z            | 2024-05-01T10:00:00Z
          2024-05-01T12:00:00.250+02:00   | 2024-05-01T10:00:00.250Z
          2024-05-01 10:00:00,123         | 2024-05-01T10:00:00.123Z
          24/05/01 10:00:00               | 2024-05-01T10:00:00Z
          2024.05.01                      | 2024-05-01T00:00:00Z
          2024-05-01-10.00.00.123456      | 2024-05-01T10:00:00.123Z
          20240501-10:00:00:123           | 2024-05-01T10:00:00.123Z
          240501 100000                   | 2024-05-01T10:00:00Z
          May  1 10:00:00                 | 2024-05-01T10:00:00Z
          Wed May 01 10:00:00 2024        | 2024-05-01T10:00:00Z
          01/May/2024:12:00:00 +0200      | 2024-05-01T10:00:00Z
          0501 10:00:00.123456            | 2024-05-01T10:00:00.123Z
          1714557600                      | 2024-05-01T10:00:00Z
          1714557600123                   | 2024-05-01T10:00:00.123Z
          1714557600.25                   | 2024-05-01T10:00:00.250Z
          2024/05/01 10:00:00             | 2024-05-01T10:00:00Z
          2024-05-01 12:00:00.123 UTC     | 2024-05-01T12:00:00.123Z
          01 May 2024 10:00:00.123        | 2024-05-01T10:00:00.123Z
          """)
  void readsCommonTimestampShapes(String text, Instant expected) {
    assertThat(Instant.ofEpochMilli(parser.parse(text))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"hello", "1.2.3", "10.0.0.1", "42", "25:99:00", "''"})
  void rejectsWhatIsNotATimestamp(String text) {
    assertThat(parser.parse(text)).isEqualTo(TimestampParser.NONE);
  }

  @Test
  void givesAYearlessTimestampThatWouldBeInTheFutureTheYearBefore() {
    long now = Instant.parse("2027-01-01T00:05:00Z").toEpochMilli();
    TimestampParser january = new TimestampParser(2027, now + 86_400_000L);

    assertThat(Instant.ofEpochMilli(january.parse("Dec 31 23:59:58")))
        .isEqualTo(Instant.parse("2026-12-31T23:59:58Z"));
    assertThat(Instant.ofEpochMilli(january.parse("Jan  1 00:00:03")))
        .isEqualTo(Instant.parse("2027-01-01T00:00:03Z"));
    // A timestamp that names its year keeps it, even in the future.
    assertThat(Instant.ofEpochMilli(january.parse("2027-12-31T10:00:00Z")))
        .isEqualTo(Instant.parse("2027-12-31T10:00:00Z"));
  }

  /** Month and weekday names in any case, whatever character starts them, and nothing else. */
  @Test
  void monthAndWeekdayNamesAreKnownByEveryCharacterThatStartsThem() {
    String[] months = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov"};
    for (char c = 0; c < Character.MAX_VALUE; c++) {
      char lower = Character.toLowerCase(c);
      for (String month : months) {
        String word = c + month.substring(1);
        assertThat(TimestampParser.isMonthName(word, 0, 3))
            .as("%s (U+%04X)", word, (int) c)
            .isEqualTo(lower == month.charAt(0));
      }
      assertThat(TimestampParser.isMonthName(c + "ecember", 0, 8)).isEqualTo(lower == 'd');
      assertThat(TimestampParser.isWeekdayName(c + "hu", 0, 3)).isEqualTo(lower == 't');
      assertThat(TimestampParser.isWeekdayName(c + "riday", 0, 6)).isEqualTo(lower == 'f');
      assertThat(TimestampParser.isWeekdayName(c + "at", 0, 3)).isEqualTo(lower == 's');
    }
    assertThat(TimestampParser.isMonthName("SEPTEMBER", 0, 9)).isTrue();
    assertThat(TimestampParser.isWeekdayName("Wed", 0, 3)).isTrue();
  }
}
