package dev.oats.llm.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.ClientOptions;
import dev.oats.llm.NoDelaySockets;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Nagle's algorithm off on the Anthropic SDK's connections. OkHttp leaves it on, so on a reused
 * connection a request whose last bytes went out in a separate small write waited for the ACK of
 * the previous ones: up to 40 ms of delayed ACK on every model call after the first.
 *
 * <p>The SDK (3.13) builds its OkHttp client itself and takes neither a socket factory nor a client
 * of ours; its own HTTP client would have to be rewritten, with the request signing of its
 * backends, to choose the sockets. So the OkHttp client inside the SDK's is replaced, once, by the
 * same client with our socket factory (sharing its connection pool and dispatcher). Should an SDK
 * update move what this reaches, building the model fails at once with this class named, and {@code
 * AnthropicChatModelTest} goes red; it never falls back to sockets with Nagle on silently.
 */
final class SdkSockets {

  private SdkSockets() {}

  /** Puts sockets without Nagle under {@code client}; returns the OkHttp client it now uses. */
  static okhttp3.OkHttpClient withoutNagle(AnthropicClient client) {
    try {
      // The client as given to the options, before the SDK wraps it for retries and logging.
      Method original =
          ClientOptions.class.getMethod("access$getOriginalHttpClient$p", ClientOptions.class);
      Object http = original.invoke(null, client.options());
      // It comes wrapped in a client that closes it once unreachable: unwrap to the OkHttp one.
      for (int depth = 0;
          depth < 4 && !(http instanceof com.anthropic.client.okhttp.OkHttpClient);
          depth++) {
        http = wrapped(http);
      }
      if (!(http instanceof com.anthropic.client.okhttp.OkHttpClient sdk)) {
        throw new IllegalStateException(
            "the Anthropic SDK's HTTP client is a " + http.getClass().getName());
      }
      Field field = com.anthropic.client.okhttp.OkHttpClient.class.getDeclaredField("okHttpClient");
      field.setAccessible(true);
      okhttp3.OkHttpClient noDelay =
          ((okhttp3.OkHttpClient) field.get(sdk))
              .newBuilder()
              .socketFactory(NoDelaySockets.INSTANCE)
              .build();
      field.set(sdk, noDelay);
      return noDelay;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "SdkSockets cannot turn Nagle off under this version of the Anthropic SDK: " + e, e);
    }
  }

  /** The HTTP client a wrapping one delegates to. */
  private static Object wrapped(Object http) throws IllegalAccessException {
    for (Field field : http.getClass().getDeclaredFields()) {
      if (field.getType() == com.anthropic.core.http.HttpClient.class) {
        field.setAccessible(true);
        return field.get(http);
      }
    }
    throw new IllegalStateException(
        "the Anthropic SDK's " + http.getClass().getName() + " wraps no HTTP client");
  }
}
