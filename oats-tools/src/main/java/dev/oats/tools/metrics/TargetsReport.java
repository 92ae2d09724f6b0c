package dev.oats.tools.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.tool.ToolResult;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Scrape targets with the broken ones first, each with the error of its last scrape. */
final class TargetsReport {

  /** The most targets listed; down targets come first, so they are the last to be cut. */
  static final int SHOWN = 40;

  private static final int ERROR_CHARS = 300;

  /** Prometheus's zero time, for a target that was never scraped. */
  private static final Instant NEVER = Instant.parse("0001-01-01T00:00:00Z");

  private TargetsReport() {}

  static ToolResult render(JsonNode data, Instant now) {
    List<JsonNode> targets = new ArrayList<>();
    data.path("activeTargets").forEach(targets::add);
    if (targets.isEmpty()) {
      return ToolResult.noData(
          "Prometheus has no active scrape targets: check its scrape_configs and service"
              + " discovery.");
    }
    targets.sort(
        Comparator.comparingInt(TargetsReport::rank)
            .thenComparing(target -> target.path("scrapePool").asText())
            .thenComparing(target -> target.path("scrapeUrl").asText()));
    StringBuilder out = new StringBuilder(heading(targets));
    for (JsonNode target : targets.subList(0, Math.min(SHOWN, targets.size()))) {
      out.append(line(target, now));
    }
    if (targets.size() > SHOWN) {
      out.append("… and %d more targets.\n".formatted(targets.size() - SHOWN));
    }
    return ToolResult.success(out.toString().stripTrailing());
  }

  private static int rank(JsonNode target) {
    return switch (target.path("health").asText()) {
      case "down" -> 0;
      case "up" -> 2;
      default -> 1;
    };
  }

  private static String heading(List<JsonNode> targets) {
    long down = targets.stream().filter(target -> rank(target) == 0).count();
    long up = targets.stream().filter(target -> rank(target) == 2).count();
    long unknown = targets.size() - down - up;
    return "%d active targets: %d down, %d up%s.\n"
        .formatted(
            targets.size(),
            down,
            up,
            unknown == 0 ? "" : ", %d not scraped yet".formatted(unknown));
  }

  private static String line(JsonNode target, Instant now) {
    StringBuilder line =
        new StringBuilder(
            "%-7s job=%s %s"
                .formatted(
                    target.path("health").asText("unknown").toUpperCase(Locale.ROOT),
                    target.path("labels").path("job").asText(target.path("scrapePool").asText()),
                    target.path("scrapeUrl").asText()));
    line.append(lastScrape(target, now));
    String error = target.path("lastError").asText("").strip().replaceAll("\\s+", " ");
    if (!error.isEmpty()) {
      if (error.length() > ERROR_CHARS) {
        error = dev.oats.redact.SafeCut.head(error, ERROR_CHARS) + "…";
      }
      line.append("\n  error: ").append(error);
    }
    return line.append('\n').toString();
  }

  private static String lastScrape(JsonNode target, Instant now) {
    try {
      Instant last = Instant.parse(target.path("lastScrape").asText(""));
      if (!last.isAfter(NEVER)) {
        return ", never scraped";
      }
      Duration age = Duration.between(last, now);
      double seconds = target.path("lastScrapeDuration").asDouble();
      return ", last scrape %s ago (took %s)"
          .formatted(
              age.isNegative() ? "0s" : TimeSpec.format(age.withNanos(0)),
              TimeSpec.format(Duration.ofMillis(Math.round(seconds * 1000))));
    } catch (DateTimeException e) {
      return "";
    }
  }
}
