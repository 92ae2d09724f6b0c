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

  @Test
  void evidenceKeepsTheMostSevereLinesFirstAndEachKindOnce() {
    StringBuilder log = new StringBuilder("$ kubectl logs app\n");
    for (int i = 0; i < 300; i++) {
      log.append("line ").append(i).append(" INFO ok\n");
      if (i % 20 == 0) {
        log.append("line ").append(i).append(" WARN slow upstream, retrying\n");
      }
      if (i == 250) {
        log.append("Caused by: PSQLException: FATAL: password authentication failed\n");
      }
    }

    String excerpt = Excerpt.evidence(log.toString(), 300, "to fit the context budget");

    assertThat(excerpt)
        .startsWith("$ kubectl logs app\n")
        .contains("Caused by: PSQLException: FATAL: password authentication failed")
        .contains("line 299 INFO ok")
        .contains("kept to fit the context budget");
    assertThat(excerpt.split("WARN slow upstream", -1)).hasSizeLessThanOrEqualTo(2);
  }
}
