package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.ScriptedReply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headers every answer carries, on every route and every error, as a browser or a proxy sees
 * them: the page's policy (no framing, no script from elsewhere), nosniff, no referrer, and no
 * cache of any answer holding data. The API's answers (an investigation, its events and report, a
 * WebSocket ticket, the metrics) carried no Cache-Control, so a browser's or a shared proxy's cache
 * could keep them after sign-out; Jetty's own error answers (a bad URI, headers too large) carried
 * none of the headers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseHeadersAttackTest {

  @TempDir static Path dir;
  ServerHarness harness;
  String id;

  @BeforeAll
  void start() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"All good.\"}"));
    id = harness.submit("is the shop healthy?");
    harness.awaitEnd(id);
  }

  @AfterAll
  void stop() throws Exception {
    harness.close();
  }

  private HttpRequest.Builder keyed(String path) {
    return HttpRequest.newBuilder(URI.create(harness.url(path)))
        .header("X-API-Key", ServerHarness.KEY)
        .timeout(Duration.ofSeconds(30));
  }

  private HttpRequest.Builder json(String path, String body) {
    return keyed(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  @Test
  void everyAnswerWithDataIsKeptByNoCacheAndCarriesThePagePolicy() throws Exception {
    Map<String, HttpRequest.Builder> requests = new LinkedHashMap<>();
    requests.put("list", keyed("/investigations"));
    requests.put("one", keyed("/investigations/" + id));
    requests.put("events", keyed("/investigations/" + id + "/events"));
    requests.put(
        "events as SSE",
        keyed("/investigations/" + id + "/events").header("Accept", "text/event-stream"));
    requests.put("approvals", keyed("/investigations/" + id + "/approvals"));
    requests.put("counts", keyed("/investigations/counts"));
    requests.put("metrics", keyed("/metrics"));
    requests.put("openapi", keyed("/openapi.json"));
    requests.put("healthz", keyed("/healthz"));
    requests.put("readyz", keyed("/readyz"));
    requests.put("ticket", json("/ws-tickets", "{}"));
    requests.put("submit", json("/investigate", "{\"goal\": \"and now?\"}"));
    requests.put("bad json", json("/investigate", "{"));
    requests.put("follow-up on an ended one", json("/investigations/" + id + "/messages", "{}"));
    requests.put("cancel an ended one", json("/investigations/" + id + "/cancel", "{}"));
    requests.put(
        "no key", HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id))));
    requests.put("unknown id", keyed("/investigations/nope"));
    requests.put("unknown path", keyed("/nothing-here"));
    requests.put("wrong method", keyed("/investigations/" + id).DELETE());
    requests.put(
        "too large", json("/investigate", "{\"goal\": \"" + "x".repeat(2_000_000) + "\"}"));
    requests.put(
        "agent with a wrong token",
        HttpRequest.newBuilder(
                URI.create(harness.url("/internal/investigations/" + id + "/events")))
            .header("Authorization", "Bearer not-a-token"));
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"fine\"}"));

    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, HttpRequest.Builder> request : requests.entrySet()) {
      HttpResponse<String> answer =
          harness.http.send(
              request.getValue().timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString());
      problems.addAll(
          problems(request.getKey() + " (" + answer.statusCode() + ")", answer.headers().map()));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theAnswersJettyWritesItselfCarryThemToo() throws Exception {
    List<String> problems = new ArrayList<>();
    problems.addAll(raw("a bad URI", "GET /investigations/%zz HTTP/1.1\r\nHost: x\r\n\r\n"));
    problems.addAll(
        raw(
            "headers too large",
            "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n"));
    problems.addAll(raw("a bad version", "GET /healthz HTTP/3.7\r\nHost: x\r\n\r\n"));
    assertThat(problems).isEmpty();
  }

  /** Sends a request as bytes (an HTTP client would refuse to) and checks the answer's headers. */
  private List<String> raw(String what, String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", URI.create(harness.url("/")).getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = new String(in.readNBytes(4096), StandardCharsets.ISO_8859_1);
      int end = head.indexOf("\r\n\r\n");
      String[] lines = (end < 0 ? head : head.substring(0, end)).split("\r\n");
      Map<String, List<String>> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers
              .computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
              .add(lines[i].substring(colon + 1).strip());
        }
      }
      assertThat(lines[0]).as(what).matches("HTTP/1\\.1 [45]\\d\\d .*");
      return problems(what + " (" + lines[0] + ")", headers);
    }
  }

  private static List<String> problems(String what, Map<String, List<String>> headers) {
    Map<String, String> lower = new LinkedHashMap<>();
    headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    List<String> problems = new ArrayList<>();
    String csp = lower.getOrDefault("content-security-policy", "");
    if (!csp.contains("frame-ancestors 'none'") || !csp.contains("script-src 'self'")) {
      problems.add(what + ": Content-Security-Policy '" + csp + "'");
    }
    if (!"nosniff".equals(lower.get("x-content-type-options"))) {
      problems.add(what + ": X-Content-Type-Options " + lower.get("x-content-type-options"));
    }
    if (!"no-referrer".equals(lower.get("referrer-policy"))) {
      problems.add(what + ": Referrer-Policy " + lower.get("referrer-policy"));
    }
    if (!lower.getOrDefault("cache-control", "").contains("no-store")) {
      problems.add(what + ": Cache-Control " + lower.get("cache-control"));
    }
    return problems;
  }
}
