package dev.oats.llm.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.ObjectMappers;
import com.anthropic.errors.AnthropicException;
import com.anthropic.errors.AnthropicInvalidDataException;
import com.anthropic.errors.AnthropicIoException;
import com.anthropic.errors.AnthropicRetryableException;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.oats.llm.ModelFailures;
import dev.oats.llm.RefusedParameters;
import dev.oats.llm.SdkRequestJson;
import dev.oats.llm.WarmUpRequest;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatModel} over Anthropic's Messages API, through the official SDK.
 *
 * <p>The system prompt and the tool definitions are marked for prompt caching. The SDK does not
 * retry: wrap this in a {@link dev.oats.llm.RetryingChatModel}. Newer models refuse a sampling
 * temperature; when the API says so, this model stops sending one and tries again once.
 */
public final class AnthropicChatModel implements ChatModel, AutoCloseable {

  /** Where the SDK goes when no base URL is given. */
  public static final String DEFAULT_BASE_URL = "https://api.anthropic.com";

  private static final String PROVIDER = "Anthropic";

  /**
   * The JSON mapper of every client: the SDK's, writing requests without its Kotlin module (see
   * {@link SdkRequestJson}); one per process, so what {@link #prepare} builds serves every client.
   */
  private static final JsonMapper JSON = SdkRequestJson.of(ObjectMappers.jsonMapper());

  private static final String TEMPERATURE = "temperature";

  private final AnthropicClient client;
  private final String model;
  private final String baseUrl;
  private final Duration timeout;
  private final RefusedParameters refused;
  private final okhttp3.OkHttpClient http;

  /**
   * A model that calls the Messages API.
   *
   * @param apiKey the API key; never logged or put in a message
   * @param baseUrl the API's base URL without {@code /v1}, as {@code ANTHROPIC_BASE_URL}; null for
   *     {@value #DEFAULT_BASE_URL}
   * @param model the model name, such as {@code claude-sonnet-4-5}
   * @param timeout how long one call may take in all
   */
  public AnthropicChatModel(String apiKey, String baseUrl, String model, Duration timeout) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("an Anthropic API key is needed");
    }
    this.model = requireText(model, "model");
    this.timeout = requirePositive(timeout);
    this.refused = new RefusedParameters(describe());
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : stripSlash(baseUrl);
    this.client =
        AnthropicOkHttpClient.builder()
            .apiKey(apiKey)
            .baseUrl(this.baseUrl)
            .timeout(timeout)
            .maxRetries(0)
            .jsonMapper(JSON)
            .build();
    this.http = SdkSockets.withoutNagle(client);
  }

  /**
   * The JSON mapper the client reads and writes with, for tests: the one {@link #prepare} warms.
   */
  JsonMapper json() {
    return client.options().jsonMapper();
  }

  /** The mapper every client of this process is given. */
  static JsonMapper processJson() {
    return JSON;
  }

  /** The HTTP client under the SDK, for tests of its transport settings. */
  okhttp3.OkHttpClient http() {
    return http;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return chat(request, java.time.Instant.MAX);
  }

  /** The call, cut at {@code deadline} when that comes before the configured timeout. */
  @Override
  public ChatResponse chat(ChatRequest request, java.time.Instant deadline) {
    Duration callTimeout = ModelFailures.within(timeout, deadline);
    com.anthropic.core.RequestOptions options =
        com.anthropic.core.RequestOptions.builder().timeout(callTimeout).build();
    while (true) {
      boolean withTemperature = refused.sends(TEMPERATURE);
      try {
        return MessagesTranslation.toResponse(
            client
                .messages()
                .create(MessagesTranslation.toParams(request, model, withTemperature), options));
      } catch (AnthropicServiceException e) {
        JsonNode body = body(e);
        if (!refused.learnFrom(e.statusCode(), body, List.of(TEMPERATURE))) {
          throw ModelFailures.http(
              PROVIDER, baseUrl, e.statusCode(), body, e.headers()::values, "request-id", e);
        }
      } catch (AnthropicIoException | AnthropicRetryableException e) {
        throw ModelFailures.transport(PROVIDER, baseUrl, callTimeout, e);
      } catch (AnthropicInvalidDataException e) {
        throw ModelFailures.cutOff(e) ? ModelFailures.cutOff(PROVIDER, baseUrl, e) : unexpected(e);
      } catch (AnthropicException e) {
        throw new ModelException(
            Kind.OTHER, PROVIDER + " call to " + baseUrl + " failed: " + e.getMessage(), null, e);
      }
    }
  }

  @Override
  public String describe() {
    return "anthropic/" + model;
  }

  /** See {@link #prepare(String)}. */
  @Override
  public void warmUp() {
    prepare(model);
  }

  /**
   * Prepares a first call without a client: the clients' JSON mapper (one per process, the one
   * every client uses) builds its serialisers for a request like the agent's and its deserialisers
   * for an answer. Reading, its Kotlin module reflects over every SDK type it meets (~1,200 classes
   * of kotlin-reflect); writing, it no longer does (see {@link SdkRequestJson}), which was most of
   * the time between the loop's first turn and the request leaving. It needs no client, so it can
   * run while one is being built. The request's serialisers are built first: the first request
   * needs them, the answer's deserialisers only once the model answers. Sends nothing.
   *
   * @throws java.io.UncheckedIOException when the SDK's mapper cannot serialise the request or read
   *     the answer (the agent reports it and goes on: the first real call meets it too)
   */
  public static void prepare(String model) {
    prepareRequest(model);
    prepareAnswer();
  }

  /**
   * The first half of {@link #prepare}: the serialisers of a request like the agent's, which its
   * first request waits for.
   *
   * @throws java.io.UncheckedIOException when the mapper cannot serialise the request
   */
  public static void prepareRequest(String model) {
    try {
      JSON.writeValueAsBytes(
          MessagesTranslation.toParams(WarmUpRequest.create(), model, true)._body());
    } catch (JacksonException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The second half of {@link #prepare}: the deserialisers of an answer, which only the model's
   * answer needs, so they can be made while the first request is out.
   *
   * @throws java.io.UncheckedIOException when the mapper cannot read the answer
   */
  public static void prepareAnswer() {
    try {
      MessagesTranslation.toResponse(JSON.readValue(WARM_UP_ANSWER, Message.class));
    } catch (JacksonException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A Messages API answer with text, a tool call and the usage, as the API writes it. */
  private static final String WARM_UP_ANSWER =
      """
      {"id": "msg_warm_up", "type": "message", "role": "assistant", "model": "warm-up",
       "content": [{"type": "text", "text": "Looking."},
                   {"type": "tool_use", "id": "toolu_warm_up", "name": "warm_up",
                    "input": {"namespace": "x"}}],
       "stop_reason": "tool_use", "stop_sequence": null,
       "usage": {"input_tokens": 1, "output_tokens": 1, "cache_creation_input_tokens": 0,
                 "cache_read_input_tokens": 0}}
      """;

  /** Releases the HTTP client's connections and threads. */
  @Override
  public void close() {
    client.close();
  }

  private ModelException unexpected(AnthropicInvalidDataException e) {
    return new ModelException(
        Kind.OTHER,
        PROVIDER
            + " at "
            + baseUrl
            + " answered something that is not a Messages API response: "
            + e.getMessage(),
        null,
        e);
  }

  private static JsonNode body(AnthropicServiceException e) {
    try {
      return e.body().convert(JsonNode.class);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the " + name + " is needed");
    }
    return value;
  }

  private static Duration requirePositive(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    return timeout;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
