package dev.oats.tools.kube;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/** CPU and memory amounts, summed and written the way kubectl top writes them. */
final class Quantities {

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal MI = BigDecimal.valueOf(1024L * 1024);
  private static final BigDecimal GI = BigDecimal.valueOf(1024L * 1024 * 1024);

  private Quantities() {}

  /** The amount of a resource in base units (cores, bytes); zero when absent or unreadable. */
  static BigDecimal amount(Map<String, Quantity> values, String resource) {
    Quantity quantity = values == null ? null : values.get(resource);
    if (quantity == null) {
      return BigDecimal.ZERO;
    }
    try {
      return quantity.getNumericalAmount();
    } catch (ArithmeticException | IllegalArgumentException e) {
      return BigDecimal.ZERO;
    }
  }

  /** Cores as millicores, such as {@code 250m}. */
  static String cpu(BigDecimal cores) {
    return cores.multiply(THOUSAND).setScale(0, RoundingMode.HALF_UP).toPlainString() + "m";
  }

  /** Bytes as {@code 512Mi} or {@code 1.5Gi}. */
  static String memory(BigDecimal bytes) {
    if (bytes.compareTo(GI) >= 0) {
      return bytes.divide(GI, 1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() + "Gi";
    }
    return bytes.divide(MI, 0, RoundingMode.HALF_UP).toPlainString() + "Mi";
  }

  /** {@code 80%} of the whole, or empty when there is no whole to compare with. */
  static String percent(BigDecimal part, BigDecimal whole) {
    if (whole.signum() <= 0) {
      return "";
    }
    return part.multiply(BigDecimal.valueOf(100)).divide(whole, 0, RoundingMode.HALF_UP) + "%";
  }
}
