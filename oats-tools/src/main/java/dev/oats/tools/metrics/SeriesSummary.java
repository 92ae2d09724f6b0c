package dev.oats.tools.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an engineer reads off a series' graph: where it ended, its range, its average, which way it
 * went, and a few points for the shape.
 *
 * @param last the last finite value
 * @param min the smallest finite value
 * @param max the largest finite value
 * @param mean the average of the finite values
 * @param trend which way a straight-line fit goes
 * @param change how much the fitted line moves from the first point to the last
 * @param span the time from the first finite point to the last
 * @param shape at most {@link #SHAPE_POINTS} points, evenly spread, first and last included
 * @param nonFinite how many points were NaN or infinite and left out of the numbers
 */
record SeriesSummary(
    double last,
    double min,
    double max,
    double mean,
    Trend trend,
    double change,
    Duration span,
    List<Point> shape,
    int nonFinite) {

  /** The most points kept to show a series' shape. */
  static final int SHAPE_POINTS = 20;

  /** A change smaller than this share of the series' spread reads as flat. */
  private static final double FLAT_SHARE_OF_SPREAD = 0.1;

  /** A change smaller than this share of the series' mean reads as flat. */
  private static final double FLAT_SHARE_OF_MEAN = 0.01;

  /** Which way a series went. */
  enum Trend {
    RISING,
    FALLING,
    FLAT
  }

  /** One sample. */
  record Point(long epochMillis, double value) {}

  /**
   * Summarises the points, which come in time order.
   *
   * @return null when no point has a finite value
   */
  static SeriesSummary of(List<Point> points) {
    List<Point> finite = points.stream().filter(point -> Double.isFinite(point.value())).toList();
    if (finite.isEmpty()) {
      return null;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (Point point : finite) {
      min = Math.min(min, point.value());
      max = Math.max(max, point.value());
      sum += point.value();
    }
    double mean = sum / finite.size();
    long first = finite.getFirst().epochMillis();
    long last = finite.getLast().epochMillis();
    double change = slopePerMilli(finite) * (last - first);
    return new SeriesSummary(
        finite.getLast().value(),
        min,
        max,
        mean,
        trend(change, max - min, mean),
        change,
        Duration.ofMillis(last - first),
        thin(finite),
        points.size() - finite.size());
  }

  /** Least squares over time; time is taken from the first point to keep the sums small. */
  private static double slopePerMilli(List<Point> points) {
    if (points.size() < 2) {
      return 0;
    }
    long origin = points.getFirst().epochMillis();
    double meanTime = 0;
    double meanValue = 0;
    for (Point point : points) {
      meanTime += point.epochMillis() - origin;
      meanValue += point.value();
    }
    meanTime /= points.size();
    meanValue /= points.size();
    double covariance = 0;
    double variance = 0;
    for (Point point : points) {
      double time = point.epochMillis() - origin - meanTime;
      covariance += time * (point.value() - meanValue);
      variance += time * time;
    }
    return variance == 0 ? 0 : covariance / variance;
  }

  private static Trend trend(double change, double spread, double mean) {
    boolean flat =
        spread == 0
            || Math.abs(change) < FLAT_SHARE_OF_SPREAD * spread
            || (mean != 0 && Math.abs(change) < FLAT_SHARE_OF_MEAN * Math.abs(mean));
    if (flat) {
      return Trend.FLAT;
    }
    return change > 0 ? Trend.RISING : Trend.FALLING;
  }

  private static List<Point> thin(List<Point> points) {
    if (points.size() <= SHAPE_POINTS) {
      return points;
    }
    List<Point> kept = new ArrayList<>(SHAPE_POINTS);
    for (int i = 0; i < SHAPE_POINTS; i++) {
      kept.add(points.get((int) Math.round(i * (points.size() - 1) / (double) (SHAPE_POINTS - 1))));
    }
    return kept;
  }
}
