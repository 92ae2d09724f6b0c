package dev.oats.server;

import static dev.oats.server.ServerHarness.JSON;
import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /investigate} with an {@code Idempotency-Key}: a submit retried after its answer was
 * lost (a timeout, a dropped connection, a second click) returns the investigation the first one
 * started and starts nothing, over real HTTP against a real server and database.
 */
class IdempotentSubmitTest {

  @TempDir static Path dir;
  static ServerHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = new ServerHarness(dir).start();
  }

  @AfterAll
  static void stop() throws Exception {
    harness.close();
  }

  @Test
  void aRetriedSubmitReturnsTheInvestigationItStartedAndStartsNothing() throws Exception {
    String goal = "Why is cart-" + UUID.randomUUID() + " slow?";
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"## Root cause\\nok\"}"));
    String key = UUID.randomUUID().toString();

    HttpResponse<String> first = submit(goal, "shop", key);
    HttpResponse<String> retry = submit(goal, "shop", key);

    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
    String id = json(first).get("job_id").asText();
    assertThat(json(retry).get("job_id").asText()).isEqualTo(id);
    assertThat(json(retry).get("job_name").asText())
        .isEqualTo(json(first).get("job_name").asText());
    assertThat(json(retry).get("message").asText()).contains("Idempotency-Key");
    assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
    assertThat(investigationsWithGoal(goal)).isEqualTo(1);
    // The retry after the end gets the ended investigation, as it now stands.
    harness.awaitEnd(id);
    JsonNode late = json(submit(goal, "shop", key));
    assertThat(late.get("job_id").asText()).isEqualTo(id);
    assertThat(late.get("status").asText()).isEqualTo("succeeded");
    assertThat(investigationsWithGoal(goal)).isEqualTo(1);
  }

  @Test
  void submitsWithoutAKeyEachStartAnInvestigationAsTheSeedsDid() throws Exception {
    String goal = "Why is orders-" + UUID.randomUUID() + " failing?";
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"one\"}"));
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"two\"}"));

    String one = json(submit(goal, "shop", null)).get("job_id").asText();
    String two = json(submit(goal, "shop", null)).get("job_id").asText();

    assertThat(one).isNotEqualTo(two);
    assertThat(investigationsWithGoal(goal)).isEqualTo(2);
    harness.awaitEnd(one);
    harness.awaitEnd(two);
  }

  @Test
  void aKeyReusedForAnotherGoalOrNamespaceIsRefusedAndStartsNothing() throws Exception {
    String goal = "Why is search-" + UUID.randomUUID() + " down?";
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));
    String key = "deploy-42-" + UUID.randomUUID();
    String id = json(submit(goal, "shop", key)).get("job_id").asText();

    for (HttpResponse<String> reused :
        List.of(submit(goal + " And why now?", "shop", key), submit(goal, "shop-eu", key))) {
      assertThat(reused.statusCode()).as(reused.body()).isEqualTo(422);
      JsonNode error = json(reused).get("error");
      assertThat(error.get("code").asText()).isEqualTo("idempotency_key_reused");
      assertThat(error.get("message").asText()).contains(key).contains(id).contains("new key");
    }
    assertThat(investigationsWithGoal(goal)).isEqualTo(1);
    harness.awaitEnd(id);
  }

  @Test
  void aMalformedKeyIsRefusedWithWhatToSendAndNothingIsStored() throws Exception {
    String goal = "Why is auth-" + UUID.randomUUID() + " crashing?";
    for (String bad : List.of("", "two words", "x".repeat(256))) {
      HttpResponse<String> response = submit(goal, "shop", bad);
      assertThat(response.statusCode()).as("key '%s': %s", bad, response.body()).isEqualTo(400);
      assertThat(json(response).get("error").get("message").asText())
          .contains("Idempotency-Key")
          .contains("255");
    }
    assertThat(investigationsWithGoal(goal)).isZero();
    // The longest key allowed is taken.
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));
    HttpResponse<String> longest = submit(goal, "shop", "k".repeat(255));
    assertThat(longest.statusCode()).as(longest.body()).isEqualTo(200);
    harness.awaitEnd(json(longest).get("job_id").asText());
  }

  @Test
  void retriesRacingUnderOneKeyStartOneInvestigation() throws Exception {
    String goal = "Why is pay-" + UUID.randomUUID() + " timing out?";
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));
    String key = UUID.randomUUID().toString();
    int racers = 12;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return submit(goal, "shop", key);
                }));
      }
      go.countDown();
      Set<String> ids = new HashSet<>();
      int replayed = 0;
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ids.add(json(response).get("job_id").asText());
        replayed += response.headers().firstValue("Idempotent-Replayed").isPresent() ? 1 : 0;
      }
      assertThat(ids).hasSize(1);
      assertThat(replayed).isEqualTo(racers - 1);
      assertThat(investigationsWithGoal(goal)).isEqualTo(1);
      harness.awaitEnd(ids.iterator().next());
    } finally {
      pool.shutdownNow();
    }
  }

  private static HttpResponse<String> submit(String goal, String namespace, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(harness.url("/investigate")))
            .header("X-API-Key", ServerHarness.KEY)
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    JSON.createObjectNode()
                        .put("goal", goal)
                        .put("target_namespace", namespace)
                        .toString()));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return harness.send(request);
  }

  private static long investigationsWithGoal(String goal) throws Exception {
    return json(harness.get("/investigations?q=" + URLEncoder.encode(goal, StandardCharsets.UTF_8)))
        .get("total")
        .asLong();
  }
}
