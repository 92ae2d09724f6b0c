package dev.oats.logs;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Errors and warnings counted per time slot, in bounded memory: the slots start one second wide and
 * widen (5 s, 1 min, 5 min, 1 h, 1 day) whenever there would be too many, so a log of any span
 * fits. Each slot width divides the next, so widening never splits a slot.
 */
final class TimeHistogram {

  private static final int MAX_SLOTS = 4096;
  private static final long[] SLOT_SECONDS = {1, 5, 60, 300, 3600, 86_400};
  private static final int MAX_BUCKETS = 24;
  private static final long[] NICE_WIDTHS_SECONDS = {
    1, 5, 10, 30, 60, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400, 604_800
  };

  private int slotIndex;
  private long slotMillis = 1000;
  private final TreeMap<Long, long[]> slots = new TreeMap<>();
  private long lastKey;
  private long[] lastCounts;

  /** Counts one event of this level at this time. */
  void add(long epochMillis, LogLevel level) {
    if (!level.isWarningOrWorse()) {
      return;
    }
    long key = Math.floorDiv(epochMillis, slotMillis);
    // Errors come in bursts: most land in the slot of the one before.
    long[] counts = key == lastKey && lastCounts != null ? lastCounts : slot(key);
    counts[level.isErrorOrWorse() ? 0 : 1]++;
    if (slots.size() > MAX_SLOTS && slotIndex + 1 < SLOT_SECONDS.length) {
      widen();
    }
  }

  private long[] slot(long key) {
    lastKey = key;
    lastCounts = slots.computeIfAbsent(key, k -> new long[2]);
    return lastCounts;
  }

  private void widen() {
    lastCounts = null;
    slotIndex++;
    long factor = SLOT_SECONDS[slotIndex] / SLOT_SECONDS[slotIndex - 1];
    slotMillis = SLOT_SECONDS[slotIndex] * 1000;
    TreeMap<Long, long[]> old = new TreeMap<>(slots);
    slots.clear();
    for (Map.Entry<Long, long[]> entry : old.entrySet()) {
      long key = Math.floorDiv(entry.getKey(), factor);
      long[] into = slots.computeIfAbsent(key, k -> new long[2]);
      into[0] += entry.getValue()[0];
      into[1] += entry.getValue()[1];
    }
  }

  /** A bucket width that cuts [first, last] into at most 24 buckets, on a round number. */
  Duration width(Instant first, Instant last) {
    long span = Math.max(1, Duration.between(first, last).getSeconds() + 1);
    long slotSeconds = Math.max(1, slotMillis / 1000);
    for (long width : NICE_WIDTHS_SECONDS) {
      if (width % slotSeconds == 0 && span / width < MAX_BUCKETS - 1) {
        return Duration.ofSeconds(width);
      }
    }
    return Duration.ofDays(span / (MAX_BUCKETS - 1) / 86_400 + 1);
  }

  /**
   * The counts in buckets of {@code width} from the bucket holding {@code first} to {@code last}.
   */
  List<LogSummary.Bucket> buckets(Instant first, Instant last, Duration width) {
    long widthMillis = width.toMillis();
    long start = Math.floorDiv(first.toEpochMilli(), widthMillis);
    long end = Math.floorDiv(last.toEpochMilli(), widthMillis);
    long[][] counts = new long[(int) (end - start + 1)][2];
    for (Map.Entry<Long, long[]> entry : slots.entrySet()) {
      long bucket = Math.floorDiv(entry.getKey() * slotMillis, widthMillis) - start;
      if (bucket >= 0 && bucket < counts.length) {
        counts[(int) bucket][0] += entry.getValue()[0];
        counts[(int) bucket][1] += entry.getValue()[1];
      }
    }
    List<LogSummary.Bucket> buckets = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      Instant at = Instant.ofEpochMilli((start + i) * widthMillis);
      buckets.add(new LogSummary.Bucket(at, counts[i][0], counts[i][1]));
    }
    return buckets;
  }
}
