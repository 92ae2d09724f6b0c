package dev.oats.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FakeModelServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  static Stream<Supplier<FakeModelServer>> fakes() {
    return Stream.of(FakeAnthropicServer::start, FakeOpenAiServer::start);
  }

  @ParameterizedTest
  @MethodSource("fakes")
  void answersA500SayingSoWhenTheScriptRunsOut(Supplier<FakeModelServer> fake) throws Exception {
    try (FakeModelServer server = fake.get()) {
      HttpResponse<String> response = post(server, "", "{\"model\":\"m\"}");

      assertThat(response.statusCode()).isEqualTo(500);
      assertThat(errorMessage(response)).contains("the script ran out").contains("request #1");
    }
  }

  @ParameterizedTest
  @MethodSource("fakes")
  void recordsTheRequestAndAnswersTheScriptedReplyInOrder(Supplier<FakeModelServer> fake)
      throws Exception {
    try (FakeModelServer server = fake.get()) {
      server.enqueue(ScriptedReply.text("first"), ScriptedReply.httpError(429, "slow down"));

      HttpResponse<String> first = post(server, "k", "{\"model\":\"m\",\"temperature\":0}");
      HttpResponse<String> second = post(server, "k", "{\"model\":\"m\"}");

      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).contains("first");
      assertThat(second.statusCode()).isEqualTo(429);
      assertThat(errorMessage(second)).isEqualTo("slow down");
      assertThat(server.requests()).hasSize(2);
      assertThat(server.requests().get(0).body().path("temperature").asInt(-1)).isZero();
    }
  }

  @ParameterizedTest
  @MethodSource("fakes")
  void answers401ToAWrongKeyWithoutConsumingTheScript(Supplier<FakeModelServer> fake)
      throws Exception {
    try (FakeModelServer server = fake.get()) {
      server.expectApiKey("right").enqueue(ScriptedReply.text("hello"));

      HttpResponse<String> wrong = post(server, "wrong", "{}");
      HttpResponse<String> right = post(server, "right", "{}");

      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(right.statusCode()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @MethodSource("fakes")
  void answers404OnAnyOtherPath(Supplier<FakeModelServer> fake) throws Exception {
    try (FakeModelServer server = fake.get()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/elsewhere"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();

      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(404);
      assertThat(errorMessage(response)).contains("serves POST");
    }
  }

  /**
   * A response leaves in one send: a fake that wrote its headers and its body apart made a client
   * with Nagle's algorithm on wait ~40 ms for the body on a reused connection. Read off a raw
   * socket, the first read of each answer on one kept-alive connection holds all of it.
   */
  @ParameterizedTest
  @MethodSource("fakes")
  void writesEachResponseInOneSendOnAKeptAliveConnection(Supplier<FakeModelServer> fake)
      throws Exception {
    try (FakeModelServer server = fake.get();
        java.net.Socket socket = new java.net.Socket()) {
      URI base = URI.create(server.baseUrl());
      String path =
          base.getPath()
              + (server instanceof FakeAnthropicServer ? "/v1/messages" : "/chat/completions");
      socket.connect(new java.net.InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(10_000);
      String body = "{\"model\":\"m\"}";
      for (int i = 0; i < 5; i++) {
        server.enqueue(ScriptedReply.text("answer " + i));
        socket
            .getOutputStream()
            .write(
                ("POST "
                        + path
                        + " HTTP/1.1\r\nHost: "
                        + base.getHost()
                        + "\r\n"
                        + "Content-Type: application/json\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] buffer = new byte[64 * 1024];
        int read = socket.getInputStream().read(buffer);
        String first = new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8);
        int headersEnd = first.indexOf("\r\n\r\n");
        assertThat(headersEnd).as("headers in the first read of answer " + i).isPositive();
        java.util.regex.Matcher length =
            java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(first);
        assertThat(length.find()).as(first).isTrue();
        assertThat(read - headersEnd - 4)
            .as("body bytes in the first read of answer " + i)
            .isEqualTo(Integer.parseInt(length.group(1)));
        assertThat(first).contains("answer " + i);
      }
    }
  }

  private static HttpResponse<String> post(FakeModelServer server, String key, String body)
      throws IOException, InterruptedException {
    String path =
        server instanceof FakeAnthropicServer
            ? server.baseUrl() + "/v1/messages"
            : server.baseUrl() + "/chat/completions";
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(path))
            .header("authorization", "Bearer " + key)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String errorMessage(HttpResponse<String> response) throws IOException {
    JsonNode body = JSON.readTree(response.body());
    return body.path("error").path("message").asText();
  }
}
