package dev.oats.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether an SDK's OkHttp client sends over sockets with Nagle off: one more request through the
 * client's pool (a network interceptor added to a client sharing it), noting TCP_NODELAY on the
 * connection it used.
 */
public final class NoDelayProbe {

  private NoDelayProbe() {}

  /**
   * POSTs {@code {}} to {@code url} through {@code client}'s pool (the server must have an answer
   * queued) and returns TCP_NODELAY of each connection the request went over.
   */
  public static List<Boolean> noDelayOfPooledConnection(okhttp3.OkHttpClient client, String url)
      throws IOException {
    List<Boolean> noDelay = new CopyOnWriteArrayList<>();
    okhttp3.OkHttpClient watched =
        client
            .newBuilder()
            .addNetworkInterceptor(
                chain -> {
                  noDelay.add(chain.connection().socket().getTcpNoDelay());
                  return chain.proceed(chain.request());
                })
            .build();
    try (okhttp3.Response response =
        watched
            .newCall(
                new okhttp3.Request.Builder()
                    .url(url)
                    .post(okhttp3.RequestBody.create("{}".getBytes()))
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
    return noDelay;
  }
}
