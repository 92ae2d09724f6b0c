package dev.oats.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExcerptTest {

  @Test
  void shortTextIsUntouched() {
    assertThat(Excerpt.of("a\nb", 100, "x")).isEqualTo("a\nb");
  }

  @Test
  void keepsHeadTailAndTroubleFromTheMiddleWithinTheLimit() {
    String log =
        IntStream.range(0, 1_000)
            .mapToObj(i -> i == 500 ? "line 500 ERROR connection refused" : "line " + i + " ok")
            .collect(Collectors.joining("\n"));

    String excerpt = Excerpt.of(log, 1_000, "to fit the output limit");

    assertThat(excerpt)
        .startsWith("line 0 ok\n")
        .contains("line 500 ERROR connection refused")
        .contains("line 999 ok")
        .contains("lines cut")
        .contains("of 1000 lines")
        .contains("to fit the output limit");
    assertThat(excerpt.length()).isLessThan(1_300);
  }

  @Test
  void aSingleHugeLineIsClipped() {
    String excerpt = Excerpt.of("x".repeat(50_000), 2_000, "to fit");

    assertThat(excerpt).contains("[line cut]").hasSizeLessThan(700);
  }
}
