package dev.oats.eval.score;

import dev.oats.model.Usage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * List prices of models whose price is known, in US dollars per million tokens, so a run's cost can
 * be shown. A model not listed shows no cost rather than a guess.
 */
public final class Pricing {

  /** Prices per million tokens. */
  public record Price(
      String prefix, double input, double output, double cacheRead, double cacheWrite) {

    public double cost(Usage usage) {
      return (usage.inputTokens() * input
              + usage.outputTokens() * output
              + usage.cacheReadTokens() * cacheRead
              + usage.cacheWriteTokens() * cacheWrite)
          / 1_000_000.0;
    }
  }

  // Longest prefixes first: "gpt-4.1-mini" must not be priced as "gpt-4.1".
  private static final List<Price> PRICES =
      List.of(
          new Price("claude-opus-4", 15.0, 75.0, 1.50, 18.75),
          new Price("claude-sonnet-4", 3.0, 15.0, 0.30, 3.75),
          new Price("claude-3-7-sonnet", 3.0, 15.0, 0.30, 3.75),
          new Price("claude-haiku-4", 1.0, 5.0, 0.10, 1.25),
          new Price("claude-3-5-haiku", 0.80, 4.0, 0.08, 1.0),
          new Price("gpt-4.1-mini", 0.40, 1.60, 0.10, 0.0),
          new Price("gpt-4.1-nano", 0.10, 0.40, 0.025, 0.0),
          new Price("gpt-4.1", 2.0, 8.0, 0.50, 0.0),
          new Price("gpt-4o-mini", 0.15, 0.60, 0.075, 0.0),
          new Price("gpt-4o", 2.50, 10.0, 1.25, 0.0));

  private Pricing() {}

  /**
   * The price of a model, by its label ({@code anthropic/claude-sonnet-4-5}) or name; empty for
   * replays and unknown models.
   */
  public static Optional<Price> of(String model) {
    String name = model.toLowerCase(Locale.ROOT);
    if (name.startsWith("replay/")) {
      return Optional.empty();
    }
    name = name.substring(name.lastIndexOf('/') + 1);
    for (Price price : PRICES) {
      if (name.startsWith(price.prefix())) {
        return Optional.of(price);
      }
    }
    return Optional.empty();
  }
}
