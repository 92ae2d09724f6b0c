package dev.oats.agent;

import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs start-up work that only makes a later step faster (the SDK's serialisers, the tokenizer's
 * table, the argument validator) on a thread of its own, while the agent loads its tools. Such a
 * task may fail: the step it prepares then does the work itself and meets the same problem, so the
 * run goes on as it would have without the warm-up. The failure is reported, never swallowed: a
 * warm-up that always fails would otherwise hide the start it costs.
 */
class WarmUp {

  private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);

  /** Logs the failure at WARN: the agent works, its start is only slower. */
  static final WarmUp LOGGED =
      new WarmUp(
          (what, failure) ->
              LOG.warn(
                  "Warm-up of {} failed; the agent goes on, only its start is slower: {}",
                  what,
                  failure.toString()));

  private final BiConsumer<String, Throwable> failures;

  /**
   * @param failures gets what failed to warm up and why
   */
  WarmUp(BiConsumer<String, Throwable> failures) {
    this.failures = failures;
  }

  /** Starts {@code task} on a daemon thread; what it throws goes to the failure report. */
  Thread start(String what, Runnable task) {
    return Thread.ofPlatform()
        .name("oats-warm-up")
        .daemon()
        .start(
            () -> {
              try {
                task.run();
              } catch (RuntimeException | Error e) {
                failures.accept(what, e);
              } finally {
                StartupTrace.mark("warm-up done: " + what);
              }
            });
  }
}
