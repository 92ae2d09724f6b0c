package dev.oats.llm.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIRetryableException;
import com.openai.errors.OpenAIServiceException;
import dev.oats.llm.ModelFailures;
import dev.oats.llm.NoDelaySockets;
import dev.oats.llm.RefusedParameters;
import dev.oats.llm.SdkRequestJson;
import dev.oats.model.ChatModel;
import dev.oats.model.ChatRequest;
import dev.oats.model.ChatResponse;
import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatModel} over OpenAI's Chat Completions API, through the official SDK; it also talks
 * to the servers that copy that API, such as Ollama, vLLM and LiteLLM.
 *
 * <p>The SDK does not retry: wrap this in a {@link dev.oats.llm.RetryingChatModel}. Some models
 * (OpenAI's reasoning models) refuse {@code temperature} or {@code max_tokens}; when the API says
 * so, this model stops sending the first, or sends {@code max_completion_tokens} for the second,
 * and tries again.
 */
public final class OpenAiChatModel implements ChatModel, AutoCloseable {

  /** Where the SDK goes when no base URL is given. */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";

  private static final String PROVIDER = "OpenAI";

  /**
   * The JSON mapper of every client: the SDK's, writing requests without its Kotlin module (see
   * {@link SdkRequestJson}); one per process, so what {@link #prepare} builds serves every client.
   */
  private static final JsonMapper JSON =
      SdkRequestJson.of(com.openai.core.ObjectMappers.jsonMapper());

  private static final String TEMPERATURE = "temperature";
  private static final String MAX_TOKENS = "max_tokens";

  // Local servers such as Ollama take no key, but the SDK wants one.
  private static final String NO_KEY = "no-key";

  /** The SDK's own connect timeout, kept when the call timeout is longer. */
  private static final Duration CONNECT = Duration.ofMinutes(1);

  private final OpenAIClient client;
  private final String model;
  private final String baseUrl;
  private final Duration timeout;
  private final okhttp3.OkHttpClient http;
  private final RefusedParameters refused;

  /**
   * A model that calls the Chat Completions API.
   *
   * @param apiKey the API key; null or blank for a local server that needs none. Never logged or
   *     put in a message
   * @param baseUrl the API's base URL, ending in {@code /v1}, such as {@code
   *     http://localhost:11434/v1} for Ollama; null for {@value #DEFAULT_BASE_URL}
   * @param model the model name, such as {@code gpt-4.1}
   * @param timeout how long one call may take in all
   */
  public OpenAiChatModel(String apiKey, String baseUrl, String model, Duration timeout) {
    if (model == null || model.isBlank()) {
      throw new IllegalArgumentException("the model is needed");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the timeout must be positive: " + timeout);
    }
    this.model = model;
    this.timeout = timeout;
    this.refused = new RefusedParameters(describe());
    this.baseUrl = baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : stripSlash(baseUrl);
    // Our own OkHttp client, for its sockets without Nagle; the SDK takes the timeouts from it.
    this.http =
        new okhttp3.OkHttpClient.Builder()
            .socketFactory(NoDelaySockets.INSTANCE)
            .connectTimeout(timeout.compareTo(CONNECT) < 0 ? timeout : CONNECT)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout)
            .build();
    this.client =
        OpenAIOkHttpClient.builder()
            .apiKey(apiKey == null || apiKey.isBlank() ? NO_KEY : apiKey)
            .baseUrl(this.baseUrl)
            .okHttpClient(http)
            .maxRetries(0)
            .jsonMapper(JSON)
            .build();
  }

  /** The mapper every client of this process is given. */
  static JsonMapper processJson() {
    return JSON;
  }

  /** See {@link #prepare(String)}. */
  @Override
  public void warmUp() {
    prepare(model);
  }

  /**
   * Prepares a first call without a client, as {@link
   * dev.oats.llm.anthropic.AnthropicChatModel#prepare} does for Anthropic: the clients' JSON mapper
   * (one per process) builds its serialisers for a request like the agent's (without the Kotlin
   * module, see {@link SdkRequestJson}), then its deserialisers for an answer (reflecting over the
   * SDK's types with its Kotlin module), while the client is being built. Sends nothing.
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
          ChatCompletionsTranslation.toParams(
                  dev.oats.llm.WarmUpRequest.create(),
                  model,
                  new ChatCompletionsTranslation.Parameters(true, true))
              ._body());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
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
      ChatCompletionsTranslation.toResponse(
          JSON.readValue(WARM_UP_ANSWER, com.openai.models.chat.completions.ChatCompletion.class));
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A Chat Completions answer with text, a tool call and the usage, as the API writes it. */
  private static final String WARM_UP_ANSWER =
      """
      {"id": "chatcmpl-warm-up", "object": "chat.completion", "created": 0, "model": "warm-up",
       "choices": [{"index": 0, "finish_reason": "tool_calls", "logprobs": null,
                    "message": {"role": "assistant", "content": "Looking.", "refusal": null,
                                "tool_calls": [{"id": "call_warm_up", "type": "function",
                                                "function": {"name": "warm_up",
                                                             "arguments": "{\\"namespace\\": \\"x\\"}"}}]}}],
       "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2,
                 "prompt_tokens_details": {"cached_tokens": 0}}}
      """;

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
    com.openai.core.RequestOptions options =
        com.openai.core.RequestOptions.builder().timeout(callTimeout).build();
    while (true) {
      ChatCompletionsTranslation.Parameters parameters =
          new ChatCompletionsTranslation.Parameters(
              refused.sends(TEMPERATURE), refused.sends(MAX_TOKENS));
      try {
        return ChatCompletionsTranslation.toResponse(
                client
                    .chat()
                    .completions()
                    .create(
                        ChatCompletionsTranslation.toParams(request, model, parameters), options))
            .orElseThrow(this::noChoice);
      } catch (OpenAIServiceException e) {
        JsonNode body = body(e);
        if (!refused.learnFrom(e.statusCode(), body, List.of(TEMPERATURE, MAX_TOKENS))) {
          throw ModelFailures.http(
              PROVIDER, baseUrl, e.statusCode(), body, e.headers()::values, "x-request-id", e);
        }
      } catch (OpenAIIoException | OpenAIRetryableException e) {
        throw ModelFailures.transport(PROVIDER, baseUrl, callTimeout, e);
      } catch (OpenAIInvalidDataException e) {
        throw ModelFailures.cutOff(e) ? ModelFailures.cutOff(PROVIDER, baseUrl, e) : unexpected(e);
      } catch (OpenAIException e) {
        throw new ModelException(
            Kind.OTHER, PROVIDER + " call to " + baseUrl + " failed: " + e.getMessage(), null, e);
      }
    }
  }

  @Override
  public String describe() {
    return "openai/" + model;
  }

  /** Releases the HTTP client's connections and threads. */
  @Override
  public void close() {
    client.close();
  }

  private ModelException noChoice() {
    return new ModelException(
        Kind.OTHER, PROVIDER + " at " + baseUrl + " answered a completion with no choices");
  }

  private ModelException unexpected(OpenAIInvalidDataException e) {
    return new ModelException(
        Kind.OTHER,
        PROVIDER
            + " at "
            + baseUrl
            + " answered something that is not a chat completion: "
            + e.getMessage(),
        null,
        e);
  }

  private static JsonNode body(OpenAIServiceException e) {
    try {
      return e.body().convert(JsonNode.class);
    } catch (RuntimeException notJson) {
      return null;
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
