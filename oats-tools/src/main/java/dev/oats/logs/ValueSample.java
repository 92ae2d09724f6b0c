package dev.oats.logs;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The values one numeric variable of a template took: exact count, minimum and maximum, and a
 * bounded uniform sample (reservoir sampling with a fixed seed, so a summary is reproducible) from
 * which the quantiles are read.
 */
final class ValueSample {

  private static final int CAPACITY = 64;

  final String label;
  final String unit;
  final boolean keyed;
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double[] sample = new double[4];
  private int size;
  private final SplittableRandom random;

  ValueSample(String label, String unit, boolean keyed, long seed) {
    this.label = label;
    this.unit = unit;
    this.keyed = keyed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Whether a field read from another event of the template is the same variable: the same label,
   * and the same unit or one of the same kind (a duration in µs beside one in ms).
   */
  boolean matches(NumberFields.Field field) {
    return label.equals(field.label())
        && (unit.equalsIgnoreCase(field.unit()) || !Double.isNaN(scale(field.unit())));
  }

  /** The field's value in this variable's unit. */
  double valueOf(NumberFields.Field field) {
    if (unit.equalsIgnoreCase(field.unit())) {
      return field.value();
    }
    return field.value() * scale(field.unit());
  }

  /** The factor from {@code other} to this variable's unit, or NaN when they do not convert. */
  private double scale(String other) {
    double[] mine = Units.of(unit);
    double[] theirs = Units.of(other);
    if (mine == null || theirs == null || mine[0] != theirs[0]) {
      return Double.NaN;
    }
    return theirs[1] / mine[1];
  }

  /** Units of time and size: a kind and the size of the unit in seconds or bytes. */
  private static final class Units {
    static double[] of(String unit) {
      return switch (unit.toLowerCase(java.util.Locale.ROOT)) {
        case "ns" -> new double[] {0, 1e-9};
        case "us", "µs" -> new double[] {0, 1e-6};
        case "ms" -> new double[] {0, 1e-3};
        case "s", "sec", "secs", "second", "seconds" -> new double[] {0, 1};
        case "m", "min", "mins", "minute", "minutes" -> new double[] {0, 60};
        case "h", "hour", "hours" -> new double[] {0, 3600};
        case "b", "bytes" -> new double[] {1, 1};
        case "kb", "kib" -> new double[] {1, 1024};
        case "mb", "mib" -> new double[] {1, 1024 * 1024};
        case "gb", "gib" -> new double[] {1, 1024 * 1024 * 1024};
        default -> null;
      };
    }
  }

  void add(double value) {
    count++;
    min = Math.min(min, value);
    max = Math.max(max, value);
    if (size < CAPACITY) {
      if (size == sample.length) {
        sample = Arrays.copyOf(sample, Math.min(CAPACITY, size * 2));
      }
      sample[size++] = value;
    } else {
      long slot = random.nextLong(count);
      if (slot < CAPACITY) {
        sample[(int) slot] = value;
      }
    }
  }

  /** Adds another sample of the same variable (templates merged by the miner). */
  void absorb(ValueSample other) {
    // The other's extremes are exact; its sampled values stand in for the rest.
    for (int i = 0; i < other.size; i++) {
      add(other.sample[i]);
    }
    count += other.count - other.size;
    min = Math.min(min, other.min);
    max = Math.max(max, other.max);
  }

  /** The summary, or null when the variable was seen once (the example says it). */
  LogSummary.NumberSummary summary() {
    if (count < 2) {
      return null;
    }
    double[] sorted = Arrays.copyOf(sample, size);
    Arrays.sort(sorted);
    return new LogSummary.NumberSummary(
        label,
        unit,
        keyed,
        count,
        min,
        quantile(sorted, 0.5),
        quantile(sorted, 0.9),
        quantile(sorted, 0.99),
        max);
  }

  private static double quantile(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
