package dev.oats.server;

import static dev.oats.server.ServerHarness.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.oats.testkit.ScriptedReply;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server does for the web UI: public files, security headers, socket tickets. */
class WebUiServingTest {

  private static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

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

  private static HttpResponse<String> anonymous(String path) throws Exception {
    return harness.send(HttpRequest.newBuilder(URI.create(harness.url(path))).GET());
  }

  @Test
  void thePageAndItsFilesNeedNoKeyAndCarryTheSecurityHeaders() throws Exception {
    HttpResponse<String> page = anonymous("/");
    HttpResponse<String> script = anonymous("/assets/app.js");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.body()).contains("<main id=\"main\"").doesNotContain("${");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
  }

  @Test
  void everyFileThePageNamesIsServedFromTheJarAndNothingComesFromElsewhere() throws Exception {
    String page = anonymous("/").body();
    Matcher references = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page);
    List<String> paths = references.results().map(m -> m.group(1)).toList();

    assertThat(paths).allSatisfy(path -> assertThat(path).startsWith("/"));
    assertThat(paths).anyMatch(path -> path.startsWith("/webjars/marked/"));
    assertThat(paths).anyMatch(path -> path.startsWith("/webjars/dompurify/"));
    assertThat(paths).anyMatch(path -> path.startsWith("/webjars/highlightjs/"));
    for (String path : paths) {
      assertThat(anonymous(path).statusCode()).as(path).isEqualTo(200);
    }
  }

  /**
   * The cause of an idle server of ~470 MiB: serving the UI mounted a zip file system over each jar
   * holding UI files (in the runnable jar, an index of 700,000 entries per mount). Files are read
   * through the class loader instead, so no jar the UI comes from is ever mounted.
   */
  @Test
  void servingTheUiMountsNoZipFileSystemOverAJar() throws Exception {
    String page = anonymous("/").body();
    Matcher references = Pattern.compile("(?:src|href)=\"([^\"#]+)\"").matcher(page);
    List<String> paths = references.results().map(m -> m.group(1)).toList();
    for (String path : paths) {
      assertThat(anonymous(path).statusCode()).as(path).isEqualTo(200);
    }
    assertThat(anonymous("/assets/views").statusCode()).isEqualTo(404);
    assertThat(anonymous("/assets/../index.html").statusCode()).isEqualTo(404);

    List<URI> jars =
        Collections.list(getClass().getClassLoader().getResources("META-INF/resources/webjars"))
            .stream()
            .map(URL::toString)
            .filter(url -> url.startsWith("jar:"))
            .map(url -> URI.create(url.substring(0, url.indexOf("!/") + 2)))
            .toList();
    assertThat(jars).as("the WebJars the page uses").hasSizeGreaterThanOrEqualTo(3);
    // The mounts came from Javalin's static files, served by Jetty's resource handler; in the
    // runnable jar it mounted the jar itself (here the UI files lie in a folder, so only the
    // handler's absence shows it).
    assertThat(harness.server.http().unsafe.resourceHandler).isNull();
    for (URI jar : jars) {
      assertThatThrownBy(() -> FileSystems.getFileSystem(jar))
          .as("a zip file system mounted over " + jar)
          .isInstanceOf(FileSystemNotFoundException.class);
    }
  }

  @Test
  void theApiStillNeedsTheKeyAndItsAnswersCarryTheHeadersToo() throws Exception {
    HttpResponse<String> none = anonymous("/investigations");
    HttpResponse<String> keyed = harness.get("/investigations");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Security-Policy")).hasValue(CSP);
    assertThat(keyed.statusCode()).isEqualTo(200);
    assertThat(keyed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
  }

  @Test
  void aTicketNeedsTheKeyAndLastsAMinute() throws Exception {
    HttpResponse<String> none =
        harness.send(
            HttpRequest.newBuilder(URI.create(harness.url("/ws-tickets")))
                .POST(HttpRequest.BodyPublishers.noBody()));
    HttpResponse<String> issued = harness.post("/ws-tickets", "");

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(issued.statusCode()).isEqualTo(200);
    assertThat(json(issued).get("ticket").asText()).matches("[A-Za-z0-9_.-]{40,}");
    assertThat(json(issued).get("expires_in").asInt()).isEqualTo(60);
    assertThat(issued.headers().firstValue("Cache-Control")).hasValue("no-store");
  }

  @Test
  void aTicketOpensOneWebSocketWithoutTheKeyAndOnlyOnce() throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"over a ticket\"}"));
    String id = harness.submit("watch me by ticket");
    harness.awaitEnd(id);
    String ticket = json(harness.post("/ws-tickets", "")).get("ticket").asText();
    String url =
        harness.url("/ws/investigations/" + id).replace("http://", "ws://") + "?ticket=" + ticket;

    List<String> messages = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    harness
        .http
        .newWebSocketBuilder()
        .buildAsync(URI.create(url), ServerHarness.collector(messages, closed))
        .get(10, TimeUnit.SECONDS);

    assertThat(closed.get(30, TimeUnit.SECONDS)).isEqualTo(1000);
    assertThat(messages).last().asString().contains("\"type\":\"finished\"", "over a ticket");
    assertThat(refusal(url)).isEqualTo(401);
    assertThat(refusal(url.replace(ticket, "made-up"))).isEqualTo(401);
  }

  @Test
  void countsByStatusCoverEveryStatus() throws Exception {
    JsonNode counts = json(harness.get("/investigations/counts"));

    assertThat(counts.fieldNames())
        .toIterable()
        .containsExactly(
            "pending",
            "running",
            "waiting_for_approval",
            "succeeded",
            "failed",
            "cancelled",
            "total");
    assertThat(counts.get("total").asLong())
        .isEqualTo(json(harness.get("/investigations")).get("total").asLong());
  }

  @Test
  void oneInvestigationNamesTheCommandThatFollowsItsLogsAndTheListDoesNot() throws Exception {
    harness.model.enqueue(ScriptedReply.toolCall("finish", "{\"result\": \"ok\"}"));
    String id = harness.submit("where are my logs");
    harness.awaitEnd(id);

    JsonNode one = json(harness.get("/investigations/" + id));
    JsonNode listed = json(harness.get("/investigations?q=where+are+my+logs")).get("items").get(0);

    assertThat(one.get("command_to_check_logs").asText()).contains(id);
    assertThat(listed.has("command_to_check_logs")).isFalse();
  }

  private static int refusal(String url) throws InterruptedException {
    try {
      harness
          .http
          .newWebSocketBuilder()
          .buildAsync(URI.create(url), new WebSocket.Listener() {})
          .get(10, TimeUnit.SECONDS)
          .abort();
      return 101;
    } catch (ExecutionException e) {
      return e.getCause() instanceof WebSocketHandshakeException refused
          ? refused.getResponse().statusCode()
          : -1;
    } catch (java.util.concurrent.TimeoutException e) {
      return -2;
    }
  }
}
