package dev.oats.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.tool.TimedText;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class LogFilterTest {

  /**
   * A line on which {@code x.*y.*z} fails only after ~125,000 reads: about a millisecond, far under
   * the filter's time even interpreted on a loaded machine.
   */
  private static final String SLOW_LINE = "x".repeat(500);

  @Test
  void theMatchTimeIsSummedOverTheLinesSoManySlowLinesStopTheCallNotJustOneSlowLine() {
    Predicate<String> filter = LogFilter.matcher("x.*y.*z", Duration.ofMillis(500));
    long start = System.nanoTime();
    int[] read = {0};

    assertThatThrownBy(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                read[0]++;
                filter.test(SLOW_LINE);
              }
            })
        .isInstanceOf(TimedText.TimeUp.class);

    // Each line takes about a millisecond: a limit per line would let all 20,000 run.
    assertThat(read[0]).isLessThan(20_000);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void timeSpentBetweenLinesDoesNotCountAgainstTheMatchTime() throws InterruptedException {
    Predicate<String> filter = LogFilter.matcher("refused", Duration.ofSeconds(1));

    assertThat(filter.test("connection refused")).isTrue();
    Thread.sleep(1_200); // reading the next chunk of the log from the API server
    // Long enough that the matcher looks at the clock (every 1,024 characters read) on the way.
    assertThat(filter.test("-".repeat(3_000) + " dial tcp: connection REFUSED")).isTrue();
    assertThat(filter.test("started")).isFalse();
    assertThat(filter.test(null)).isFalse();
  }

  @Test
  void aGrepThatIsNotARegexIsAPlainCaseInsensitiveSubstring() {
    Predicate<String> filter = LogFilter.matcher("postgres[");

    assertThat(filter.test("REFUSED: POSTGRES[5432]")).isTrue();
    assertThat(filter.test("postgres")).isFalse();
  }
}
