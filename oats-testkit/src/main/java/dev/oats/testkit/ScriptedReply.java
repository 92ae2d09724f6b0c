package dev.oats.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One scripted answer of a {@link FakeModelServer}, in terms that fit every provider: the fake
 * turns it into its own wire format. Instances are immutable; the {@code with…} methods return
 * copies.
 *
 * <pre>{@code
 * server.enqueue(
 *     ScriptedReply.httpError(429, "slow down").withHeader("retry-after", "1"),
 *     ScriptedReply.toolCall("kubectl_info", "{\"namespace\":\"shop\"}").withText("Let me look."),
 *     ScriptedReply.text("The pod is OOM-killed.").withUsage(120, 30, 1000, 0));
 * }</pre>
 */
public final class ScriptedReply {

  /** What kind of answer it is. */
  public enum Outcome {
    /** HTTP 200 with a model answer. */
    ANSWER,
    /** The HTTP status and message given, in the provider's error format. */
    HTTP_ERROR,
    /** The provider's own way of saying it is overloaded (529 for Anthropic, 503 for OpenAI). */
    OVERLOADED
  }

  /** Why the scripted model stopped, mapped to the provider's stop or finish reason. */
  public enum Stop {
    END_TURN,
    TOOL_USE,
    MAX_TOKENS
  }

  /**
   * A scripted tool call.
   *
   * @param name the tool's name
   * @param argumentsJson the arguments as JSON text; sent verbatim to OpenAI clients (so it may be
   *     deliberately malformed), parsed into the {@code input} object for Anthropic clients
   */
  public record Call(String name, String argumentsJson) {
    public Call {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(argumentsJson, "argumentsJson");
    }
  }

