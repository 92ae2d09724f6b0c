package dev.oats.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oats.testkit.CrudApiServer;
import dev.oats.testkit.FakeAnthropicServer;
import dev.oats.testkit.ScriptedReply;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code oats server} at {@code OATS_LOG_LEVEL=TRACE}, in both log formats, through an
 * investigation that meets a secret everywhere one can come from: the API key in every header form
 * (right and wrong), the model's key, the cluster's token in the kubeconfig, a WebSocket ticket and
 * the key that signs it, a token pasted into the goal, a password in a pod's log, a Secret's value
 * read through kubectl_info. No line of the log holds any of them in plain text, base64 (standard
 * or URL-safe), hex (either case), URL-encoded or JSON-escaped; and no library that prints wire
 * traffic (Jetty, fabric8, the SDKs' HTTP clients, JDBC) logs below INFO whatever the level.
 */
class TraceLogSecretsAttackTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL_KEY = "sk-ant-trace-secret-5e6f7a8b9c0d1e2f";
  private static final String WRONG_KEY = "a-clients-wrong-key-7f6e5d4c3b2a19";
  private static final String KUBE_TOKEN = "kube-bearer-token-0a1b2c3d4e5f6a7b8c9d";
  private static final String TICKET_SECRET = "ticket-signing-secret-1234567890abcdefghij";
  private static final String GOAL_TOKEN = "ghp_Tr4ceG0alT0kenAbCdEfGhIjKlMnOpQrStUv";
  private static final String LOG_PASSWORD = "p0d/L0g+Pa55w0rd=Tr4ce-77";
  private static final String SECRET_VALUE = "s3cret/Value+From=The-API-99";

  /** Libraries whose DEBUG and TRACE print requests, headers and bodies. */
  private static final List<String> WIRE_LOGGERS =
      List.of(
          "org.eclipse.jetty",
          "io.javalin",
          "io.fabric8",
          "okhttp3",
          "com.anthropic",
          "com.openai",
          "org.apache.hc",
          "com.zaxxer.hikari",
          "org.jdbi",
          "org.flywaydb",
          "org.h2",
          "org.postgresql",
          "io.netty",
          "io.vertx",
          "jdk.internal");

  @TempDir Path dir;

  @ParameterizedTest(name = "OATS_LOG_FORMAT={0}")
  @ValueSource(strings = {"text", "json"})
  void aTraceRunLogsNoSecretInAnyEncoding(String format) throws Exception {
    try (FakeAnthropicServer model = FakeAnthropicServer.start();
        CrudApiServer kube = new CrudApiServer(LogServingDispatcher::new)) {
      shop(kube);
      Path kubeconfig = kubeconfig(kube);
      model.enqueue(
          ScriptedReply.toolCall(
              "kubectl_info",
              "{\"action\": \"logs\", \"name\": \"checkout-1\", \"namespace\": \"shop\"}"),
          ScriptedReply.toolCall(
              "kubectl_info",
              "{\"action\": \"get\", \"resource\": \"secret\", \"name\": \"db\","
                  + " \"namespace\": \"shop\", \"output\": \"yaml\"}"),
          ScriptedReply.toolCall("finish", "{\"result\": \"the database password is wrong\"}"));
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OATS_LOG_LEVEL", "TRACE");
      env.put("OATS_LOG_FORMAT", format);
      env.put("ANTHROPIC_API_KEY", MODEL_KEY);
      env.put("ANTHROPIC_BASE_URL", model.baseUrl());
      env.put("KUBECONFIG", kubeconfig.toString());
      env.put("OATS_TICKET_SECRET", TICKET_SECRET);
      ServerProcess server = ServerProcess.start(dir.resolve("data"), env, List.of());
      try {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.port;
        HttpResponse<String> submitted =
            server.post(
                "/investigate",
                JSON.createObjectNode()
                    .put("goal", "why does checkout fail? my token is " + GOAL_TOKEN)
                    .put("target_namespace", "shop")
                    .toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(200);
        String id = JSON.readTree(submitted.body()).get("job_id").asText();
        for (String[] header :
            List.of(
                new String[] {"X-API-Key", ServerProcess.KEY},
                new String[] {"Authorization", "Bearer " + ServerProcess.KEY},
                new String[] {"X-API-Key", WRONG_KEY},
                new String[] {"Authorization", "Bearer " + WRONG_KEY},
                new String[] {"Authorization", "Basic " + base64("u:" + ServerProcess.KEY)},
                new String[] {"Cookie", "oats=" + ServerProcess.KEY})) {
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/investigations?limit=5"))
                  .header(header[0], header[1])
                  .build(),
              HttpResponse.BodyHandlers.discarding());
        }
        // The key in the query, where a careless client puts it.
        http.send(
            HttpRequest.newBuilder(
                    URI.create(base + "/investigations?api_key=" + ServerProcess.KEY))
                .build(),
            HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> ticket = server.post("/ws-tickets", "{}");
        String issued = JSON.readTree(ticket.body()).path("ticket").asText();
        assertThat(issued).isNotEmpty();
        server.awaitEnd(id, Duration.ofSeconds(90));
        String events = server.get("/investigations/" + id + "/events").body();
        assertThat(events)
            .as("the tools read the pod's log and the Secret")
            .contains("login failed for user shop", "Secret shop/db");
        List<String> secrets =
            List.of(
                ServerProcess.KEY,
                WRONG_KEY,
                MODEL_KEY,
                KUBE_TOKEN,
                TICKET_SECRET,
                issued.substring(issued.lastIndexOf('.') + 1),
                GOAL_TOKEN,
                LOG_PASSWORD,
                SECRET_VALUE);
        server.close();
        String log = server.output();
        assertThat(log).as("the run logged at TRACE").containsAnyOf("TRACE", "DEBUG");
        assertThat(log).as("the run ended").contains("ended: finished");
        List<String> found = new ArrayList<>();
        for (String secret : secrets) {
          for (Map.Entry<String, String> form : encodings(secret).entrySet()) {
            if (log.contains(form.getValue())) {
              found.add(form.getKey() + " of " + secret);
            }
          }
        }
        assertThat(found).as("secrets in the TRACE log").isEmpty();
        if (format.equals("json")) {
          List<String> wire = new ArrayList<>();
          for (String line : log.lines().filter(l -> l.startsWith("{")).toList()) {
            JsonNode entry = JSON.readTree(line);
            String logger = entry.path("loggerName").asText();
            String level = entry.path("level").asText();
            if ((level.equals("DEBUG") || level.equals("TRACE"))
                && WIRE_LOGGERS.stream().anyMatch(logger::startsWith)) {
              wire.add(level + " " + logger);
            }
          }
          assertThat(wire).as("wire loggers below INFO").isEmpty();
        }
      } finally {
        server.close();
      }
    }
  }

  /** Each form a log line could carry the secret in. */
  static Map<String, String> encodings(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    Map<String, String> forms = new LinkedHashMap<>();
    forms.put("plain", secret);
    forms.put("base64", Base64.getEncoder().withoutPadding().encodeToString(bytes));
    forms.put("base64url", Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    forms.put("hex", HexFormat.of().formatHex(bytes));
    forms.put("HEX", HexFormat.of().formatHex(bytes).toUpperCase(Locale.ROOT));
    forms.put("url-encoded", URLEncoder.encode(secret, StandardCharsets.UTF_8));
    forms.put("json-escaped", JSON.valueToTree(secret).toString().replace("\"", ""));
    forms.put("json-escaped slashes", secret.replace("/", "\\/"));
    return forms;
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void shop(CrudApiServer kube) {
    kube.client
        .resource(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata().build())
        .create();
    kube.client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("checkout-1")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/checkout:2.4.1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewContainerStatus()
                .withName("app")
                .withReady(true)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-12-07T17:00:00Z")
                .endRunning()
                .endState()
                .endContainerStatus()
                .endStatus()
                .build())
        .create();
    kube.client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .withType("Opaque")
                .addToData(
                    "password",
                    Base64.getEncoder()
                        .encodeToString(SECRET_VALUE.getBytes(StandardCharsets.UTF_8)))
                .build())
        .create();
  }

  private Path kubeconfig(CrudApiServer kube) throws Exception {
    String url = kube.client.getMasterUrl().toString().replaceAll("/$", "");
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: test
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        users:
        - name: test
          user:
            token: %s
        contexts:
        - name: test
          context:
            cluster: test
            user: test
            namespace: shop
        current-context: test
        """
            .formatted(url, KUBE_TOKEN));
    return file;
  }

  /** Serves the pod's log on any /log request (CRUD mode does not serve logs). */
  static final class LogServingDispatcher extends KubernetesMixedDispatcher {
    LogServingDispatcher(
        Map<
                io.fabric8.mockwebserver.ServerRequest,
                java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
            expectations) {
      super(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      if (request.getPath().contains("/pods/checkout-1/log")) {
        return new MockResponse()
            .setResponseCode(200)
            .setBody(
                "2026-12-07T17:00:00Z INFO starting checkout\n"
                    + "2026-12-07T17:00:01Z ERROR login failed for user shop password="
                    + LOG_PASSWORD
                    + "\n"
                    + "2026-12-07T17:00:01Z FATAL cannot reach the database\n");
      }
      return super.dispatch(request);
    }
  }
}
