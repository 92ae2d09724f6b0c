package dev.oats.llm;

import static dev.oats.llm.Conversations.firstTurn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import dev.oats.model.Usage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetryingChatModelTest {

  private static final ChatResponse ANSWER =
      new ChatResponse("ok", List.of(), ChatResponse.StopReason.END_TURN, Usage.ZERO);

  /** Fails with the scripted exceptions in order, then answers. */
  private static final class ScriptedModel implements ChatModel {
    private final Deque<ModelException> failures = new ArrayDeque<>();
    private int calls;

    ScriptedModel failing(ModelException... failures) {
      this.failures.addAll(List.of(failures));
      return this;
    }

    @Override
    public ChatResponse chat(ChatRequest request) {
      calls++;
      ModelException next = failures.poll();
      if (next != null) {
        throw next;
      }
      return ANSWER;
    }

    @Override
    public String describe() {
      return "fake/model";
    }
  }

  private final List<Duration> sleeps = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void answersAtOnceWhenNothingFails() {
    ScriptedModel model = new ScriptedModel();

    assertThat(retrying(model, RetryingChatModel.Policy.defaults(), () -> 0.5).chat(firstTurn()))
        .isSameAs(ANSWER);
    assertThat(sleeps).isEmpty();
    assertThat(lines).isEmpty();
  }

  @Test
  void doublesTheBackoffUpToItsCap() {
    ScriptedModel model = new ScriptedModel().failing(serverErrors(6));
    RetryingChatModel.Policy policy =
        new RetryingChatModel.Policy(
            6, Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60));

    retrying(model, policy, () -> 1.0).chat(firstTurn());

    assertThat(sleeps)
        .extracting(Duration::toMillis)
        .containsExactly(1000L, 2000L, 4000L, 5000L, 5000L, 5000L);
    assertThat(model.calls).isEqualTo(7);
  }

  @Test
  void jittersTheWholeBackoff() {
    ScriptedModel model = new ScriptedModel().failing(serverErrors(2));

    retrying(model, RetryingChatModel.Policy.defaults(), () -> 0.25).chat(firstTurn());

    assertThat(sleeps).extracting(Duration::toMillis).containsExactly(250L, 500L);
  }

  @Test
  void honoursRetryAfterUpToItsCap() {
    ScriptedModel model =
        new ScriptedModel()
            .failing(
                new ModelException(Kind.RATE_LIMITED, "slow down", Duration.ofSeconds(3), null),
                new ModelException(Kind.RATE_LIMITED, "slow down", Duration.ofMinutes(10), null));

    retrying(model, RetryingChatModel.Policy.defaults(), () -> 0.5).chat(firstTurn());

    assertThat(sleeps).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(60));
  }

  @Test
  void tellsTheListenerBeforeEachRetry() {
    ScriptedModel model =
        new ScriptedModel()
            .failing(
                new ModelException(
                    Kind.RATE_LIMITED,
                    "Anthropic at https://api.anthropic.com answered HTTP 429: slow down",
                    Duration.ofSeconds(2),
                    null));

    retrying(model, RetryingChatModel.Policy.defaults(), () -> 0.5).chat(firstTurn());

    assertThat(lines)
        .containsExactly(
            "fake/model: rate limited (Anthropic at https://api.anthropic.com answered HTTP 429:"
                + " slow down), retry 1/5 in 2.0 s");
  }

  @Test
  void throwsAFailureThatARetryCannotCureAsItIs() {
    ModelException badRequest = new ModelException(Kind.BAD_REQUEST, "unknown model");
    ScriptedModel model = new ScriptedModel().failing(badRequest);

    ModelException thrown =
        catchThrowableOfType(
            ModelException.class,
            () ->
                retrying(model, RetryingChatModel.Policy.defaults(), () -> 0.5).chat(firstTurn()));

    assertThat(thrown).isSameAs(badRequest);
    assertThat(model.calls).isEqualTo(1);
    assertThat(sleeps).isEmpty();
  }

  @Test
  void saysHowManyAttemptsItMadeWhenItGivesUp() {
    ScriptedModel model = new ScriptedModel().failing(serverErrors(3));
    RetryingChatModel.Policy policy =
        new RetryingChatModel.Policy(
            2, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60));

    ModelException thrown =
        catchThrowableOfType(
            ModelException.class, () -> retrying(model, policy, () -> 0.5).chat(firstTurn()));

    assertThat(thrown.kind()).isEqualTo(Kind.SERVER_ERROR);
    assertThat(thrown.getMessage()).isEqualTo("HTTP 500 number 3 (gave up after 3 attempts)");
  }

  @Test
  void turnsAnInterruptedWaitIntoACancellation() {
    ScriptedModel model = new ScriptedModel().failing(serverErrors(1));
    RetryingChatModel retrying =
        new RetryingChatModel(
            model,
            RetryingChatModel.Policy.defaults(),
            lines::add,
            duration -> {
              throw new InterruptedException();
            },
            () -> 0.5);

    ModelException thrown =
        catchThrowableOfType(ModelException.class, () -> retrying.chat(firstTurn()));

    assertThat(thrown.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(thrown.getMessage()).isEqualTo("fake/model: cancelled while waiting to retry");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void describesItselfAsTheModelItWraps() {
    assertThat(
            new RetryingChatModel(
                    new ScriptedModel(), RetryingChatModel.Policy.defaults(), line -> {})
                .describe())
        .isEqualTo("fake/model");
  }

  /**
   * An attempt still running at the deadline is abandoned and its thread interrupted, so a model
   * call that never answers does not keep waiting on its socket; the next call runs at once on
   * another thread (the calls' threads are reused from call to call).
   */
  @Test
  void anAttemptPastTheDeadlineIsInterruptedAndTheNextCallStillRuns() throws Exception {
    java.util.concurrent.CountDownLatch interrupted = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    ChatModel hanging =
        new ChatModel() {
          @Override
          public ChatResponse chat(ChatRequest request) {
            if (calls.incrementAndGet() > 1) {
              return ANSWER;
            }
            try {
              Thread.sleep(60_000);
            } catch (InterruptedException e) {
              interrupted.countDown();
            }
            return ANSWER;
          }

          @Override
          public String describe() {
            return "fake/hanging";
          }
        };
    RetryingChatModel model =
        new RetryingChatModel(
            hanging,
            new RetryingChatModel.Policy(
                0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)),
            lines::add);

    ModelException failure =
        catchThrowableOfType(
            ModelException.class,
            () -> model.chat(firstTurn(), java.time.Instant.now().plusMillis(200)));

    assertThat(failure.kind()).isEqualTo(Kind.TIMEOUT);
    assertThat(interrupted.await(5, java.util.concurrent.TimeUnit.SECONDS))
        .as("the abandoned attempt's thread was interrupted")
        .isTrue();
    assertThat(model.chat(firstTurn(), java.time.Instant.now().plusSeconds(5))).isSameAs(ANSWER);
  }

  private RetryingChatModel retrying(
      ChatModel model, RetryingChatModel.Policy policy, DoubleSupplier jitter) {
    return new RetryingChatModel(model, policy, lines::add, sleeps::add, jitter);
  }

  private static ModelException[] serverErrors(int count) {
    ModelException[] failures = new ModelException[count];
    for (int i = 0; i < count; i++) {
      failures[i] = new ModelException(Kind.SERVER_ERROR, "HTTP 500 number " + (i + 1));
    }
    return failures;
  }
}
