package dev.oats.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.runner.LocalRunner;
import dev.oats.runner.Runner;
import dev.oats.runner.RunnerRequest;
import dev.oats.server.wiring.OatsServer;
import dev.oats.testkit.FakeAnthropicServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real OATS server on a free port, with a fake Anthropic behind it and a real HTTP client. Public
 * so that the browser tests in {@code dev.oats.ui} drive the same server.
 */
public final class ServerHarness implements AutoCloseable {

  public static final String KEY = "test-api-key-0123456789";
  public static final ObjectMapper JSON = new ObjectMapper();

  public final FakeAnthropicServer model;
  public final Map<String, String> env = new HashMap<>();
  final HttpClient http = HttpClient.newHttpClient();
  final ByteArrayOutputStream announced = new ByteArrayOutputStream();
  OatsServer server;

  public ServerHarness(Path dataDir) throws Exception {
    model = FakeAnthropicServer.start();
    env.put("OATS_HOST", "127.0.0.1");
    env.put("OATS_PORT", "0");
    env.put("OATS_DATA_DIR", dataDir.toString());
    env.put("OATS_API_KEYS", KEY);
    env.put("ANTHROPIC_API_KEY", "sk-ant-test-0123456789");
    env.put("ANTHROPIC_BASE_URL", model.baseUrl());
    env.put("OATS_WORKSPACE", dataDir.resolve("workspace").toString());
    env.put("OATS_TOOLS_DIR", dataDir.resolve("tools").toString());
    env.put("OATS_MODEL_MAX_RETRIES", "0");
    env.put("OATS_CANCEL_GRACE_SECONDS", "2");
  }

  public ServerHarness start() throws Exception {
    return start(LocalRunner::create);
  }

  /** Starts the server with a runner of the test's making (a Kubernetes runner, say). */
  public ServerHarness start(Function<RunnerRequest, Runner> runners) throws Exception {
    server =
        OatsServer.start(env, new PrintStream(announced, true, StandardCharsets.UTF_8), runners);
    return this;
  }

  /** The investigation service of the server started last. */
  public InvestigationService service() {
    return server.service();
  }

  /** Stops the server as a restart would, keeping the fake model for the next start. */
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  public HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url(path))).header("X-API-Key", KEY).GET());
  }

  public HttpResponse<String> post(String path, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url(path)))
            .header("X-API-Key", KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The investigation's events as its agent reads them: {@code GET /internal/…} with its token. */
  public HttpResponse<String> agentHistory(String id, String token) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url("/internal/investigations/" + id + "/events")))
            .header("Authorization", "Bearer " + token)
            .GET());
  }

  /** Delivers a batch as an agent does: {@code POST /internal/…/events} with its token. */
  public HttpResponse<String> agentDelivery(String id, String token, String body) throws Exception {
    return send(
        HttpRequest.newBuilder(URI.create(url("/internal/investigations/" + id + "/events")))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** How many HTTP sessions Jetty has created since the server started. */
  public int jettySessionsCreated() {
    return server
        .jetty()
        .getContainedBeans(org.eclipse.jetty.session.AbstractSessionManager.class)
        .stream()
        .mapToInt(org.eclipse.jetty.session.AbstractSessionManager::getSessionsCreated)
        .sum();
  }

  public static JsonNode json(HttpResponse<String> response) throws Exception {
    return JSON.readTree(response.body());
  }

  /** Submits a goal in namespace shop and returns the investigation id. */
  public String submit(String goal) throws Exception {
    return submit(goal, "shop");
  }

  /** Submits a goal and returns the investigation id. */
  public String submit(String goal, String namespace) throws Exception {
    HttpResponse<String> response =
        post(
            "/investigate",
            JSON.createObjectNode()
                .put("goal", goal)
                .put("target_namespace", namespace)
                .toString());
    if (response.statusCode() != 200) {
      throw new AssertionError(response.statusCode() + " " + response.body());
    }
    return json(response).get("job_id").asText();
  }

  /** Polls the investigation until the condition holds (bounded), and returns it. */
  public JsonNode awaitInvestigation(String id, Predicate<JsonNode> condition) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      last = json(get("/investigations/" + id));
      if (condition.test(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("investigation never reached the condition; last: " + last);
  }

  public JsonNode awaitEnd(String id) throws Exception {
    return awaitInvestigation(
        id,
        i ->
            Predicate.not(
                    (String s) ->
                        s.equals("pending")
                            || s.equals("running")
                            || s.equals("waiting_for_approval"))
                .test(i.path("status").asText()));
  }

  @Override
  public void close() throws Exception {
    stop();
    model.close();
  }

  /** A WebSocket listener that collects whole text messages and completes on close. */
  public static WebSocket.Listener collector(
      List<String> messages, CompletableFuture<Integer> closed) {
    return new WebSocket.Listener() {
      final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          messages.add(partial.toString());
          partial.setLength(0);
        }
        ws.request(1);
        return null;
      }

      @Override
      public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
        closed.complete(status);
        return null;
      }
    };
  }
}
