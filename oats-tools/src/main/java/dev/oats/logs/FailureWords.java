package dev.oats.logs;

import java.util.Locale;

/**
 * The words that mark a line as a sign of trouble whatever its level: failures, retries, timeouts,
 * refusals, slowness. A log without levels is ranked by them; a log with levels uses them to rank
 * within a level, so that repeated slow requests come before a start-up banner.
 */
final class FailureWords {

  /** Word stems, matched at the start of a word. */
  private static final String[] STEMS = {
    "abort",
    "backoff",
    "back-off",
    "cannot",
    "can't",
    "couldn't",
    "crash",
    "deadline",
    "degraded",
    "denied",
    "dropp",
    "error",
    "exceed",
    "exception",
    "exhaust",
    "expired",
    "fail",
    "fatal",
    "forbidden",
    "invalid",
    "killed",
    "leak",
    "lost",
    "oom",
    "outofmemory",
    "overflow",
    "panic",
    "refused",
    "reject",
    "reset",
    "retry",
    "retries",
    "retrying",
    "slow",
    "stuck",
    "throttl",
    "timeout",
    "timed",
    "unable",
    "unauthori",
    "unavailable",
    "unhealthy",
    "unreachable",
    "unexpected",
    "warn",
    "latency",
    "evict",
    "restart",
    "terminat",
    "broken",
    "corrupt",
    "missing"
  };

  private FailureWords() {}

  /** The first failure word of the text, lower-cased, or null when it has none. */
  static String find(String text) {
    String lower = text.toLowerCase(Locale.ROOT);
    int n = lower.length();
    for (int i = 0; i < n; i++) {
      char c = lower.charAt(i);
      if (!Character.isLetter(c) || (i > 0 && Character.isLetter(lower.charAt(i - 1)))) {
        continue;
      }
      for (String stem : STEMS) {
        if (stem.charAt(0) == c && lower.startsWith(stem, i)) {
          int end = i;
          while (end < n && (Character.isLetter(lower.charAt(end)) || lower.charAt(end) == '\'')) {
            end++;
          }
          return lower.substring(i, end);
        }
      }
    }
    return null;
  }
}
