package dev.oats.llm;

import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * A {@link ChatModel} that retries the failures a retry can cure: those whose {@link
 * ModelException.Kind#retryable() kind is retryable}. It waits what the provider asked for ({@code
 * retry-after}, capped), or else an exponential backoff with full jitter, and tells a listener
 * before each retry. Other failures, and the last one when the retries run out, are thrown.
 *
 * <p>The provider SDKs' own retries must be off, or the two would multiply.
 */
public final class RetryingChatModel implements ChatModel {

  /**
   * How often and how long to retry.
   *
   * @param maxRetries retries after the first attempt
   * @param initialBackoff the cap of the first backoff; each retry doubles it
   * @param maxBackoff the cap that doubling stops at
   * @param maxRetryAfter the longest {@code retry-after} honoured; a longer one is cut to this
   */
  public record Policy(
      int maxRetries, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {

    public Policy {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries cannot be negative: " + maxRetries);
      }
      requirePositive(initialBackoff, "initialBackoff");
      requirePositive(maxBackoff, "maxBackoff");
      requirePositive(maxRetryAfter, "maxRetryAfter");
    }

    /** 5 retries, backoff from 1 s up to 30 s, {@code retry-after} honoured up to 60 s. */
    public static Policy defaults() {
      return new Policy(5, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    private static void requirePositive(Duration duration, String name) {
      if (duration == null || duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + duration);
      }
    }
  }

  /** Waits between attempts; tests pass one that records the delay and returns at once. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  private final ChatModel delegate;
  private final Policy policy;
  private final Consumer<String> onRetry;
  private final Sleeper sleeper;
  private final DoubleSupplier jitter;

  /**
   * A decorator that really sleeps, with random jitter.
   *
   * @param onRetry told before each retry, with a line such as {@code anthropic/claude-x: rate
   *     limited (…), retry 1/5 in 2.0 s}
   */
  public RetryingChatModel(ChatModel delegate, Policy policy, Consumer<String> onRetry) {
    this(delegate, policy, onRetry, Thread::sleep, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * A decorator with its waiting and its randomness passed in.
   *
   * @param jitter gives numbers in {@code [0, 1)}; the backoff is that fraction of its cap
   */
  public RetryingChatModel(
      ChatModel delegate,
      Policy policy,
      Consumer<String> onRetry,
      Sleeper sleeper,
      DoubleSupplier jitter) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.onRetry = Objects.requireNonNull(onRetry, "onRetry");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.jitter = Objects.requireNonNull(jitter, "jitter");
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, Instant.MAX);
  }

  /**
   * Asks the model, retrying what a retry can cure, all within {@code deadline}: an attempt still
   * unanswered at the deadline is abandoned, and a retry whose wait would end at or past the
   * deadline is not started.
   */
  @Override
  public ChatResponse chat(ChatRequest request, Instant deadline) {
    for (int retry = 0; ; retry++) {
      try {
        return attempt(request, deadline);
      } catch (ModelException e) {
        if (!e.kind().retryable()) {
          throw e;
        }
        if (retry == policy.maxRetries()) {
          throw gaveUp(e, retry + 1);
        }
        Duration wait = delayBefore(retry, e);
        if (!deadline.equals(Instant.MAX) && !Instant.now().plus(wait).isBefore(deadline)) {
          throw new ModelException(
              Kind.TIMEOUT,
              e.getMessage() + " (not retried: the investigation's deadline comes first)",
              null,
              e);
        }
        onRetry.accept(retryLine(e, retry + 1, wait));
        sleep(wait);
      }
    }
  }

  /**
   * One call, on a thread of its own so that a model that never answers (or an adapter that ignores
   * the deadline) cannot hold the investigation past its deadline.
   */
  private ChatResponse attempt(ChatRequest request, Instant deadline) {
    if (deadline.equals(Instant.MAX)) {
      return delegate.chat(request);
    }
    // Rounded up: a wait cut to whole milliseconds would end before the deadline it stands for.
    long left = (Duration.between(Instant.now(), deadline).toNanos() + 999_999) / 1_000_000;
    if (left <= 0) {
      throw pastDeadline();
    }
    // The call's thread continues the caller's trace context, so a traced model's span has its
    // parent.
    FutureTask<ChatResponse> call =
        new FutureTask<>(Context.current().wrap(() -> delegate.chat(request, deadline)));
    // A virtual thread: the call only waits on sockets, and starting a platform thread for every
    // call cost the loop more than the rest of a turn's bookkeeping.
    Thread caller = Thread.ofVirtual().name("oats-model-call").start(call);
    try {
      return call.get(left, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true);
      caller.interrupt();
      throw pastDeadline();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new ModelException(Kind.OTHER, describe() + ": " + e.getCause(), null, e.getCause());
    } catch (InterruptedException e) {
      call.cancel(true);
      caller.interrupt();
      Thread.currentThread().interrupt();
      throw new ModelException(Kind.CANCELLED, describe() + ": cancelled while waiting", null, e);
    }
  }

  private ModelException pastDeadline() {
    return new ModelException(
        Kind.TIMEOUT, describe() + " did not answer before the investigation's deadline");
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  private Duration delayBefore(int retry, ModelException failure) {
    return failure
        .retryAfter()
        .map(asked -> asked.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : asked)
        .orElseGet(() -> backoff(retry));
  }

  private Duration backoff(int retry) {
    double capMillis =
        Math.min(
            policy.maxBackoff().toMillis(),
            policy.initialBackoff().toMillis() * Math.pow(2, retry));
    return Duration.ofMillis(Math.round(capMillis * jitter.getAsDouble()));
  }

  private String retryLine(ModelException failure, int retryNumber, Duration wait) {
    return describe()
        + ": "
        + label(failure.kind())
        + " ("
        + failure.getMessage()
        + "), retry "
        + retryNumber
        + "/"
        + policy.maxRetries()
        + " in "
        + ModelFailures.seconds(wait);
  }

  private void sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ModelException(
          Kind.CANCELLED, describe() + ": cancelled while waiting to retry", null, e);
    }
  }

  private static ModelException gaveUp(ModelException last, int attempts) {
    return new ModelException(
        last.kind(),
        last.getMessage()
            + " (gave up after "
            + attempts
            + (attempts == 1 ? " attempt)" : " attempts)"),
        last.retryAfter().orElse(null),
        last);
  }

  private static String label(Kind kind) {
    return switch (kind) {
      case RATE_LIMITED -> "rate limited";
      case SERVER_ERROR -> "server error";
      case TIMEOUT -> "timed out";
      default -> kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    };
  }
}
