package dev.oats.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's investigation is looked up in the store only when no one watches it (its feed answers
 * otherwise): an unknown investigation is still refused on both transports while another one is
 * watched, and a watched one still opens.
 */
class StreamOfUnknownInvestigationTest {

  @TempDir Path dir;
  ServerHarness harness;
  final CompletableFuture<Void> release = new CompletableFuture<>();

  @AfterEach
  void stop() throws Exception {
    release.complete(null);
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void anUnknownInvestigationIsRefusedWhileAnotherIsWatched() throws Exception {
    harness = new ServerHarness(dir).start();
    harness.model.enqueue(
        ScriptedReply.toolCall("finish", "{\"result\": \"done\"}").heldUntil(release));
    String id = harness.submit("watch me");
    harness.awaitInvestigation(id, r -> r.path("status").asText().equals("running"));
    HttpClient http = HttpClient.newHttpClient();

    // A watcher of the real investigation: its feed is open from here on.
    List<String> messages = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket watching =
        http.newWebSocketBuilder()
            .header("X-API-Key", ServerHarness.KEY)
            .buildAsync(socket(id), ServerHarness.collector(messages, closed))
            .get(10, TimeUnit.SECONDS);
    for (int i = 0; i < 100 && messages.isEmpty(); i++) {
      Thread.sleep(100);
    }
    assertThat(messages).as("the replay to the first watcher").isNotEmpty();

    // Answered at once: a stream opened for it would wait for events that never come.
    HttpResponse<String> unknownSse =
        http.sendAsync(
                HttpRequest.newBuilder(URI.create(harness.url("/investigations/nope/events")))
                    .header("X-API-Key", ServerHarness.KEY)
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .get(20, TimeUnit.SECONDS);
    assertThat(unknownSse.statusCode()).isEqualTo(404);
    assertThat(unknownSse.body()).contains("No investigation with id 'nope'");

    CompletableFuture<Integer> unknownClosed = new CompletableFuture<>();
    http.newWebSocketBuilder()
        .header("X-API-Key", ServerHarness.KEY)
        .buildAsync(
            socket("nope"), ServerHarness.collector(new CopyOnWriteArrayList<>(), unknownClosed))
        .get(10, TimeUnit.SECONDS);
    assertThat(unknownClosed.get(10, TimeUnit.SECONDS)).isEqualTo(4404);

    // A second watcher of the watched investigation opens (its feed answered for it).
    HttpResponse<java.io.InputStream> second =
        http.send(
            HttpRequest.newBuilder(URI.create(harness.url("/investigations/" + id + "/events")))
                .header("X-API-Key", ServerHarness.KEY)
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(second.statusCode()).isEqualTo(200);
    second.body().close();
    watching.abort();
  }

  private URI socket(String id) {
    return URI.create(harness.url("/ws/investigations/" + id).replaceFirst("^http", "ws"));
  }
}
