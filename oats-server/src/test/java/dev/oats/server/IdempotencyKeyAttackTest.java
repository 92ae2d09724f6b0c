package dev.oats.server;

import static dev.oats.server.ServerHarness.JSON;
import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.ScriptedReply;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code Idempotency-Key} of {@code POST /investigate} from outside: one caller's key is never
 * another's (the same key and body from two API keys start two investigations, and neither caller
 * is handed the other's), and keys of odd bytes (UTF-8, Latin-1, control characters, over 255
 * characters) are refused with what to send, storing nothing.
 */
class IdempotencyKeyAttackTest {

  private static final String BOB_KEY = "bob-api-key-9876543210";

  @TempDir static Path dir;
  static ServerHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new ServerHarness(dir);
    harness.env.put("OATS_API_KEYS", "alice=" + ServerHarness.KEY + ",bob=" + BOB_KEY);
    harness.start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void anotherCallersKeyIsTheirOwnAndNeverHandsBackTheFirstCallersInvestigation() throws Exception {
    String goal = "Why is cart-" + UUID.randomUUID() + " slow?";
    String key = UUID.randomUUID().toString();
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"a\"}"),
        ScriptedReply.toolCall("finish", "{\"result\": \"b\"}"));
    HttpResponse<String> alice = submit(ServerHarness.KEY, goal, key);
    HttpResponse<String> bob = submit(BOB_KEY, goal, key);
    assertThat(alice.statusCode()).as(alice.body()).isEqualTo(200);
    assertThat(bob.statusCode()).as(bob.body()).isEqualTo(200);
    String aliceId = json(alice).get("job_id").asText();
    String bobId = json(bob).get("job_id").asText();
    assertThat(bobId).isNotEqualTo(aliceId);
    assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
    // Each caller's retry gets their own back; a reused key with another goal names only theirs.
    HttpResponse<String> bobAgain = submit(BOB_KEY, goal, key);
    assertThat(json(bobAgain).get("job_id").asText()).isEqualTo(bobId);
    HttpResponse<String> bobOther = submit(BOB_KEY, goal + " (again)", key);
    assertThat(bobOther.statusCode()).isEqualTo(422);
    assertThat(bobOther.body()).contains(bobId).doesNotContain(aliceId);
    harness.awaitEnd(aliceId);
    harness.awaitEnd(bobId);
    assertThat(count(goal)).isEqualTo(2);
  }

  /**
   * Goals that differ only in a secret are stored alike (the redactor hides both), but they are two
   * requests: the second under the first's key is refused, never handed the first's investigation,
   * and the refusal shows neither secret. The goal typed again is still the retry it was.
   */
  @Test
  void goalsThatDifferOnlyInASecretAreTwoRequestsNotARetry() throws Exception {
    String service = "ledger-" + UUID.randomUUID();
    String first = "Why does %s fail at postgres://app:Hunter2hunter2@db:5432/orders?";
    String second = "Why does %s fail at postgres://app:Swordfish99xyz@db:5432/orders?";
    String key = UUID.randomUUID().toString();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
    HttpResponse<String> one = submit(ServerHarness.KEY, first.formatted(service), key);
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    String id = json(one).get("job_id").asText();
    assertThat(json(harness.get("/investigations/" + id)).get("goal").asText())
        .doesNotContain("Hunter2hunter2");

    HttpResponse<String> other = submit(ServerHarness.KEY, second.formatted(service), key);
    assertThat(other.statusCode()).as(other.body()).isEqualTo(422);
    assertThat(other.body()).doesNotContain("Hunter2hunter2").doesNotContain("Swordfish99xyz");
    assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();

    HttpResponse<String> again = submit(ServerHarness.KEY, first.formatted(service), key);
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    assertThat(json(again).get("job_id").asText()).isEqualTo(id);
    assertThat(again.headers().firstValue("Idempotent-Replayed")).contains("true");
    harness.awaitEnd(id);
    assertThat(count(service)).isEqualTo(1);
  }

  @Test
  void keysOfOddBytesOrLengthAreRefusedWithWhatToSendAndStoreNothing() throws Exception {
    String goal = "Why is pay-" + UUID.randomUUID() + " down?";
    byte[][] keys = {
      "kéy-ütf8".getBytes(StandardCharsets.UTF_8),
      "k\u00e9y-latin1".getBytes(StandardCharsets.ISO_8859_1),
      "key with spaces".getBytes(StandardCharsets.US_ASCII),
      "key\u007fdel".getBytes(StandardCharsets.ISO_8859_1),
      "k".repeat(256).getBytes(StandardCharsets.US_ASCII),
      "\u2028\u202e".getBytes(StandardCharsets.UTF_8),
    };
    for (byte[] key : keys) {
      String answer = rawSubmit(goal, key);
      assertThat(answer)
          .as(new String(key, StandardCharsets.ISO_8859_1))
          .startsWith("HTTP/1.1 400");
    }
    assertThat(count(goal)).isZero();
    // 255 visible characters is still a key.
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
    HttpResponse<String> longest = submit(ServerHarness.KEY, goal, "~".repeat(255));
    assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
    harness.awaitEnd(json(longest).get("job_id").asText());
  }

  private static HttpResponse<String> submit(String apiKey, String goal, String key)
      throws Exception {
    return harness.send(
        HttpRequest.newBuilder(URI.create(harness.url("/investigate")))
            .header("X-API-Key", apiKey)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", key)
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode()
                        .put("goal", goal)
                        .put("target_namespace", "shop")
                        .toString())));
  }

  /** A submit written byte by byte: HttpClient will not send such header values. */
  private static String rawSubmit(String goal, byte[] key) throws Exception {
    URI uri = URI.create(harness.url("/"));
    byte[] body =
        JSON.createObjectNode().put("goal", goal).toString().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /investigate HTTP/1.1\r\nHost: 127.0.0.1\r\nX-API-Key: "
                  + ServerHarness.KEY
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\nIdempotency-Key: ")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(key);
      out.write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static long count(String goal) throws Exception {
    return json(harness.get("/investigations?q=" + URLEncoder.encode(goal, StandardCharsets.UTF_8)))
        .get("total")
        .asLong();
  }
}
