package dev.oats.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeSpecTest {

  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void timesAreReadAsRfc3339UnixSecondsOrRelativeToNow() {
    assertThat(TimeSpec.instant("start", "2024-05-01T10:00:00Z", NOW))
        .isEqualTo("2024-05-01T10:00:00Z");
    assertThat(TimeSpec.instant("start", "2024-05-01T12:00:00+02:00", NOW))
        .isEqualTo("2024-05-01T10:00:00Z");
    assertThat(TimeSpec.instant("start", "2024-05-01T10:00:00", NOW))
        .isEqualTo("2024-05-01T10:00:00Z");
    assertThat(TimeSpec.instant("start", "1714557600.5", NOW))
        .isEqualTo("2024-05-01T10:00:00.500Z");
    assertThat(TimeSpec.instant("start", "now", NOW)).isEqualTo(NOW);
    assertThat(TimeSpec.instant("start", "-1h", NOW)).isEqualTo("2024-05-01T11:00:00Z");
    assertThat(TimeSpec.instant("start", "now-1h30m", NOW)).isEqualTo("2024-05-01T10:30:00Z");
    assertThat(TimeSpec.instant("end", "now + 5m", NOW)).isEqualTo("2024-05-01T12:05:00Z");
  }

  @Test
  void somethingElseIsRefusedWithTheFormsThatWork() {
    assertThatThrownBy(() -> TimeSpec.instant("end", "-1 hour", NOW))
        .hasMessageStartingWith("end '-1 hour' is not a time: use RFC3339");
  }

  @Test
  void durationsAreReadInPrometheusUnitsOrAsSeconds() {
    assertThat(TimeSpec.duration("step", "30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(TimeSpec.duration("step", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(TimeSpec.duration("step", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(TimeSpec.duration("step", "15")).isEqualTo(Duration.ofSeconds(15));
    assertThat(TimeSpec.duration("step", "0.5")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> TimeSpec.duration("step", "0s"))
        .hasMessage(
            "step '0s' is not a positive duration: use a number and a unit, such as 30s, 1m, 5m"
                + " or 1h");
    assertThatThrownBy(() -> TimeSpec.duration("step", "30 s")).hasMessageContaining("30 s");
  }

  @Test
  void theDefaultStepIsARoundOneGivingAtMost120Points() {
    assertThat(TimeSpec.defaultStep(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    assertThat(TimeSpec.defaultStep(Duration.ofMinutes(15))).isEqualTo(Duration.ofSeconds(10));
    assertThat(TimeSpec.defaultStep(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(30));
    assertThat(TimeSpec.defaultStep(Duration.ofHours(6))).isEqualTo(Duration.ofMinutes(5));
    assertThat(TimeSpec.defaultStep(Duration.ofDays(7))).isEqualTo(Duration.ofHours(2));
    assertThat(TimeSpec.defaultStep(Duration.ofDays(365))).isEqualTo(Duration.ofSeconds(262800));
    for (long minutes = 1; minutes < 100_000; minutes += 37) {
      Duration range = Duration.ofMinutes(minutes);
      assertThat(range.toMillis() / TimeSpec.defaultStep(range).toMillis())
          .isLessThanOrEqualTo(120);
    }
  }

  @Test
  void durationsAreWrittenTheWayPrometheusReadsThem() {
    assertThat(TimeSpec.format(Duration.ofSeconds(5430))).isEqualTo("1h30m30s");
    assertThat(TimeSpec.format(Duration.ofDays(2))).isEqualTo("2d");
    assertThat(TimeSpec.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(TimeSpec.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(TimeSpec.unix(Instant.parse("2024-05-01T10:00:00.250Z"))).isEqualTo("1714557600.25");
  }
}