  /**
   * Token counts in Anthropic's terms, which every fake converts to its own.
   *
   * @param inputTokens prompt tokens neither read from nor written to the cache
   * @param outputTokens generated tokens
   * @param cacheReadTokens prompt tokens read from the cache
   * @param cacheWriteTokens prompt tokens written to the cache
   */
  public record Tokens(
      long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {

    /** The tokens of the whole prompt, cached or not (OpenAI's {@code prompt_tokens}). */
    public long promptTokens() {
      return inputTokens + cacheReadTokens + cacheWriteTokens;
    }
  }

  private static final Tokens DEFAULT_TOKENS = new Tokens(10, 5, 0, 0);

  private final Outcome outcome;
  private final String text;
  private final List<Call> calls;
  private final Stop stop;
  private final Tokens tokens;
  private final int status;
  private final Map<String, String> headers;
  private static final CompletableFuture<?> DONE = CompletableFuture.completedFuture(null);

  private final Duration delay;
  private final CompletableFuture<?> release;

  private ScriptedReply(
      Outcome outcome,
      String text,
      List<Call> calls,
      Stop stop,
      Tokens tokens,
      int status,
      Map<String, String> headers,
      Duration delay,
      CompletableFuture<?> release) {
    this.outcome = outcome;
    this.text = text;
    this.calls = List.copyOf(calls);
    this.stop = stop;
    this.tokens = tokens;
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.delay = delay;
    this.release = release;
  }

  /** An answer made of prose only; the model ended its turn. */
  public static ScriptedReply text(String text) {
    return new ScriptedReply(
        Outcome.ANSWER,
        Objects.requireNonNull(text, "text"),
        List.of(),
        Stop.END_TURN,
        DEFAULT_TOKENS,
        200,
        Map.of(),
        Duration.ZERO,
        DONE);
  }

  /** An answer that calls one tool and nothing else; add prose or more calls with the withers. */
  public static ScriptedReply toolCall(String name, String argumentsJson) {
    return text("").withToolCall(name, argumentsJson);
  }

  /**
   * A failed call: the HTTP status with the message in the provider's error body. The error type in
   * the body follows from the status, as the real provider would send it.
   */
  public static ScriptedReply httpError(int status, String message) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("an HTTP error status is 4xx or 5xx, not " + status);
    }
    return new ScriptedReply(
        Outcome.HTTP_ERROR,
        Objects.requireNonNull(message, "message"),
        List.of(),
        Stop.END_TURN,
        DEFAULT_TOKENS,
        status,
        Map.of(),
        Duration.ZERO,
        DONE);
  }

  /** The provider is overloaded: HTTP 529 {@code overloaded_error} or HTTP 503. */
  public static ScriptedReply overloaded() {
    return new ScriptedReply(
        Outcome.OVERLOADED,
        "Overloaded",
        List.of(),
        Stop.END_TURN,
        DEFAULT_TOKENS,
        0,
        Map.of(),
        Duration.ZERO,
        DONE);
  }

  /** A text answer sent only after {@code delay}: makes a client with a shorter timeout give up. */
  public static ScriptedReply delay(Duration delay) {
    return text("a late answer").withDelay(delay);
  }

  /** This reply with {@code text} as its prose (the thought before the tool calls). */
  public ScriptedReply withText(String text) {
    requireAnswer("text");
    return new ScriptedReply(
        outcome,
        Objects.requireNonNull(text, "text"),
        calls,
        stop,
        tokens,
        status,
        headers,
        delay,
        release);
  }

  /** This reply with one more tool call; the stop reason becomes {@link Stop#TOOL_USE}. */
  public ScriptedReply withToolCall(String name, String argumentsJson) {
    requireAnswer("tool calls");
    List<Call> more = new ArrayList<>(calls);
    more.add(new Call(name, argumentsJson));
    Stop newStop = stop == Stop.MAX_TOKENS ? Stop.MAX_TOKENS : Stop.TOOL_USE;
    return new ScriptedReply(outcome, text, more, newStop, tokens, status, headers, delay, release);
  }

  /** This reply cut by the output token cap. */
  public ScriptedReply truncated() {
    requireAnswer("a stop reason");
    return new ScriptedReply(
        outcome, text, calls, Stop.MAX_TOKENS, tokens, status, headers, delay, release);
  }

  /** This reply with the given usage (see {@link Tokens} for what each number counts). */
  public ScriptedReply withUsage(
      long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
    Tokens usage = new Tokens(inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens);
    return new ScriptedReply(outcome, text, calls, stop, usage, status, headers, delay, release);
  }

  /** This reply with one more HTTP response header, such as {@code retry-after}. */
  public ScriptedReply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ScriptedReply(outcome, text, calls, stop, tokens, status, more, delay, release);
  }

  /** This reply, sent only after {@code delay}. */
  public ScriptedReply withDelay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("a delay cannot be negative: " + delay);
    }
    return new ScriptedReply(outcome, text, calls, stop, tokens, status, headers, delay, release);
  }

  /**
   * This reply, sent only once {@code release} completes (and after any delay): lets a test see
   * what the client does while it waits for the model, then let the investigation go on.
   */
  public ScriptedReply heldUntil(CompletableFuture<?> release) {
    Objects.requireNonNull(release, "release");
    return new ScriptedReply(outcome, text, calls, stop, tokens, status, headers, delay, release);
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The prose of an answer, or the message of an error. */
  public String text() {
    return text;
  }

  public List<Call> calls() {
    return calls;
  }

  public Stop stop() {
    return stop;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** The HTTP status of an {@link Outcome#HTTP_ERROR}; 0 otherwise. */
  public int status() {
    return status;
  }

  /** Extra HTTP response headers. */
  public Map<String, String> headers() {
    return headers;
  }

  public Duration delay() {
    return delay;
  }

  /** Completes when the reply may be sent; already complete unless {@link #heldUntil} was used. */
  public CompletableFuture<?> release() {
    return release;
  }

  private void requireAnswer(String what) {
    if (outcome != Outcome.ANSWER) {
      throw new IllegalStateException("only an answer has " + what + ", not " + outcome);
    }
  }

  @Override
  public String toString() {
    return switch (outcome) {
      case ANSWER -> "answer(text=" + text + ", calls=" + calls + ", stop=" + stop + ")";
      case HTTP_ERROR -> "httpError(" + status + ", " + text + ")";
      case OVERLOADED -> "overloaded()";
    };
  }
}
