package dev.oats.tools.metrics;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers written short enough to scan in a table, without losing their size. */
final class Values {

  private static final MathContext SIGNIFICANT = new MathContext(6);

  private Values() {}

  /**
   * Parses a sample value as Prometheus writes it ({@code "1.5"}, {@code "NaN"}, {@code "+Inf"}).
   */
  static double parse(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }

  /** Six significant digits, plain notation for everyday sizes, scientific for the extremes. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    double magnitude = Math.abs(value);
    if (value != 0 && (magnitude < 1e-4 || magnitude >= 1e15)) {
      return "%.4e".formatted(value);
    }
    return new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros().toPlainString();
  }

  /** A change with its sign, such as {@code +9.5} or {@code -0.25}. */
  static String signed(double value) {
    return value > 0 ? "+" + format(value) : format(value);
  }
}
