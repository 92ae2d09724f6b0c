package dev.oats.tools.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.tools.metrics.SeriesSummary.Point;
import dev.oats.tools.metrics.SeriesSummary.Trend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class SeriesSummaryTest {

  @Test
  void aClimbingSeriesIsRisingWithItsFittedChange() {
    SeriesSummary summary = SeriesSummary.of(series(11, i -> 10 + 2 * i));

    assertThat(summary.trend()).isEqualTo(Trend.RISING);
    assertThat(summary.change()).isCloseTo(20, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(summary.last()).isEqualTo(30);
    assertThat(summary.min()).isEqualTo(10);
    assertThat(summary.max()).isEqualTo(30);
    assertThat(summary.mean()).isEqualTo(20);
    assertThat(summary.span()).isEqualTo(Duration.ofSeconds(100));
  }

  @Test
  void aDroppingSeriesIsFalling() {
    assertThat(SeriesSummary.of(series(5, i -> 100 - i * 10)).trend()).isEqualTo(Trend.FALLING);
  }

  @Test
  void noiseAroundALevelAndATinyDriftOnALargeValueAreFlat() {
    assertThat(SeriesSummary.of(series(40, i -> i % 2 == 0 ? 5 : 7)).trend()).isEqualTo(Trend.FLAT);
    assertThat(SeriesSummary.of(series(10, i -> 1_000_000 + i)).trend()).isEqualTo(Trend.FLAT);
    assertThat(SeriesSummary.of(series(1, i -> 3)).trend()).isEqualTo(Trend.FLAT);
  }

  @Test
  void aLongSeriesIsThinnedToTwentyPointsKeepingTheEnds() {
    List<Point> points = series(500, i -> i);

    SeriesSummary summary = SeriesSummary.of(points);

    assertThat(summary.shape()).hasSize(SeriesSummary.SHAPE_POINTS);
    assertThat(summary.shape().getFirst()).isEqualTo(points.getFirst());
    assertThat(summary.shape().getLast()).isEqualTo(points.getLast());
  }

  @Test
  void nanPointsAreLeftOutAndCounted() {
    SeriesSummary summary = SeriesSummary.of(series(6, i -> i == 2 ? Double.NaN : i));

    assertThat(summary.nonFinite()).isEqualTo(1);
    assertThat(summary.mean()).isEqualTo(13 / 5.0);
    assertThat(SeriesSummary.of(series(3, i -> Double.NaN))).isNull();
  }

  @Test
  void valuesAreShortAndLabelsReadLikePromql() throws Exception {
    assertThat(Values.format(0.1 + 0.2)).isEqualTo("0.3");
    assertThat(Values.format(123456789)).isEqualTo("123457000");
    assertThat(Values.format(2.5e-7)).isEqualTo("2.5000e-07");
    assertThat(Values.format(Values.parse("+Inf"))).isEqualTo("+Inf");
    assertThat(Values.signed(9.5)).isEqualTo("+9.5");
    assertThat(
            Labels.format(
                new ObjectMapper()
                    .readTree("{\"pod\":\"x\\\"y\",\"__name__\":\"up\",\"job\":\"api\"}")))
        .isEqualTo("up{job=\"api\", pod=\"x\\\"y\"}");
    assertThat(Labels.format(new ObjectMapper().readTree("{\"__name__\":\"up\"}"))).isEqualTo("up");
    assertThat(Labels.format(new ObjectMapper().readTree("{}"))).isEqualTo("{}");
  }

  /** Points ten seconds apart. */
  private static List<Point> series(int count, IntToDoubleFunction value) {
    List<Point> points = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      points.add(new Point(1_714_557_600_000L + i * 10_000L, value.applyAsDouble(i)));
    }
    return points;
  }
}
