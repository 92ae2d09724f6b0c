package dev.oats.model;

/**
 * Tokens consumed by one model call, or summed over many.
 *
 * @param inputTokens prompt tokens that were neither read from nor written to the cache
 * @param outputTokens tokens the model generated
 * @param cacheReadTokens prompt tokens served from the provider's prompt cache
 * @param cacheWriteTokens prompt tokens written to the provider's prompt cache
 */
public record Usage(
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadTokens + other.cacheReadTokens,
        cacheWriteTokens + other.cacheWriteTokens);
  }

  /** Every token of the call, cached or not. */
  public long total() {
    return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
  }
}
