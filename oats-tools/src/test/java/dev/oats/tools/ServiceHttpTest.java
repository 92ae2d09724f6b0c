package dev.oats.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import org.junit.jupiter.api.Test;

/** The words the HTTP-calling tools (Prometheus, Sourcegraph, web search) share for failures. */
class ServiceHttpTest {

  private static final URI TARGET = URI.create("http://prometheus.monitoring:9090/prefix");

  @Test
  void anUnresolvedHostAnywhereInTheChainIsNamed() {
    IOException wrapped = new IOException(new IOException(null, new UnresolvedAddressException()));

    assertThat(ServiceHttp.connectFailure(wrapped, TARGET))
        .isEqualTo("unknown host 'prometheus.monitoring'");
    assertThat(ServiceHttp.connectFailure(new UnknownHostException("x"), TARGET))
        .isEqualTo("unknown host 'prometheus.monitoring'");
  }

  @Test
  void otherwiseTheFirstMessageInTheChainOrTheExceptionsKind() {
    assertThat(ServiceHttp.connectFailure(new IOException(null, new IOException("reset")), TARGET))
        .isEqualTo("reset");
    assertThat(ServiceHttp.connectFailure(new ConnectException(), TARGET))
        .isEqualTo("connection refused");
    assertThat(ServiceHttp.connectFailure(new IOException(), TARGET)).isEqualTo("IOException");
  }

  @Test
  void anExcerptIsOneLineCutSafelyAt200CharactersAndSaysWhenTheBodyWasEmpty() {
    assertThat(ServiceHttp.excerpt(" \n\t ")).isEqualTo("empty body");
    assertThat(ServiceHttp.excerpt("<html>\n  <body>  Bad gateway\n</body>"))
        .isEqualTo("<html> <body> Bad gateway </body>");
    assertThat(ServiceHttp.excerpt("word ".repeat(50))).isEqualTo("word ".repeat(40) + "…");
    assertThat(ServiceHttp.excerpt("x".repeat(200))).isEqualTo("x".repeat(200));
    // A token the cut would run through (a secret, perhaps) is dropped whole.
    assertThat(ServiceHttp.excerpt("x".repeat(201))).isEqualTo("…");
  }

  @Test
  void onlyAJsonObjectIsJson() {
    assertThat(ServiceHttp.jsonObject("{\"status\":\"success\"}").path("status").asText())
        .isEqualTo("success");
    assertThat(ServiceHttp.jsonObject("[1,2]")).isNull();
    assertThat(ServiceHttp.jsonObject("<html>")).isNull();
    assertThat(ServiceHttp.jsonObject("")).isNull();
  }
}
