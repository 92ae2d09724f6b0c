package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code OATS_API_KEYS} entry is {@code key} or {@code name=key}, split at its first {@code =}.
 * A base64 key ends in {@code =} padding: split there, {@code Zm9v...MA==} was the name {@code
 * Zm9v...MA} (the key's own text, then shown as who started and decided every investigation, in the
 * API, the events, the log and the page) and the key {@code "="}, which anyone could send. A named
 * entry without a key, or a name wider than the columns that record it, is refused at the start
 * with what to write, instead of a key nobody can use or a submit that fails in the database.
 */
class ApiKeyEntryAttackTest {

  /** base64 of "foobarbazqux1234567890": 30 characters and its padding. */
  private static final String PADDED = "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==";

  private static final String MATERIAL = PADDED.substring(0, PADDED.indexOf('='));

  @TempDir Path dir;

  @Test
  void aBase64KeyWithItsPaddingIsOneKeyNotANameAndTheKeyEquals() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_API_KEYS", PADDED + "," + ServerHarness.KEY);
      harness.start();
      assertThat(list(harness, "=").statusCode()).as("the key '='").isEqualTo(401);
      assertThat(list(harness, "==").statusCode()).isEqualTo(401);
      assertThat(list(harness, PADDED).statusCode()).as("the key as written").isEqualTo(200);

      harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));
      HttpResponse<String> submitted =
          harness.send(
              HttpRequest.newBuilder(URI.create(harness.url("/investigate")))
                  .header("X-API-Key", PADDED)
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"goal\": \"why is cart slow?\"}")));
      assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
      String id = json(submitted).get("job_id").asText();
      harness.awaitEnd(id);
      String shown =
          harness
              .send(
                  HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id)))
                      .header("X-API-Key", PADDED))
              .body();
      assertThat(shown).doesNotContain(MATERIAL).contains("\"key-");
      String events =
          harness
              .send(
                  HttpRequest.newBuilder(
                          URI.create(harness.url("/investigations/" + id + "/events")))
                      .header("X-API-Key", PADDED))
              .body();
      assertThat(events).doesNotContain(MATERIAL);
    }
  }

  @Test
  void aNamedKeyStillTakesItsNameAndAPaddedKeyBehindIt() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_API_KEYS", "alice=" + PADDED);
      harness.start();
      assertThat(list(harness, PADDED).statusCode()).isEqualTo(200);
      assertThat(list(harness, "=").statusCode()).isEqualTo(401);
    }
  }

  @Test
  void aNamedEntryWithoutAKeyIsRefusedAtTheStart() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_API_KEYS", "alice=, bob=" + ServerHarness.KEY);
      assertThatThrownBy(harness::start)
          .hasStackTraceContaining("The API key named 'alice' is empty");
    }
  }

  @Test
  void aNameWiderThanItsColumnIsRefusedAtTheStartWithoutShowingTheKey() throws Exception {
    try (ServerHarness harness = new ServerHarness(dir)) {
      harness.env.put("OATS_API_KEYS", "n".repeat(201) + "=" + ServerHarness.KEY);
      assertThatThrownBy(harness::start)
          .hasStackTraceContaining("is 201 characters; the limit is 200")
          .satisfies(e -> assertThat(e.toString()).doesNotContain(ServerHarness.KEY));
    }
  }

  private static HttpResponse<String> list(ServerHarness harness, String key) throws Exception {
    return harness.send(
        HttpRequest.newBuilder(URI.create(harness.url("/investigations")))
            .header("X-API-Key", key));
  }
}
