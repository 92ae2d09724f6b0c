package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.ScriptedReply;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reviewer's evidence: an SSE client that reconnects after the end with Last-Event-ID set to the
 * terminal event (what an EventSource does when the server closes its stream) is held open for good
 * with keep-alives: the pump waits for an event after the end, which never comes. Each such client
 * keeps a request thread, the feed and its platform broadcaster thread.
 */
class SseAfterEndAttackTest {

  @TempDir Path dir;
  ServerHarness harness;

  @AfterEach
  void stop() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private HttpResponse<InputStream> openSse(String id, Long lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
            .header("X-API-Key", ServerHarness.KEY)
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(60));
    if (lastEventId != null) {
      request.header("Last-Event-ID", String.valueOf(lastEventId));
    }
    return harness.http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  private CompletableFuture<Long> readToEnd(HttpResponse<InputStream> response) {
    return CompletableFuture.supplyAsync(
        () -> {
          AtomicLong last = new AtomicLong();
          try (BufferedReader lines =
              new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              if (line.startsWith("id: ")) {
                last.set(Long.parseLong(line.substring(4)));
              }
            }
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
          return last.get();
        });
  }

  @Test
  void aReconnectAfterTheTerminalEventEndsInsteadOfBeingHeldOpen() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"done\"}"));
    String id = harness.submit("watch me");
    harness.awaitEnd(id);
    long last = readToEnd(openSse(id, null)).get(30, TimeUnit.SECONDS);
    assertThat(last).isPositive();

    HttpResponse<InputStream> again = openSse(id, last);
    CompletableFuture<Long> ended = readToEnd(again);

    // The heartbeat is 15 s: 40 s is well past two of them.
    assertThat(ended)
        .as("the stream after the terminal event should end")
        .succeedsWithin(Duration.ofSeconds(40));
  }
}
