package dev.oats.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeHistogramTest {

  private static final Instant START = Instant.parse("2024-05-01T00:00:00Z");

  @Test
  void countsErrorsAndWarningsPerBucketAndIgnoresTheRest() {
    TimeHistogram histogram = new TimeHistogram();
    histogram.add(START.toEpochMilli(), LogLevel.ERROR);
    histogram.add(START.plusSeconds(30).toEpochMilli(), LogLevel.WARN);
    histogram.add(START.plusSeconds(70).toEpochMilli(), LogLevel.FATAL);
    histogram.add(START.plusSeconds(70).toEpochMilli(), LogLevel.INFO);

    Instant last = START.plusSeconds(119);
    Duration width = histogram.width(START, last);
    List<LogSummary.Bucket> buckets = histogram.buckets(START, last, width);

    assertThat(width).isEqualTo(Duration.ofSeconds(10));
    assertThat(buckets).hasSize(12);
    assertThat(buckets.get(0).errors()).isEqualTo(1);
    assertThat(buckets.get(3).warnings()).isEqualTo(1);
    assertThat(buckets.get(7).errors()).isEqualTo(1);
  }

  @Test
  void widensItsSlotsSoThatAYearOfErrorsFitsAndKeepsEveryCount() {
    TimeHistogram histogram = new TimeHistogram();
    long events = 0;
    for (long second = 0; second < 365L * 86_400; second += 600) {
      histogram.add(START.plusSeconds(second).toEpochMilli(), LogLevel.ERROR);
      events++;
    }

    Instant last = START.plusSeconds(365L * 86_400 - 600);
    Duration width = histogram.width(START, last);
    List<LogSummary.Bucket> buckets = histogram.buckets(START, last, width);

    assertThat(buckets.size()).isLessThanOrEqualTo(25);
    assertThat(buckets.stream().mapToLong(LogSummary.Bucket::errors).sum()).isEqualTo(events);
  }
}
