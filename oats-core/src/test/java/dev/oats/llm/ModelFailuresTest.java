package dev.oats.llm;

import static dev.oats.llm.Conversations.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.model.ModelException;
import dev.oats.model.ModelException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelFailuresTest {

  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @ParameterizedTest
  @CsvSource({
    "400, BAD_REQUEST",
    "401, AUTHENTICATION",
    "403, AUTHENTICATION",
    "404, BAD_REQUEST",
    "408, TIMEOUT",
    "413, BAD_REQUEST",
    "422, BAD_REQUEST",
    "429, RATE_LIMITED",
    "500, SERVER_ERROR",
    "502, SERVER_ERROR",
    "503, SERVER_ERROR",
    "529, OVERLOADED",
    "418, OTHER"
  })
  void mapsHttpStatusesToKinds(int status, Kind kind) {
    assertThat(ModelFailures.kindOf(status)).isEqualTo(kind);
  }

  @Test
  void readsRetryAfterInSeconds() {
    assertThat(retryAfter(Map.of("retry-after", "3"))).hasValue(Duration.ofSeconds(3));
    assertThat(retryAfter(Map.of("retry-after", "1.5"))).hasValue(Duration.ofMillis(1500));
  }

  @Test
  void readsRetryAfterAsAnHttpDate() {
    assertThat(retryAfter(Map.of("retry-after", "Thu, 01 Jan 2026 00:00:30 GMT")))
        .hasValue(Duration.ofSeconds(30));
    assertThat(retryAfter(Map.of("retry-after", "Wed, 31 Dec 2025 23:59:00 GMT")))
        .hasValue(Duration.ZERO);
  }

  @Test
  void prefersRetryAfterInMilliseconds() {
    assertThat(retryAfter(Map.of("retry-after", "5", "retry-after-ms", "250")))
        .hasValue(Duration.ofMillis(250));
  }

  @Test
  void ignoresARetryAfterItCannotRead() {
    assertThat(retryAfter(Map.of("retry-after", "soon"))).isEmpty();
    assertThat(retryAfter(Map.of("retry-after", "-3"))).isEmpty();
    assertThat(retryAfter(Map.of())).isEmpty();
  }

  @Test
  void findsTheProvidersMessageInTheShapesServersUse() {
    assertThat(
            ModelFailures.providerMessage(
                json("{\"type\":\"error\",\"error\":{\"type\":\"x\",\"message\":\"anthropic\"}}")))
        .hasValue("anthropic");
    assertThat(
            ModelFailures.providerMessage(
                json("{\"error\":{\"message\":\"openai\",\"code\":null}}")))
        .hasValue("openai");
    assertThat(ModelFailures.providerMessage(json("{\"error\":\"model 'x' not found\"}")))
        .hasValue("model 'x' not found");
    assertThat(ModelFailures.providerMessage(json("{\"message\":\"gateway\"}")))
        .hasValue("gateway");
    assertThat(ModelFailures.providerMessage(json("{\"detail\":\"vllm\"}"))).hasValue("vllm");
    assertThat(ModelFailures.providerMessage(json("{}"))).isEmpty();
    assertThat(ModelFailures.providerMessage(null)).isEmpty();
  }

  @Test
  void treatsAnOverloadedErrorTypeAsOverloadedWhateverTheStatus() {
    ModelException e =
        ModelFailures.http(
            "Anthropic",
            "https://api.anthropic.com",
            500,
            json(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
            name -> List.of(),
            "request-id",
            new RuntimeException("500"));

    assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
    assertThat(e.getMessage())
        .isEqualTo(
            "Anthropic at https://api.anthropic.com answered HTTP 500 overloaded_error: Overloaded");
  }

  @Test
  void fallsBackToTheSdkMessageWhenTheBodyIsNotJson() {
    ModelException e =
        ModelFailures.http(
            "OpenAI",
            "http://localhost:8000/v1",
            502,
            null,
            name -> List.of(),
            "x-request-id",
            new RuntimeException("502: <html>Bad Gateway</html>"));

    assertThat(e.getMessage())
        .isEqualTo(
            "OpenAI at http://localhost:8000/v1 answered HTTP 502: 502: <html>Bad Gateway</html>");
  }

  @Test
  void namesTheUrlAndTheReasonWhenItCannotConnect() {
    IOException refused =
        new IOException("Request failed", new ConnectException("Connection refused"));
    IOException unknownHost =
        new IOException("Request failed", new UnknownHostException("llm.invalid"));

    ModelException first =
        ModelFailures.transport("OpenAI", "http://127.0.0.1:1/v1", TIMEOUT, refused);
    ModelException second =
        ModelFailures.transport("OpenAI", "http://llm.invalid/v1", TIMEOUT, unknownHost);

    assertThat(first.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(first.getMessage())
        .isEqualTo("cannot reach OpenAI at http://127.0.0.1:1/v1: Connection refused");
    assertThat(second.getMessage())
        .isEqualTo("cannot reach OpenAI at http://llm.invalid/v1: unknown host llm.invalid");
  }

  @Test
  void callsAnInterruptedCallCancelledAndKeepsTheInterrupt() {
    Thread.currentThread().interrupt();

    ModelException e =
        ModelFailures.transport(
            "Anthropic", "https://api.anthropic.com", TIMEOUT, new IOException("Socket closed"));

    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  private static Optional<Duration> retryAfter(Map<String, String> headers) {
    Function<String, List<String>> lookup =
        name -> headers.containsKey(name) ? List.of(headers.get(name)) : List.of();
    return ModelFailures.retryAfter(lookup, NOW);
  }
}
