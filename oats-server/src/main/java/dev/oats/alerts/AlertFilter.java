package dev.oats.alerts;

import dev.oats.tools.runbooks.LabelMatcher;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which firing alerts start investigations: those whose labels satisfy every matcher and whose
 * {@code severity} is at least the minimum. An alert without a severity label, or with one OATS
 * does not know, counts as {@code warning}.
 *
 * @param minSeverity {@code none} (any), {@code info}, {@code warning}, {@code error} or {@code
 *     critical}
 */
public record AlertFilter(List<LabelMatcher> matchers, String minSeverity) {

  /** Every alert. */
  public static final AlertFilter ALL = new AlertFilter(List.of(), "none");

  public AlertFilter {
    matchers = List.copyOf(matchers);
    rank(minSeverity);
  }

  /**
   * From the settings {@code OATS_ALERT_MATCHERS} and {@code OATS_ALERT_MIN_SEVERITY}.
   *
   * @throws IllegalArgumentException naming the setting when the matchers do not parse
   */
  public static AlertFilter of(String matchers, String minSeverity) {
    try {
      return new AlertFilter(
          LabelMatcher.parseList(matchers), minSeverity == null ? "warning" : minSeverity);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OATS_ALERT_MATCHERS: " + e.getMessage(), e);
    }
  }

  /** Why these labels do not start an investigation, or empty when they do. */
  public Optional<String> refuses(Map<String, String> labels) {
    for (LabelMatcher matcher : matchers) {
      if (!matcher.matches(labels)) {
        return Optional.of("does not match " + matcher + " (OATS_ALERT_MATCHERS)");
      }
    }
    String severity = labels.getOrDefault("severity", "");
    if (severityRank(severity) < rank(minSeverity)) {
      return Optional.of(
          "severity \"%s\" is below %s (OATS_ALERT_MIN_SEVERITY)".formatted(severity, minSeverity));
    }
    return Optional.empty();
  }

  private static int rank(String minimum) {
    return switch (minimum.toLowerCase(Locale.ROOT)) {
      case "none" -> 0;
      case "info" -> 1;
      case "warning" -> 2;
      case "error" -> 3;
      case "critical" -> 4;
      default ->
          throw new IllegalArgumentException(
              "OATS_ALERT_MIN_SEVERITY must be none, info, warning, error or critical, not "
                  + minimum);
    };
  }

  /** A severity label's rank, with the names in common use. */
  static int severityRank(String severity) {
    return switch (severity.toLowerCase(Locale.ROOT)) {
      case "none", "debug" -> 0;
      case "info", "informational", "low" -> 1;
      case "error", "high", "major" -> 3;
      case "critical", "page", "fatal", "emergency", "disaster" -> 4;
      default -> 2; // warning, medium, minor, missing or unknown
    };
  }
}
